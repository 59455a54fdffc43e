/**
 * Devices: every enrolled scanner with its name and short id, its checkpoint, when it last
 * uploaded; operators rename one (a dialog) or revoke one (a dialog that names it). The
 * list is read again after each change.
 */
import { useState } from 'preact/hooks';
import type { AdminDevice } from '../../core/admin-protocol.ts';
import { shortDeviceId } from '../../core/admin-protocol.ts';
import { api } from '../api/client.ts';
import { DeviceLabel } from '../components/device-label.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { ListStatus } from '../components/list-status.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { useSession } from '../session.ts';

/** The devices section. */
export function DevicesScreen() {
  const { t, dateTime, ago } = useI18n();
  const { may } = useSession();
  const operate = may('operate');
  const loaded = useLoad(() => Promise.all([api.devices(), api.checkpoints()]), []);
  const [renaming, setRenaming] = useState<AdminDevice | null>(null);
  const [revoking, setRevoking] = useState<AdminDevice | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const now = Date.now();
  const labelOf = (device: AdminDevice) => `${device.name || t('devices.unnamed')} (${shortDeviceId(device.id)})`;

  const [devices, checkpoints] = loaded.data ? [loaded.data[0].devices, loaded.data[1].checkpoints] : [null, []];
  const checkpointName = new Map(checkpoints.map((c) => [c.id, c.name]));
  return (
    <>
      <h2>{t('devices.title')}</h2>
      <p class="help">{t('devices.help')}</p>
      <div aria-live="polite">
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
      </div>
      <ErrorText error={loaded.error} />
      <ListStatus loading={loaded.loading} empty={devices?.length === 0} emptyText={t('devices.none')} />
      {devices && devices.length > 0 && (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="devices">
            <TableHead
              headings={[
                t('devices.name'),
                t('devices.checkpoint'),
                t('devices.enrolled'),
                t('devices.lastSeen'),
                t('devices.state'),
                ...(operate ? [<span class="visually-hidden">{t('checkpoints.actions')}</span>] : []),
              ]}
            />
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <DeviceLabel id={d.id} name={d.name} />
                  </th>
                  <td>{checkpointName.get(d.checkpointId) ?? ''}</td>
                  <td class="nowrap">{dateTime(d.createdMs)}</td>
                  <td class="nowrap">
                    {d.lastSeenMs === null ? (
                      t('devices.never')
                    ) : (
                      <time dateTime={new Date(d.lastSeenMs).toISOString()} title={dateTime(d.lastSeenMs)}>
                        {ago(d.lastSeenMs, now)}
                      </time>
                    )}
                  </td>
                  <td>{d.revokedMs !== null ? t('devices.revoked', { when: dateTime(d.revokedMs) }) : t('devices.active')}</td>
                  {operate && (
                    <td>
                      <span class="actions">
                        <button
                          type="button"
                          class="secondary"
                          aria-label={t('devices.renameLabel', { name: labelOf(d) })}
                          onClick={() => setRenaming(d)}
                        >
                          {t('devices.rename')}
                        </button>
                        {d.revokedMs === null && (
                          <button
                            type="button"
                            class="secondary"
                            aria-label={`${t('devices.revoke')}: ${labelOf(d)}`}
                            onClick={() => setRevoking(d)}
                          >
                            {t('devices.revoke')}
                          </button>
                        )}
                      </span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {renaming && (
        <RenameDialog
          device={renaming}
          onClose={(renamed) => {
            setRenaming(null);
            if (renamed) {
              setNotice(t('devices.renamedNotice', { name: labelOf(renamed) }));
              loaded.reload();
            }
          }}
        />
      )}
      {revoking && (
        <RevokeDialog
          device={revoking}
          label={labelOf(revoking)}
          onClose={(revoked) => {
            setRevoking(null);
            if (revoked) {
              setNotice(t('devices.revokedNotice', { name: labelOf(revoked) }));
              loaded.reload();
            }
          }}
        />
      )}
    </>
  );
}

function RenameDialog({ device, onClose }: { device: AdminDevice; onClose(renamed: AdminDevice | null): void }) {
  const { t } = useI18n();
  const [name, setName] = useState(device.name);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      onClose((await api.renameDevice(device.id, name.trim())).device);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Dialog title={t('devices.renameTitle', { id: shortDeviceId(device.id) })} onClose={() => onClose(null)} testId="rename-dialog">
      <form onSubmit={submit}>
        <label>
          {t('devices.newName')}
          <input name="deviceName" maxLength={100} value={name} autofocus onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <ErrorText error={error} />
        <div class="actions dialog-actions">
          <button type="submit">{t('devices.saveName')}</button>
          <button type="button" class="secondary" onClick={() => onClose(null)}>
            {t('devices.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RevokeDialog({ device, label, onClose }: { device: AdminDevice; label: string; onClose(revoked: AdminDevice | null): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const revoke = async () => {
    setError(null);
    try {
      onClose((await api.revoke(device.id)).device);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Dialog title={t('devices.revokeTitle', { name: label })} onClose={() => onClose(null)} testId="revoke-dialog">
      <p>{t('devices.revokeHelp')}</p>
      <ErrorText error={error} />
      <div class="actions dialog-actions">
        <button type="button" class="danger" onClick={revoke}>
          {t('devices.revokeConfirm', { name: label })}
        </button>
        <button type="button" class="secondary" onClick={() => onClose(null)} autofocus>
          {t('devices.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
