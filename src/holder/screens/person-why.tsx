/**
 * Why the person's code has its colour (issue 14): the reason in plain words, since when and
 * until when (then which colour returns), and for a close contact where and when. Shown from
 * the application as last read, so it is there offline too. Place names and a reviewer's
 * words are the issuer's text: isolated (<bdi>, dir="auto") so a Latin name keeps its order
 * in Arabic and no text reorders what follows it.
 */
import type { HolderStatus } from '../../core/api/holder.ts';
import type { I18n } from '../i18n/i18n.ts';

export function StatusWhy({ status, i18n }: { status: HolderStatus; i18n: I18n }) {
  const { t, dateTime } = i18n;
  const reason = status.reason ?? 'none';
  return (
    <section class="status-card why" aria-labelledby="why-title" data-testid="status-why" data-reason={reason}>
      <h2 id="why-title">{t('why.title', { colour: t(`colour.${status.colour}`) })}</h2>
      <p class="why-reason">{t(`why.reason.${reason}`)}</p>
      {status.detail ? (
        <p class="why-detail">
          <bdi>{status.detail.checkpointName}</bdi>
          {t('why.detailSep')}
          <span class="nowrap">{dateTime(status.detail.at)}</span>
        </p>
      ) : null}
      {status.reasonText ? (
        <blockquote class="reason" dir="auto">
          {status.reasonText}
        </blockquote>
      ) : null}
      <ul class="facts">
        <li>{t('why.since', { time: dateTime(status.since) })}</li>
        <li>
          {status.until !== undefined
            ? t('why.until', { time: dateTime(status.until * 1000), base: t(`colour.${status.baseColour}`) })
            : t('why.noEnd')}
        </li>
      </ul>
    </section>
  );
}
