import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../core/index.ts';
import { GatecheckDb } from './db.ts';
import { DEFAULT_SETTINGS, effectivePolicy, loadSettings, parseSettings, saveSettings } from './settings.ts';

const db = new GatecheckDb('settings-test');
afterEach(async () => {
  await db.meta.clear();
});

describe('settings', () => {
  it('starts from the defaults, which match the core policy', async () => {
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(effectivePolicy(DEFAULT_SETTINGS, null)).toEqual(DEFAULT_POLICY);
  });

  it('saves a valid change and keeps the rest', async () => {
    const saved = await saveSettings({ checkpointName: '  North gate ', direction: 'out', yellow: 'refuse' }, db);
    expect(saved).toMatchObject({ checkpointName: 'North gate', direction: 'out', yellow: 'refuse', sound: true });
    expect(await loadSettings(db)).toEqual(saved);
  });

  it('refuses bad fields one by one without losing the good ones', async () => {
    await saveSettings({ checkpointName: 'A' }, db);
    const saved = await saveSettings({ direction: 'sideways', warnAfterHours: -1, language: 42, sound: false } as never, db);
    expect(saved).toMatchObject({ checkpointName: 'A', direction: 'in', warnAfterHours: 24, language: 'auto', sound: false });
    expect(parseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ checkpointName: 'x'.repeat(61) }).checkpointName).toBe('');
  });

  it('keeps the strong warning after the plain one', () => {
    expect(parseSettings({ warnAfterHours: 100, staleAfterHours: 10 })).toMatchObject({ warnAfterHours: 100, staleAfterHours: 100 });
  });

  it('lets the server policy win and falls back to local settings when it is invalid', () => {
    const local = parseSettings({ yellow: 'refuse', warnAfterHours: 2, staleAfterHours: 4 });
    const server = { ...DEFAULT_POLICY, yellow: 'refer' as const, warnAfter: 60, staleAfter: 120 };
    expect(effectivePolicy(local, server)).toEqual(server);
    expect(effectivePolicy(local, { ...server, staleAfter: 1 })).toEqual({
      ...DEFAULT_POLICY,
      yellow: 'refuse',
      warnAfter: 7200,
      staleAfter: 14400,
    });
  });
});
