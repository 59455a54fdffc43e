/** The audit log (admins only): who did what, when, to what and from where, newest first, page by page; the whole log as CSV. */
import { useState } from 'preact/hooks';
import type { AuditRow } from '../../core/api/admin-accounts.ts';
import { api, AUDIT_CSV_URL } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { ListStatus } from '../components/list-status.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { auditDetails, auditTarget } from './audit-details.ts';
import './audit.css';

/** Details as short "key: value" text (ids, counts, statuses; never names). */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

export function AuditScreen() {
  const i18n = useI18n();
  const { t, has, dateTime } = i18n;
  const first = useLoad(() => api.audit(null), []);
  const [later, setLater] = useState<{ rows: AuditRow[]; next: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rows = [...(first.data?.rows ?? []), ...(later?.rows ?? [])];
  const next = later ? later.next : (first.data?.next ?? null);
  const more = async () => {
    setError(null);
    try {
      const page = await api.audit(next);
      setLater({ rows: [...(later?.rows ?? []), ...page.rows], next: page.next });
    } catch (failure) {
      setError(failure);
    }
  };
  const action = (name: string) => {
    const key = `audit.action.${name}`;
    return has(key) ? t(key) : name;
  };
  return (
    <>
      <h2>{t('audit.title')}</h2>
      <p class="help">{t('audit.help')}</p>
      <p>
        <a class="button secondary" href={AUDIT_CSV_URL} download>
          {t('audit.export')}
        </a>
      </p>
      <ErrorText error={first.error ?? error} />
      <ListStatus loading={first.loading} empty={first.data?.rows.length === 0} emptyText={t('audit.none')} />
      {rows.length > 0 && (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="audit" class="audit-table">
            <caption class="visually-hidden">{t('audit.caption')}</caption>
            <TableHead
              headings={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.target'), t('audit.details'), t('audit.from')]}
            />
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td class="nowrap" data-label={t('audit.when')}>
                    {dateTime(r.atMs)}
                  </td>
                  <td data-label={t('audit.who')}>
                    <code class="id">{r.accountName}</code>
                  </td>
                  <td data-label={t('audit.what')}>{action(r.action)}</td>
                  <td data-label={t('audit.target')}>{auditTarget(t, r)}</td>
                  <td class="details" data-label={t('audit.details')}>
                    {(auditDetails(i18n, r.action, r.details) ?? detailsText(r.details)) || null}
                  </td>
                  <td data-label={t('audit.from')}>
                    <code class="id">{r.client}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="secondary" onClick={more}>
          {t('entries.more')}
        </button>
      )}
    </>
  );
}
