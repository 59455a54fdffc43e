/**
 * A printable paper code: the QR, the masked name, the colour in words, the ID hint and the
 * expiry; everything else is hidden when printing.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { PaperCode } from '../../core/api/review.ts';
import { QrImage } from '../components/qr-image.tsx';
import { useI18n } from '../i18n/i18n.ts';

export function PaperCodeSheet({ code, onClose }: { code: PaperCode; onClose(): void }) {
  const { t, dateTime } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [code.cid]);
  const colour = t(`colour.${code.colour}`);
  return (
    <section class="panel paper-code" aria-labelledby="paper-title" data-testid="paper-code">
      <h2 id="paper-title" tabIndex={-1} ref={heading}>
        {t('review.paperTitle')}
      </h2>
      <p class="help no-print">{t('review.paperHelp')}</p>
      <div class={`paper-sheet paper-${code.colour}`}>
        <QrImage svg={code.svg} alt={t('review.paperQrAlt', { name: code.maskedName, colour })} />
        <dl>
          <dt>{t('review.paperName')}</dt>
          <dd class="paper-name">{code.maskedName}</dd>
          <dt>{t('review.paperColour')}</dt>
          <dd class="paper-colour">{colour}</dd>
          <dt>{t('review.paperHint')}</dt>
          <dd>{code.hint}</dd>
          <dt>{t('review.paperUntil')}</dt>
          <dd>{dateTime(code.expiresAt * 1000)}</dd>
        </dl>
      </div>
      <div class="actions no-print">
        <button type="button" onClick={() => print()}>
          {t('review.print')}
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          {t('review.closePaper')}
        </button>
      </div>
    </section>
  );
}
