/** Checkpoints: create one with its policy, list them, edit one, show a one-time enrollment QR. */
import { useEffect, useState } from 'preact/hooks';
import type { AdminCheckpoint, EnrollmentQr } from '../../core/admin-protocol.ts';
import { api } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { QrImage } from '../components/qr-image.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { CheckpointForm, HOUR } from './checkpoint-form.tsx';

/** The checkpoints section. */
export function CheckpointsScreen() {
  const { t, number } = useI18n();
  const list = useLoad(() => api.checkpoints(), []);
  const [notice, setNotice] = useState<{ key: 'checkpoints.created' | 'checkpoints.saved'; name: string } | null>(null);
  const [editing, setEditing] = useState<AdminCheckpoint | null>(null);
  const [offer, setOffer] = useState<{ checkpoint: AdminCheckpoint; qr: EnrollmentQr } | null>(null);
  const [offerError, setOfferError] = useState<unknown>(null);

  const showEnrollment = async (checkpoint: AdminCheckpoint) => {
    setOfferError(null);
    try {
      setOffer({ checkpoint, qr: await api.enrollment(checkpoint.id) });
    } catch (error) {
      setOfferError(error);
    }
  };

  return (
    <>
      <h2>{t('checkpoints.title')}</h2>
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
      {notice && (
        <p class="notice" role="status">
          {t(notice.key, { name: notice.name })}
        </p>
      )}
      <ErrorText error={list.error ?? offerError} />
      {list.data && list.data.checkpoints.length === 0 && <p>{t('checkpoints.none')}</p>}
      {list.data && list.data.checkpoints.length > 0 && (
        <div class="table-wrap">
          <table>
            <TableHead headings={[t('checkpoints.name'), t('checkpoints.site'), t('checkpoints.policy'), <span class="visually-hidden">{t('checkpoints.actions')}</span>]} />
            <tbody>
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
                  <td>
                    <span class="actions">
                      <button type="button" class="secondary" aria-label={t('checkpoints.editLabel', { name: c.name })} onClick={() => setEditing(c)}>
                        {t('checkpoints.edit')}
                      </button>
                      <button type="button" class="secondary" aria-label={t('checkpoints.enroll', { name: c.name })} onClick={() => showEnrollment(c)}>
                        {t('checkpoints.enrollButton')}
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <EditCheckpoint
          key={editing.id}
          checkpoint={editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice({ key: 'checkpoints.saved', name: saved.name });
              list.reload();
            }
          }}
        />
      )}
      {offer && <EnrollmentPanel checkpoint={offer.checkpoint} qr={offer.qr} />}
    </>
  );
}

function EnrollmentPanel({ checkpoint, qr }: { checkpoint: AdminCheckpoint; qr: EnrollmentQr }) {
  const { t, dateTime } = useI18n();
  return (
    <section class="panel" aria-labelledby="enroll-title" data-testid="enrollment">
      <h3 id="enroll-title">{t('checkpoints.enrollTitle', { name: checkpoint.name })}</h3>
      <QrImage svg={qr.svg} alt={t('checkpoints.enrollAlt', { name: checkpoint.name })} />
      <p>{t('checkpoints.enrollHelp', { expires: dateTime(qr.expiresAt) })}</p>
      <label for="enroll-text">{t('checkpoints.enrollText')}</label>
      <textarea id="enroll-text" readOnly rows={3} value={qr.text} />
    </section>
  );
}

/** The edit form for one checkpoint; focus moves to its heading so keyboard and screen-reader users land on it. */
function EditCheckpoint({ checkpoint, onClose }: { checkpoint: AdminCheckpoint; onClose(saved: AdminCheckpoint | null): void }) {
  const { t } = useI18n();
  useEffect(() => document.getElementById('edit-title')?.focus(), []);
  return (
    <CheckpointForm
      idPrefix="edit"
      title={t('checkpoints.editTitle', { name: checkpoint.name })}
      submitLabel={t('checkpoints.save')}
      initial={checkpoint}
      save={async (input) => (await api.updateCheckpoint(checkpoint.id, input)).checkpoint}
      onSaved={onClose}
      onCancel={() => onClose(null)}
    />
  );
}
