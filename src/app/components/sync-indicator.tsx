/** The sync line on the scan screen: online or not, entries waiting, last success, clock trouble. */
import { useApp } from '../hooks/app-context.ts';
import type { DataStateView } from '../services/ports.ts';
import type { DataAgeSummary } from './data-age.ts';

/** A compact status line (network, entries waiting, last sync, data ages); the clock warning is a banner of its own. */
export function SyncIndicator({ state, age, nowMs }: { state: DataStateView; age: DataAgeSummary; nowMs: number }) {
  const { i18n } = useApp();
  const ages = [
    age.trustAgeSeconds !== null ? i18n.t('data.keysUpdated', { ago: i18n.ago(age.trustAgeSeconds) }) : null,
    age.statusAgeSeconds !== null ? i18n.t('data.statusUpdated', { ago: i18n.ago(age.statusAgeSeconds) }) : state.hasTrust ? i18n.t('data.noStatus') : null,
  ].filter((x): x is string => x !== null);
  const parts = [
    i18n.t(state.online ? 'sync.online' : 'sync.offline'),
    state.enrolled
      ? state.pendingEntries > 0
        ? i18n.t('sync.pending', { count: i18n.number(state.pendingEntries) })
        : i18n.t('sync.allSent')
      : i18n.t('sync.notEnrolled'),
    state.lastSyncOk ? i18n.t('sync.lastOk', { ago: i18n.ago((nowMs - state.lastSyncOk) / 1000) }) : i18n.t('sync.never'),
  ];
  return (
    <div class="sync" data-sync={state.online ? 'online' : 'offline'}>
      <p>
        <span class={`dot ${state.online ? 'dot-on' : 'dot-off'}`} aria-hidden="true" />
        {parts.join(' · ')}
      </p>
      {ages.length > 0 && <p data-ages="">{ages.join(' · ')}</p>}
      {state.lastSyncError && <p class="sync-error">{i18n.t('sync.error', { error: state.lastSyncError })}</p>}
      {state.clockWarning && (
        <p class="banner banner-warn" role="status">
          {i18n.t(state.clockWarning === 'skewed' ? 'clock.skewed' : 'clock.went_backwards')}
        </p>
      )}
    </div>
  );
}
