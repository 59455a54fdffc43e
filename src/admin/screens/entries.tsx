/** Entries: filters, the matching scans newest first (page by page), and the CSV export. */
import { checkpointName } from '../components/checkpoint-name.ts';
import { useState } from 'preact/hooks';
import type { AdminEntry, EntriesPage, EntryFilter } from '../../core/admin-protocol.ts';
import type { Decision } from '../../core/policy.ts';
import { REASONS, type Reason } from '../../core/reasons.ts';
import { isOverrideReason } from '../../core/override-reasons.ts';
import { api, entriesCsvUrl } from '../api/client.ts';
import { AuthorityField } from '../components/authority-field.tsx';
import { DeviceLabel } from '../components/device-label.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { ListStatus } from '../components/list-status.tsx';
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
  authority: string;
}
const EMPTY: Draft = { checkpoint: '', decision: '', reason: '', overridden: '', from: '', to: '', cid: '', authority: '' };

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
    authority: draft.authority || undefined,
  };
}

/** The entries section. */
export function EntriesScreen() {
  const { t, plural } = useI18n();
  const checkpoints = useLoad(() => api.checkpoints(), []);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filter, setFilter] = useState<EntryFilter>({});
  const first = useLoad(() => api.entries(filter, null), [filter]);
  // Later pages belong to the first page they follow; derived in render (not copied in an
  // effect) so a new filter's count never shows above the previous filter's rows.
  const [later, setLater] = useState<{ after: EntriesPage; rows: AdminEntry[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const { rows, next } =
    first.data && later?.after === first.data ? later : { rows: first.data?.entries ?? [], next: first.data?.next ?? null };

  const set = (field: keyof Draft) => (text: string) => setDraft({ ...draft, [field]: text });
  const any = ['', t('entries.any')] as const;
  const more = async () => {
    setMoreError(null);
    try {
      const page = await api.entries(filter, next);
      if (first.data) setLater({ after: first.data, rows: [...rows, ...page.entries], next: page.next });
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
          <SelectField
            label={t('entries.checkpoint')}
            name="checkpoint"
            value={draft.checkpoint}
            onChange={set('checkpoint')}
            options={[any, ...(checkpoints.data?.checkpoints.map((c) => [c.id, c.site ? `${c.name} · ${c.site}` : c.name] as const) ?? [])]}
          />
          <SelectField
            label={t('entries.decision')}
            name="decision"
            value={draft.decision}
            onChange={set('decision')}
            options={[any, ...DECISIONS.map((d) => [d, t(`decision.${d}`)] as const)]}
          />
          <SelectField
            label={t('entries.reason')}
            name="reason"
            value={draft.reason}
            onChange={set('reason')}
            options={[any, ...REASONS.map((r) => [r, t(`reason.${r}`)] as const)]}
          />
          <SelectField
            label={t('entries.overridden')}
            name="overridden"
            value={draft.overridden}
            onChange={set('overridden')}
            options={[any, ['true', t('entries.overridden.true')], ['false', t('entries.overridden.false')]]}
          />
          <AuthorityField value={draft.authority} onChange={set('authority')} />
          <InputField label={t('entries.from')} name="from" type="datetime-local" value={draft.from} onText={set('from')} />
          <InputField label={t('entries.to')} name="to" type="datetime-local" value={draft.to} onText={set('to')} />
          <InputField
            label={t('entries.cid')}
            name="cid"
            spellcheck={false}
            autoComplete="off"
            pattern="[A-Za-z0-9_\-]{22}"
            class="mono"
            value={draft.cid}
            onText={set('cid')}
          />
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
      {first.data && !first.loading && (
        <p role="status" data-testid="entries-count">
          {plural('entries.count', first.data.total)}
        </p>
      )}
      <ListStatus loading={first.loading} empty={first.data !== null && rows.length === 0} emptyText={t('entries.none')} />
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
    <div class="table-wrap" tabIndex={0}>
      <table data-testid="entries">
        <caption class="visually-hidden">{t('entries.caption')}</caption>
        <TableHead
          headings={[
            t('entries.time'),
            t('entries.checkpoint'),
            t('entries.device'),
            t('entries.direction'),
            t('entries.result'),
            t('entries.override'),
            t('entries.code'),
            t('entries.clockNote'),
          ]}
        />
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td class="nowrap">{dateTime(e.time)}</td>
              <td>
                {e.checkpointId === null ? checkpointName(t, null, null) : (e.checkpointName ?? e.checkpointLabel)}
                {e.checkpointName !== null && e.checkpointLabel && e.checkpointLabel !== e.checkpointName && (
                  <span class="muted"> ({t('entries.labelAtScan', { label: e.checkpointLabel })})</span>
                )}
              </td>
              <td>
                <DeviceLabel id={e.deviceId} name={e.deviceName} />
              </td>
              <td>{t(`entries.${e.direction}`)}</td>
              <td>
                <span class={`decision decision-${e.decision}`}>{t(`decision.${e.decision}`)}</span> · {t(`reason.${e.reason}`)}
              </td>
              <td>
                {e.override
                  ? t('entries.overrideText', {
                      decision: t(`decision.${e.override.decision}`),
                      reason:
                        (isOverrideReason(e.override.reason) ? t(`overrideReason.${e.override.reason}`) : e.override.reason) +
                        (e.override.note ? `: ${e.override.note}` : ''),
                      when: dateTime(e.override.at),
                    })
                  : ''}
              </td>
              <td>{e.cid ? <code class="id">{e.cid}</code> : <span class="muted">{t('entries.noCid')}</span>}</td>
              <td>{e.clockNote ? e.clockNote : <span class="muted">{t('entries.clockOk')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
