/** Checkpoints: create one with its policy, list them, show a one-time enrollment QR. */
import { useState } from 'preact/hooks';
import type { AdminCheckpoint, EnrollmentQr } from '../../core/admin-protocol.ts';
import { DEFAULT_POLICY, type CheckpointPolicy } from '../../core/policy.ts';
import { api } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { QrImage } from '../components/qr-image.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { useI18n } from '../i18n/i18n.ts';

const HOUR = 3600;

/** The checkpoints section. */
export function CheckpointsScreen() {
  const { t } = useI18n();
  const list = useLoad(() => api.checkpoints(), []);
  const [created, setCreated] = useState<string | null>(null);
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
      <CreateCheckpoint
        onCreated={(checkpoint) => {
          setCreated(checkpoint.name);
          list.reload();
        }}
      />
      {created && (
        <p class="notice" role="status">
          {t('checkpoints.created', { name: created })}
        </p>
      )}
      <ErrorText error={list.error ?? offerError} />
      {list.data && list.data.checkpoints.length === 0 && <p>{t('checkpoints.none')}</p>}
      {list.data && list.data.checkpoints.length > 0 && (
        <div class="table-wrap">
          <table>
            <TableHead headings={[t('checkpoints.name'), t('checkpoints.site'), t('checkpoints.policy'), <span class="visually-hidden">{t('checkpoints.enrollButton')}</span>]} />
            <tbody>
              {list.data.checkpoints.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{c.site}</td>
                  <td>{t('checkpoints.policySummary', { yellow: t(`checkpoints.yellow.${c.policy.yellow}`), warn: c.policy.warnAfter / HOUR, stale: c.policy.staleAfter / HOUR })}</td>
                  <td>
                    <button type="button" class="secondary" aria-label={t('checkpoints.enroll', { name: c.name })} onClick={() => showEnrollment(c)}>
                      {t('checkpoints.enrollButton')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

function CreateCheckpoint({ onCreated }: { onCreated(checkpoint: AdminCheckpoint): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [site, setSite] = useState('');
  const [yellow, setYellow] = useState<CheckpointPolicy['yellow']>(DEFAULT_POLICY.yellow);
  const [expiredTrust, setExpiredTrust] = useState<CheckpointPolicy['expiredTrust']>(DEFAULT_POLICY.expiredTrust);
  const [warnHours, setWarnHours] = useState(String(DEFAULT_POLICY.warnAfter / HOUR));
  const [staleHours, setStaleHours] = useState(String(DEFAULT_POLICY.staleAfter / HOUR));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const warnAfter = Math.round(Number(warnHours) * HOUR);
  const staleAfter = Math.round(Number(staleHours) * HOUR);
  const thresholdsOk = warnAfter > 0 && staleAfter >= warnAfter;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!thresholdsOk) return;
    setBusy(true);
    setError(null);
    try {
      const { checkpoint } = await api.createCheckpoint({ name: name.trim(), site: site.trim(), policy: { yellow, expiredTrust, warnAfter, staleAfter } });
      setName('');
      setSite('');
      onCreated(checkpoint);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="create-title">
      <h3 id="create-title">{t('checkpoints.create')}</h3>
      <div class="fields">
        <InputField label={t('checkpoints.name')} name="name" required maxLength={100} value={name} onText={setName} />
        <InputField label={t('checkpoints.site')} name="site" maxLength={200} value={site} onText={setSite} />
        <SelectField label={t('checkpoints.yellow')} name="yellow" value={yellow} onChange={setYellow} options={[['refer', t('checkpoints.yellow.refer')], ['refuse', t('checkpoints.yellow.refuse')]]} />
        <SelectField
          label={t('checkpoints.expiredTrust')}
          name="expiredTrust"
          value={expiredTrust}
          onChange={setExpiredTrust}
          options={[['admit', t('checkpoints.expiredTrust.admit')], ['refer', t('checkpoints.expiredTrust.refer')]]}
        />
        <InputField label={t('checkpoints.warnAfter')} name="warnAfter" type="number" min={1} step="any" required value={warnHours} onText={setWarnHours} />
        <InputField
          label={t('checkpoints.staleAfter')}
          name="staleAfter"
          type="number"
          min={1}
          step="any"
          required
          value={staleHours}
          onText={setStaleHours}
          aria-invalid={!thresholdsOk}
          aria-describedby={thresholdsOk ? undefined : 'thresholds-help'}
        />
      </div>
      {!thresholdsOk && (
        <p id="thresholds-help" class="notice notice-error" role="alert">
          {t('checkpoints.warnAfterInvalid')}
        </p>
      )}
      <ErrorText error={error} />
      <button type="submit" disabled={busy || !thresholdsOk}>
        {t('checkpoints.submit')}
      </button>
    </form>
  );
}
