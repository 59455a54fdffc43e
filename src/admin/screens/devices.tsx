/** Devices: every enrolled scanner, when it last uploaded, and revoking one (asked twice). */
import { useState } from 'preact/hooks';
import type { AdminDevice } from '../../core/admin-protocol.ts';
import { api } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { useI18n } from '../i18n/i18n.ts';

/** The devices section. */
export function DevicesScreen() {
  const { t, dateTime, ago } = useI18n();
  const loaded = useLoad(() => Promise.all([api.devices(), api.checkpoints()]), []);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const now = Date.now();
  const nameOf = (device: AdminDevice) => device.name || t('devices.unnamed');

  const revoke = async (device: AdminDevice) => {
    setError(null);
    try {
      await api.revoke(device.id);
      setConfirming(null);
      setNotice(t('devices.revokedNotice', { name: nameOf(device) }));
      loaded.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  const [devices, checkpoints] = loaded.data ? [loaded.data[0].devices, loaded.data[1].checkpoints] : [null, []];
  const checkpointName = new Map(checkpoints.map((c) => [c.id, c.name]));
  return (
    <>
      <h2>{t('devices.title')}</h2>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorText error={loaded.error ?? error} />
      {devices && devices.length === 0 && <p>{t('devices.none')}</p>}
      {devices && devices.length > 0 && (
        <div class="table-wrap">
          <table>
            <TableHead headings={[t('devices.name'), t('devices.checkpoint'), t('devices.enrolled'), t('devices.lastSeen'), t('devices.state')]} />
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{nameOf(d)}</th>
                  <td>{checkpointName.get(d.checkpointId) ?? ''}</td>
                  <td>{dateTime(d.createdMs)}</td>
                  <td>{d.lastSeenMs === null ? t('devices.never') : <time dateTime={new Date(d.lastSeenMs).toISOString()} title={dateTime(d.lastSeenMs)}>{ago(d.lastSeenMs, now)}</time>}</td>
                  <td>
                    {d.revokedMs !== null ? (
                      t('devices.revoked', { when: dateTime(d.revokedMs) })
                    ) : confirming === d.id ? (
                      <span class="actions">
                        <button type="button" class="danger" onClick={() => revoke(d)}>
                          {t('devices.revokeConfirm', { name: nameOf(d) })}
                        </button>
                        <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                          {t('devices.cancel')}
                        </button>
                      </span>
                    ) : (
                      <span class="actions">
                        {t('devices.active')}
                        <button type="button" class="secondary" aria-label={`${t('devices.revoke')}: ${nameOf(d)}`} onClick={() => setConfirming(d.id)}>
                          {t('devices.revoke')}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
