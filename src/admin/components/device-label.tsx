/** A device as people tell it apart: its name (or "unnamed") and its short id in monospace. */
import { shortDeviceId } from '../../core/admin-protocol.ts';
import { useI18n } from '../i18n/i18n.ts';

export function DeviceLabel({ id, name }: { id: string; name: string | null }) {
  const { t } = useI18n();
  return (
    <span class="device-label">
      {name ? name : <span class="muted">{t('devices.unnamed')}</span>}{' '}
      <code class="id" title={id}>
        {shortDeviceId(id)}
      </code>
    </span>
  );
}
