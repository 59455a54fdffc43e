/**
 * This device's checkpoint settings, kept in the `meta` table so they survive restarts and
 * updates. When the device is enrolled, the server's policy wins over the local choices
 * for what yellow means and the data-age thresholds (see effectivePolicy in ../settings-model.ts,
 * which holds the settings' shape and validation; re-exported here for the existing importers).
 */
import { parseSettings, type Settings } from '../settings-model.ts';
import { openDb, type GatecheckDb } from './db.ts';

export { DEFAULT_SETTINGS, MAX_CHECKPOINT_NAME, effectivePolicy, parseSettings, type Settings } from '../settings-model.ts';

const KEY = 'settings';

/** The stored settings, or the defaults on a new device. */
export async function loadSettings(db: GatecheckDb = openDb()): Promise<Settings> {
  const row = await db.meta.get(KEY);
  return parseSettings(row?.value);
}

/** Validates and stores a change; returns the settings as saved. */
export async function saveSettings(patch: Partial<Settings>, db: GatecheckDb = openDb()): Promise<Settings> {
  return db.transaction('rw', db.meta, async () => {
    const current = parseSettings((await db.meta.get(KEY))?.value);
    const next = parseSettings({ ...current, ...patch }, current);
    await db.meta.put({ key: KEY, value: next });
    return next;
  });
}
