/**
 * The scan screen's one status line, in the guard's language: online or not, entries
 * waiting to upload (or kept on this device when it is not enrolled), when the server last
 * answered, how old the keys and status list are (ticking every second), and at most one
 * problem sentence with what to do. Raw errors are on the About screen only.
 */
import { Fragment } from 'preact';
import { useApp } from '../hooks/app-context.ts';
import { useNow } from '../hooks/use-now.ts';
import type { DataStateView } from '../services/ports.ts';
import { statusProblem } from './status-problem.ts';

export function SyncIndicator({ state }: { state: DataStateView }) {
  const { i18n } = useApp();
  const nowMs = useNow(1000);
  // As core's freshness counts it: from the later of issued and last confirmed by the server.
  const ageOf = (issuedAt: number | null | undefined, checkedAt: number | null | undefined) =>
    issuedAt == null ? null : Math.max(0, nowMs / 1000 - Math.max(issuedAt, checkedAt ?? 0));
  const trustAge = ageOf(state.trust?.issuedAt, state.trust?.checkedAt);
  const statusAge = ageOf(state.status?.issuedAt, state.status?.checkedAt);
  const entries = state.enrolled
    ? state.pendingEntries > 0
      ? i18n.plural('sync.pending', state.pendingEntries)
      : i18n.t('sync.allSent')
    : state.pendingEntries > 0
      ? i18n.plural('sync.kept', state.pendingEntries)
      : i18n.t('sync.keptNone');
  // Online only when the server answered: the browser's "online" says nothing about our server.
  const reachable = serverAnswers(state);
  const main = [
    i18n.t(reachable ? 'sync.online' : state.online ? 'sync.noServer' : 'sync.offline'),
    entries,
    // Uploads only happen once enrolled: an unenrolled device has no "last sync" to speak of.
    ...(state.enrolled
      ? [state.lastSyncOk ? i18n.t('sync.lastOk', { ago: i18n.ago((nowMs - state.lastSyncOk) / 1000) }) : i18n.t('sync.never')]
      : []),
  ];
  const ages = [
    trustAge !== null ? i18n.t('data.keysUpdated', { ago: i18n.ago(trustAge) }) : null,
    statusAge !== null ? i18n.t('data.statusUpdated', { ago: i18n.ago(statusAge) }) : state.hasTrust ? i18n.t('data.noStatus') : null,
  ].filter((x): x is string => x !== null);
  const problem = statusProblem(state);
  return (
    <div class="sync" data-sync={reachable ? 'online' : 'offline'} data-problem={problem ?? undefined}>
      <p data-line="main">
        <span class={`dot ${reachable ? 'dot-on' : 'dot-off'}`} aria-hidden="true" />
        <Parts items={main} />
      </p>
      {ages.length > 0 && (
        <p data-ages="">
          <Parts items={ages} />
        </p>
      )}
      {problem && (
        <p class="sync-problem" role="status">
          <span aria-hidden="true">⚠ </span>
          {i18n.t(problem)}
        </p>
      )}
    </div>
  );
}

/** True when the browser is online and the server answered the latest sync (no "cannot reach" or server error since). */
export function serverAnswers(state: DataStateView): boolean {
  return state.online && state.lastSyncOk !== null && state.syncProblem !== 'unreachable' && state.syncProblem !== 'server_error';
}

/** Parts joined by " · ", each kept on one line (no lone 刚 or "ago" wrapping on its own). */
function Parts({ items }: { items: string[] }) {
  return (
    <>
      {items.map((item, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          <span class="nowrap">{item}</span>
        </Fragment>
      ))}
    </>
  );
}
