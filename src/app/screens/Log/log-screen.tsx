/** The entry log: today's counts by result, a searchable list, CSV export. Never a name: entries have none. */
import { useEffect, useState } from 'preact/hooks';
import type { EntryCounts, EntryRecord } from '../../services/ports.ts';
import { useApp } from '../../hooks/app-context.ts';
import { useDataState, useFlowState } from '../../hooks/use-app-state.ts';
import { effectiveDecision } from '../../../core/decision.ts';

function startOfToday(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

/** Counts, search box, list and export. Reloads when a new scan finished. */
export function LogScreen() {
  const { i18n, services } = useApp();
  // A reason from the list has words; any other text is shown as stored.
  const overrideReason = (reason: string) => {
    const key = `override.reason.${reason}`;
    return i18n.has(key) ? i18n.t(key) : reason;
  };
  const flow = useFlowState();
  const data = useDataState();
  const [search, setSearch] = useState('');
  const [entries, setEntries] = useState<EntryRecord[] | null>(null);
  const [counts, setCounts] = useState<EntryCounts | null>(null);

  useEffect(() => {
    let live = true;
    const from = startOfToday();
    // A short debounce: searching on every keystroke over thousands of entries stutters.
    const id = setTimeout(() => {
      void Promise.all([services.log.list({ search, limit: 200 }), services.log.counts(from, from + 86_400_000)]).then(([list, today]) => {
        if (!live) return;
        setEntries(list);
        setCounts(today);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(id);
    };
  }, [search, flow.kind, services]);

  const exportCsv = async () => {
    const all = await services.log.list({ search, limit: Infinity });
    const blob = new Blob([services.log.csv(all)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement('a'), {
      href: url,
      download: `gatecheck-entries-${new Date().toISOString().slice(0, 10)}.csv`,
    });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section class="screen page" aria-labelledby="log-title">
      <h1 id="log-title">{i18n.t('log.title')}</h1>
      <h2>{i18n.t('log.today')}</h2>
      <ul class="counts" data-testid="counts">
        {(['admit', 'refuse', 'refer'] as const).map((d) => (
          <li key={d} class={`count count-${d}`} data-count={d}>
            <span class="count-value">{i18n.number(counts?.[d] ?? 0)}</span>
            <span>{i18n.t(`decision.${d}.short`)}</span>
          </li>
        ))}
        <li class="count" data-count="overridden">
          <span class="count-value">{i18n.number(counts?.overridden ?? 0)}</span>
          <span>{i18n.t('log.overridden')}</span>
        </li>
        <li class="count" data-count="total">
          <span class="count-value">{i18n.number(counts?.total ?? 0)}</span>
          <span>{i18n.t('log.total')}</span>
        </li>
      </ul>
      <div class="row">
        <label class="field grow">
          <span>{i18n.t('log.search')}</span>
          <input
            type="search"
            value={search}
            placeholder={i18n.t('log.searchPlaceholder')}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="button" class="button" onClick={() => void exportCsv()}>
          {i18n.t('log.export')}
        </button>
      </div>
      {entries && entries.length === 0 && <p>{i18n.t('log.empty')}</p>}
      {entries && entries.length > 0 && (
        <>
          <p class="muted" role="status">
            {i18n.plural('log.shown', entries.length)}
          </p>
          <ul class="entries" data-testid="entries">
            {entries.map((e) => {
              const standing = effectiveDecision(e);
              return (
                <li
                  key={e.id}
                  class={`entry entry-${standing}`}
                  data-reason={e.reason}
                  data-decision={standing}
                  data-verified={e.override ? e.decision : undefined}
                >
                  <span class="entry-time">{i18n.dateTime(e.time)}</span>
                  <strong>{i18n.t(`decision.${standing}.short`)}</strong>
                  <span>{i18n.t(`reason.${e.reason}`)}</span>
                  <span class="muted">
                    {e.checkpoint && `${e.checkpoint} · `}
                    {i18n.t(`log.direction.${e.direction}`)}
                    {' · '}
                    {/* A device that is not enrolled never uploads: its entries are kept, not waiting. */}
                    {i18n.t(e.synced ? 'log.synced' : data.enrolled ? 'log.unsynced' : 'log.kept')}
                  </span>
                  {e.override && (
                    <span>
                      {i18n.t('verdict.overridden', {
                        decision: i18n.t(`decision.${e.override.decision}.short`),
                        reason: e.override.note
                          ? `${overrideReason(e.override.reason)}: ${e.override.note}`
                          : overrideReason(e.override.reason),
                      })}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
