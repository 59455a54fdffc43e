/** The latest published status batches: when, who, how many codes, and undo (operators). */
import { useState } from 'preact/hooks';
import type { StatusBatch } from '../../core/api/admin-status.ts';
import { api } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { useLoad } from '../components/use-load.ts';
import { DataTable } from '../components/data-table.tsx';
import { ListStatus } from '../components/list-status.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { LiveNotice } from '../components/live-notice.tsx';
import { useSession } from '../session.ts';

export function StatusBatches({ round, onChanged }: { round: number; onChanged(): void }) {
  const { t, number, plural, dateTime } = useI18n();
  const { may } = useSession();
  const batches = useLoad(() => api.batches(), [round]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const undo = async (batch: StatusBatch) => {
    setError(null);
    try {
      const done = await api.undoBatch(batch.id);
      setNotice(t('status.undone', { count: number(done.changed), seq: number(done.to) }));
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="batches-title">
      <h2 id="batches-title">{t('status.batchesTitle')}</h2>
      <LiveNotice text={notice} />
      <ErrorText error={batches.error ?? error} />
      <ListStatus loading={batches.loading} empty={batches.data?.batches.length === 0} emptyText={t('status.noBatches')} />
      {batches.data && batches.data.batches.length > 0 && (
        <DataTable
          testId="batches"
          headings={[
            t('status.when'),
            t('status.who'),
            t('status.codes'),
            t('status.versions'),
            t('status.state'),
            ...(may('operate') ? [<span class="visually-hidden">{t('checkpoints.actions')}</span>] : []),
          ]}
        >
          {batches.data.batches.map((b) => (
            <tr key={b.id}>
              <td class="nowrap">{dateTime(b.atMs)}</td>
              <td>{b.accountName}</td>
              <td>{number(b.count)}</td>
              <td class="nowrap">
                {number(b.fromSeq)} → {number(b.toSeq)}
              </td>
              <td>{b.undoOf ? t('status.isUndo') : b.undoneBy ? t('status.wasUndone') : t('status.inForce')}</td>
              {may('operate') && (
                <td>
                  {!b.undoOf && !b.undoneBy && (
                    <button
                      type="button"
                      class="secondary"
                      aria-label={plural('status.undoLabel', b.count, { when: dateTime(b.atMs) })}
                      onClick={() => undo(b)}
                    >
                      {t('status.undo')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
