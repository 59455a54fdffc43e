/**
 * Checkpoints: create one with its policy (operators), the list (refreshed after every
 * change), and for each an edit dialog and a one-time enrollment QR dialog, so the result of
 * either button appears where the administrator is looking.
 */
import { useState } from 'preact/hooks';
import type { AdminCheckpoint, EnrollmentQr } from '../../core/admin-protocol.ts';
import { api } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { QrImage } from '../components/qr-image.tsx';
import { useLoad } from '../components/use-load.ts';
import { DataTable } from '../components/data-table.tsx';
import { ListStatus } from '../components/list-status.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { RowAction } from '../components/row-action.tsx';
import { useSession } from '../session.ts';
import { CheckpointForm, HOUR } from './checkpoint-form.tsx';

/** The checkpoints section. */
export function CheckpointsScreen() {
  const { t, number } = useI18n();
  const { may } = useSession();
  const operate = may('operate');
  const list = useLoad(() => api.checkpoints(), []);
  const [notice, setNotice] = useState<{ key: 'checkpoints.created' | 'checkpoints.saved'; name: string } | null>(null);
  const [editing, setEditing] = useState<AdminCheckpoint | null>(null);
  const [enrolling, setEnrolling] = useState<AdminCheckpoint | null>(null);

  return (
    <>
      <h2>{t('checkpoints.title')}</h2>
      {operate && (
        <CheckpointForm
          idPrefix="create"
          title={t('checkpoints.create')}
          submitLabel={t('checkpoints.submit')}
          save={async (input) => (await api.createCheckpoint(input)).checkpoint}
          onSaved={(checkpoint) => {
            setNotice({ key: 'checkpoints.created', name: checkpoint.name });
            list.reload();
          }}
        />
      )}
      <div aria-live="polite">
        {notice && (
          <p class="notice" role="status">
            {t(notice.key, { name: notice.name })}
          </p>
        )}
      </div>
      <ErrorText error={list.error} />
      <ListStatus
        loading={list.loading}
        empty={list.data?.checkpoints.length === 0}
        emptyText={t(operate ? 'checkpoints.none' : 'checkpoints.noneReadOnly')}
      />
      {list.data && list.data.checkpoints.length > 0 && (
        <DataTable
          headings={[
            t('checkpoints.name'),
            t('checkpoints.site'),
            t('checkpoints.policy'),
            ...(operate ? [<span class="visually-hidden">{t('checkpoints.actions')}</span>] : []),
          ]}
        >
          {list.data.checkpoints.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{c.site}</td>
              <td>
                {t('checkpoints.policySummary', {
                  yellow: t(`checkpoints.yellow.${c.policy.yellow}`),
                  expired: t(`checkpoints.expiredTrust.${c.policy.expiredTrust}`),
                  warn: number(c.policy.warnAfter / HOUR),
                  stale: number(c.policy.staleAfter / HOUR),
                })}
              </td>
              {operate && (
                <td>
                  <span class="actions">
                    <RowAction
                      label={t('checkpoints.edit')}
                      name={t('checkpoints.editLabel', { name: c.name })}
                      onClick={() => setEditing(c)}
                    />
                    <RowAction
                      label={t('checkpoints.enrollButton')}
                      name={t('checkpoints.enroll', { name: c.name })}
                      onClick={() => setEnrolling(c)}
                    />
                  </span>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {editing && (
        <Dialog title={t('checkpoints.editTitle', { name: editing.name })} onClose={() => setEditing(null)} testId="edit-dialog">
          <CheckpointForm
            key={editing.id}
            idPrefix="edit"
            submitLabel={t('checkpoints.save')}
            initial={editing}
            save={async (input) => (await api.updateCheckpoint(editing.id, input)).checkpoint}
            onSaved={(saved) => {
              setEditing(null);
              setNotice({ key: 'checkpoints.saved', name: saved.name });
              list.reload();
            }}
            onCancel={() => setEditing(null)}
          />
        </Dialog>
      )}
      {enrolling && <EnrollmentDialog checkpoint={enrolling} onClose={() => setEnrolling(null)} />}
    </>
  );
}

/** Asks the server for a new one-time token when it opens; shows the QR, its text and when it expires. */
function EnrollmentDialog({ checkpoint, onClose }: { checkpoint: AdminCheckpoint; onClose(): void }) {
  const { t, dateTime } = useI18n();
  const offer = useLoad<EnrollmentQr>(() => api.enrollment(checkpoint.id), [checkpoint.id]);
  return (
    <Dialog title={t('checkpoints.enrollTitle', { name: checkpoint.name })} onClose={onClose} testId="enrollment">
      {offer.loading && <p aria-live="polite">{t('app.loading')}</p>}
      <ErrorText error={offer.error} />
      {offer.data && (
        <>
          <QrImage svg={offer.data.svg} alt={t('checkpoints.enrollAlt', { name: checkpoint.name })} />
          <p>{t('checkpoints.enrollHelp', { expires: dateTime(offer.data.expiresAt) })}</p>
          <label for="enroll-text">{t('checkpoints.enrollText')}</label>
          <textarea id="enroll-text" readOnly rows={3} value={offer.data.text} />
        </>
      )}
      <div class="actions dialog-actions">
        <button type="button" onClick={onClose} autofocus>
          {t('dialog.close')}
        </button>
      </div>
    </Dialog>
  );
}
