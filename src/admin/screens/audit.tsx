/** The audit log (admins only): who did what, when, to what and from where, newest first, page by page; the whole log as CSV. */
import { useState } from 'preact/hooks';
import type { AuditRow } from '../../core/api/admin-accounts.ts';
import { api, AUDIT_CSV_URL } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { useI18n } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';
import { en } from '../i18n/en.ts';

/** Details as short "key: value" text (ids, counts, statuses; never names). */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

export function AuditScreen() {
  const { t, dateTime } = useI18n();
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
  const action = (name: string) => (`audit.action.${name}` in en ? t(`audit.action.${name}` as MessageKey) : name);
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
      {rows.length > 0 && (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="audit">
            <caption class="visually-hidden">{t('audit.caption')}</caption>
            <TableHead headings={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.target'), t('audit.details'), t('audit.from')]} />
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td class="nowrap">{dateTime(r.atMs)}</td>
                  <td>
                    <code class="id">{r.accountName}</code>
                  </td>
                  <td>{action(r.action)}</td>
                  <td>
                    <code class="id">{r.target}</code>
                  </td>
                  <td class="details">{detailsText(r.details)}</td>
                  <td>
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
