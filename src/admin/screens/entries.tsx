/** Entries: filters, the matching scans newest first (page by page), and the CSV export. */
import { useEffect, useState } from 'preact/hooks';
import type { AdminEntry, EntryFilter } from '../../core/admin-protocol.ts';
import type { Decision } from '../../core/policy.ts';
import { REASONS, type Reason } from '../../core/reasons.ts';
import { api, entriesCsvUrl } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.ts';

const DECISIONS: Decision[] = ['admit', 'refuse', 'refer'];

/** Form values as typed (datetime-local text), turned into a filter on submit. */
interface Draft {
  checkpoint: string;
  decision: string;
  reason: string;
  overridden: string;
  from: string;
  to: string;
  cid: string;
}
const EMPTY: Draft = { checkpoint: '', decision: '', reason: '', overridden: '', from: '', to: '', cid: '' };

function filterOf(draft: Draft): EntryFilter {
  const time = (text: string) => (text ? new Date(text).getTime() : undefined);
  return {
    checkpoint: draft.checkpoint || undefined,
    decision: (draft.decision || undefined) as Decision | undefined,
    reason: (draft.reason || undefined) as Reason | undefined,
    overridden: draft.overridden === '' ? undefined : draft.overridden === 'true',
    from: time(draft.from),
    to: time(draft.to),
    cid: draft.cid.trim() || undefined,
  };
}

/** The entries section. */
export function EntriesScreen() {
  const { t, number } = useI18n();
  const checkpoints = useLoad(() => api.checkpoints(), []);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filter, setFilter] = useState<EntryFilter>({});
  const first = useLoad(() => api.entries(filter, null), [filter]);
  const [rows, setRows] = useState<AdminEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);

  useEffect(() => {
    setRows(first.data?.entries ?? []);
    setNext(first.data?.next ?? null);
  }, [first.data]);

  const set = (field: keyof Draft) => (event: Event) => setDraft({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });
  const more = async () => {
    setMoreError(null);
    try {
      const page = await api.entries(filter, next);
      setRows([...rows, ...page.entries]);
      setNext(page.next);
    } catch (failure) {
      setMoreError(failure);
    }
  };

  return (
    <>
      <h2>{t('entries.title')}</h2>
      <form
        class="panel"
        aria-label={t('entries.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setFilter(filterOf(draft));
        }}
      >
        <div class="fields">
          <label>
            {t('entries.checkpoint')}
            <select name="checkpoint" value={draft.checkpoint} onChange={set('checkpoint')}>
              <option value="">{t('entries.any')}</option>
              {checkpoints.data?.checkpoints.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('entries.decision')}
            <select name="decision" value={draft.decision} onChange={set('decision')}>
              <option value="">{t('entries.any')}</option>
              {DECISIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`decision.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('entries.reason')}
            <select name="reason" value={draft.reason} onChange={set('reason')}>
              <option value="">{t('entries.any')}</option>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reason.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('entries.overridden')}
            <select name="overridden" value={draft.overridden} onChange={set('overridden')}>
              <option value="">{t('entries.any')}</option>
              <option value="true">{t('entries.overridden.true')}</option>
              <option value="false">{t('entries.overridden.false')}</option>
            </select>
          </label>
          <label>
            {t('entries.from')}
            <input name="from" type="datetime-local" value={draft.from} onInput={set('from')} />
          </label>
          <label>
            {t('entries.to')}
            <input name="to" type="datetime-local" value={draft.to} onInput={set('to')} />
          </label>
          <label>
            {t('entries.cid')}
            <input name="cid" spellcheck={false} autoComplete="off" pattern="[A-Za-z0-9_\-]{22}" value={draft.cid} onInput={set('cid')} />
          </label>
        </div>
        <div class="actions">
          <button type="submit">{t('entries.apply')}</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft(EMPTY);
              setFilter({});
            }}
          >
            {t('entries.reset')}
          </button>
          <a class="button secondary" href={entriesCsvUrl(filter)} download>
            {t('entries.export')}
          </a>
        </div>
      </form>
      <ErrorText error={first.error ?? moreError} />
      {first.data && (
        <p role="status" data-testid="entries-count">
          {t('entries.count', { count: number(first.data.total) })}
        </p>
      )}
      {first.data && rows.length === 0 && <p>{t('entries.none')}</p>}
      {rows.length > 0 && <EntriesTable rows={rows} />}
      {next && (
        <button type="button" class="secondary" onClick={more}>
          {t('entries.more')}
        </button>
      )}
    </>
  );
}

function EntriesTable({ rows }: { rows: AdminEntry[] }) {
  const { t, dateTime } = useI18n();
  return (
    <div class="table-wrap">
      <table data-testid="entries">
        <caption class="visually-hidden">{t('entries.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('entries.time')}</th>
            <th scope="col">{t('entries.checkpoint')}</th>
            <th scope="col">{t('entries.device')}</th>
            <th scope="col">{t('entries.direction')}</th>
            <th scope="col">{t('entries.result')}</th>
            <th scope="col">{t('entries.override')}</th>
            <th scope="col">{t('entries.code')}</th>
            <th scope="col">{t('entries.clockNote')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.time)}</td>
              <td>{e.checkpointName ?? e.checkpointLabel}</td>
              <td>{e.deviceName ?? ''}</td>
              <td>{t(`entries.${e.direction}`)}</td>
              <td>
                <span class={`decision decision-${e.decision}`}>{t(`decision.${e.decision}`)}</span> · {t(`reason.${e.reason}`)}
              </td>
              <td>{e.override ? t('entries.overrideText', { decision: t(`decision.${e.override.decision}`), reason: e.override.reason, when: dateTime(e.override.at) }) : ''}</td>
              <td>
                <code>{e.cid ?? ''}</code>
              </td>
              <td>{e.clockNote ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
