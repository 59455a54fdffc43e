/**
 * How the console names the checkpoint of an entry or a statistics row: its name; "no
 * checkpoint" for scans a device made before it was enrolled (no checkpoint id); "deleted
 * checkpoint" for an id whose checkpoint is gone. One rule for every screen and chart.
 */
import type { I18n } from '../i18n/i18n.ts';

export function checkpointName(t: I18n['t'], checkpointId: string | null, name: string | null): string {
  if (checkpointId === null) return t('stats.noCheckpoint');
  return name ?? t('stats.unknownCheckpoint');
}
