/**
 * A person beside their application (issue 14): the status in force with its reason, who set
 * it, since and until (and the colour after); every earlier status, oldest first; their other
 * applications and unexpired codes. Shown on a duplicate so the reviewer sees the history
 * before approving, and on any card of a known person. Masked name only: the full name and ID
 * number are the application's.
 */
import type { PersonStatusView, PersonView } from '../../core/api/review.ts';
import { useI18n, type I18n } from '../i18n/i18n.ts';

/** An account by its display name; the first 8 characters of its id only when the server could not name it (the account is gone). */
const accountWords = (id: string, name: string | undefined) => name ?? id.slice(0, 8);

/** One status in words: "yellow — close contact (North Gate, 3 Dec 10:40); by a reviewer (Wang Fang), 3 Dec 11:02; until 17 Dec". */
export function statusWords({ t, dateTime }: Pick<I18n, 't' | 'dateTime'>, s: PersonStatusView): string {
  const parts = [t(`colour.${s.colour}`)];
  const why = s.reason ? t(`personReason.${s.reason}`) : t('personReason.none');
  const detail = s.detail ? ` (${s.detail.checkpointName}, ${dateTime(s.detail.at)})` : '';
  const text = s.reasonText ? `: ${s.reasonText}` : '';
  parts.push(`${why}${detail}${text}`);
  const who = s.setBy
    ? t('person.setBy', { source: t(`person.source.${sourceKey(s.source)}`), who: accountWords(s.setBy, s.setByName) })
    : t('person.byRule');
  parts.push(`${who}, ${dateTime(s.since)}`);
  if (s.confirmedBy) parts.push(t('person.confirmedBy', { who: accountWords(s.confirmedBy, s.confirmedByName) }));
  if (s.until !== undefined) parts.push(t('person.until', { until: dateTime(s.until * 1000) }));
  return parts.join(t('person.sep'));
}

const SOURCES = ['rule', 'review', 'bulk', 'trace', 'correction', 'duplicate'] as const;
function sourceKey(source: string): (typeof SOURCES)[number] {
  return (SOURCES as readonly string[]).includes(source) ? (source as (typeof SOURCES)[number]) : 'review';
}

export function PersonBeside({ person }: { person: PersonView }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  return (
    <section class="review-person" aria-label={t('person.title', { name: person.maskedName })} data-testid="person-beside">
      <p class="review-history-title">{t('person.title', { name: person.maskedName })}</p>
      <p data-testid="person-status">
        {t('person.now')} <strong class={`status-word status-${person.status.colour}`}>{statusWords(i18n, person.status)}</strong>
        {person.status.until !== undefined && ` ${t('person.then', { colour: t(`colour.${person.baseStatus.colour}`) })}`}
      </p>
      {person.history.length > 1 && (
        <details>
          <summary>{t('person.history', { count: person.history.length })}</summary>
          <ol>
            {person.history.map((s, i) => (
              <li key={i}>{statusWords(i18n, s)}</li>
            ))}
          </ol>
        </details>
      )}
      {person.applications.length > 1 && (
        <p>
          {t('person.applications')}{' '}
          {person.applications
            .map((a) =>
              t('person.application', {
                state: t(`review.state.${a.state}`),
                when: dateTime(a.submittedAt),
                dup: a.duplicate ? t('person.dupMark') : '',
              }),
            )
            .join(t('person.sep'))}
        </p>
      )}
      {person.codes.length > 0 && (
        <p>
          {t('person.codes')}{' '}
          {person.codes.map((c, i) => (
            <span key={c.cid}>
              {i > 0 && t('person.sep')}
              <code class="id">{c.cid}</code> {t(`person.kind.${c.kind}`)}, {t(`colour.${c.colour}`)}
              {c.revoked ? `, ${t('person.revoked')}` : ''}
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
