/** The scan screen's data-age banner: no trust data, warning, strong warning, or nothing. */
import { useApp } from '../hooks/app-context.ts';
import type { DataAgeSummary } from './data-age.ts';
import type { DataStateView } from '../services/ports.ts';

/** Says plainly when codes cannot be checked yet, and when the data is getting old. */
export function DataBanner({ age, state }: { age: DataAgeSummary; state: DataStateView }) {
  const { i18n } = useApp();
  const progress = state.snapshotProgress;
  const progressText = !progress
    ? null
    : progress.building !== undefined
      ? i18n.t('data.building', { percent: new Intl.NumberFormat(i18n.lang, { style: 'percent' }).format(progress.building) })
      : i18n.t('data.snapshotProgress', { have: progress.have, parts: progress.parts });
  if (age.level === 'none') {
    // Says why, in words that agree with the status line below (offline, a problem it names, or none published).
    const why = !state.online
      ? 'data.none'
      : state.syncProblem || state.problem
        ? 'data.noneWaiting'
        : state.lastSyncOk !== null
          ? 'data.noneUnpublished'
          : 'data.noneLoading';
    return (
      <div class="banner banner-stale" role="status" data-banner="no-trust" data-why={why}>
        <p>{i18n.t(why)}</p>
        {progressText && <p>{progressText}</p>}
      </div>
    );
  }
  if (age.level === 'fresh' && !age.trustExpired)
    return progressText ? (
      <div class="banner banner-info" role="status">
        {progressText}
      </div>
    ) : null;
  const text = age.level === 'stale' ? 'data.stale' : 'data.warn';
  return (
    <div
      class={`banner ${age.level === 'stale' || age.trustExpired ? 'banner-stale' : 'banner-warn'}`}
      role="status"
      data-banner={age.level}
    >
      {age.level !== 'fresh' && <p>{i18n.t(text, { age: i18n.duration(age.worstAgeSeconds ?? 0) })}</p>}
      {age.trustExpired && <p>{i18n.t('data.expired')}</p>}
      {progressText && <p>{progressText}</p>}
    </div>
  );
}
