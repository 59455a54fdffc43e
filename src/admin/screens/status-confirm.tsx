/**
 * The confirmation every status change goes through, one code or thousands: what the server
 * found (current and new status, how many codes it knows, how many would not change) and how
 * many enrolled scanners will receive the delta; then the published result in the same
 * dialog, with an undo.
 */
import { useState } from 'preact/hooks';
import type { StatusChange, StatusChangeResponse, StatusPreview } from '../../core/api/admin-status.ts';
import type { ListedStatus } from '../../core/reasons.ts';
import type { StatusCsv } from '../../core/status-csv.ts';
import { api } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useI18n } from '../i18n/i18n.ts';

/** A sentence with the code id set as an unbreakable monospace id. */
function withId(sentence: string, id: string) {
  const [before, ...after] = sentence.split(id);
  return after.length === 0 ? (
    sentence
  ) : (
    <>
      {before}
      <code class="id">{id}</code>
      {after.join(id)}
    </>
  );
}

/** How many left-out lines the dialog names one by one; the rest are counted. */
const SKIPPED_SHOWN = 20;

export function StatusConfirmDialog({
  changes,
  preview,
  skipped = [],
  onClose,
}: {
  changes: StatusChange[];
  preview: StatusPreview;
  /** Lines of a pasted or uploaded list that could not be read: not sent, named here so nobody thinks they were. */
  skipped?: StatusCsv['problems'];
  onClose(published: boolean): void;
}) {
  const { t, number, plural, dateTime } = useI18n();
  const [result, setResult] = useState<StatusChangeResponse | null>(null);
  const [undone, setUndone] = useState<StatusChangeResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const single = preview.total === 1 ? preview.sample[0]! : null;
  const status = (s: ListedStatus | null) => (s ? t(`colour.${s}`) : t('status.printed'));
  const short = (s: ListedStatus | null) => (s ? t(`colour.${s}`) : t('status.printedShort'));
  const work = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const publish = () => work(async () => setResult(await api.changeStatus(changes)));
  const undo = () => work(async () => setUndone(await api.undoBatch(result!.batchId!)));
  const willChange = preview.found + preview.unknown;

  return (
    <Dialog
      title={t(result ? 'status.publishedTitle' : 'status.confirmTitle')}
      onClose={() => onClose(result !== null)}
      testId="status-confirm"
      wide
    >
      {!result && (
        <>
          {single ? (
            <p data-testid="status-question">
              {withId(
                t('status.confirmOne', {
                  cid: single.cid,
                  current: status(single.current),
                  status: status(single.status),
                  scanners: number(preview.scanners),
                }),
                single.cid,
              )}
              {single.until !== null && ` ${t('status.untilNote', { until: dateTime(single.until * 1000) })}`}
            </p>
          ) : (
            <p data-testid="status-question">{plural('status.confirmMany', willChange, { scanners: number(preview.scanners) })}</p>
          )}
          <dl class="tiles" data-testid="status-preview">
            <div class="tile">
              <dt>{t('status.found')}</dt>
              <dd>{number(preview.found)}</dd>
            </div>
            <div class="tile">
              <dt>{t('status.unknown')}</dt>
              <dd>{number(preview.unknown)}</dd>
            </div>
            <div class="tile">
              <dt>{t('status.unchanged')}</dt>
              <dd>{number(preview.unchanged)}</dd>
            </div>
            <div class="tile">
              <dt>{t('status.scanners')}</dt>
              <dd>{number(preview.scanners)}</dd>
            </div>
          </dl>
          {preview.unknown > 0 && <p class="help">{t('status.unknownHelp')}</p>}
          {preview.refused.length > 0 && (
            <div class="notice notice-error" data-testid="status-refused">
              <p>{t('status.refused', { count: number(preview.refused.length) })}</p>
              <ul class="problems">
                {preview.refused.slice(0, SKIPPED_SHOWN).map((line) => (
                  <li key={line.cid}>
                    <code class="id">{line.cid}</code> {t(`status.refused.${line.why}`)}
                  </li>
                ))}
              </ul>
              {preview.refused.length > SKIPPED_SHOWN && (
                <p>{t('status.skippedMore', { count: number(preview.refused.length - SKIPPED_SHOWN) })}</p>
              )}
            </div>
          )}
          {preview.needsSecondReviewer && <p class="notice">{t('status.needsSecondReviewer', { persons: number(preview.persons) })}</p>}
          {skipped.length > 0 && (
            <div class="notice notice-error" data-testid="status-skipped">
              <p>{t('status.skipped', { count: number(skipped.length) })}</p>
              <ul class="problems">
                {skipped.slice(0, SKIPPED_SHOWN).map((p) => (
                  <li key={p.line}>
                    {t('bulk.problemLine', { line: p.line, problem: t(`bulk.problem.${p.problem}`) })} <code class="id">{p.text}</code>
                  </li>
                ))}
              </ul>
              {skipped.length > SKIPPED_SHOWN && <p>{t('status.skippedMore', { count: number(skipped.length - SKIPPED_SHOWN) })}</p>}
            </div>
          )}
          {!single && (
            <div class="table-wrap" tabIndex={0}>
              <table>
                <caption>{t('status.sample', { shown: number(preview.sample.length), total: number(preview.total) })}</caption>
                <TableHead headings={[t('codes.cid'), t('status.current'), t('codes.status'), t('codes.until')]} />
                <tbody>
                  {preview.sample.map((row) => (
                    <tr key={row.cid}>
                      <td>
                        <code class="id">{row.cid}</code>
                      </td>
                      <td>{short(row.current)}</td>
                      <td>{short(row.status)}</td>
                      <td>{row.until === null ? '' : dateTime(row.until * 1000)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ErrorText error={error} />
          <div class="actions dialog-actions">
            <button type="button" onClick={publish} disabled={busy || willChange === 0}>
              {willChange === 0
                ? t('status.nothingToPublish')
                : willChange === 1
                  ? t('status.publishOne')
                  : plural('status.publish', willChange)}
            </button>
            <button type="button" class="secondary" onClick={() => onClose(false)}>
              {t('status.cancel')}
            </button>
          </div>
        </>
      )}
      {result && (
        <div aria-live="polite" data-testid="status-result">
          <p class="notice" role="status">
            {result.changed === 0
              ? t('status.noneChanged')
              : t('status.published', { count: number(result.changed), seq: number(result.to) })}
          </p>
          {result.proposalId && <p class="notice">{t('status.waitsForSecond')}</p>}
          {(result.refused ?? []).length > 0 && (
            <p class="notice notice-error">{t('status.refused', { count: number(result.refused?.length ?? 0) })}</p>
          )}
          {undone && (
            <p class="notice" role="status">
              {t('status.undone', { count: number(undone.changed), seq: number(undone.to) })}
            </p>
          )}
          <ErrorText error={error} />
          <div class="actions dialog-actions">
            {result.batchId && !undone && (
              <button type="button" class="secondary" onClick={undo} disabled={busy}>
                {t('status.undo')}
              </button>
            )}
            <button type="button" onClick={() => onClose(true)} autofocus>
              {t('dialog.close')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
