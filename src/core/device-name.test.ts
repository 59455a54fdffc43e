import { describe, expect, it } from 'vitest';
import { checkDeviceName } from './device-name.ts';
import { MAX_DEVICE_NAME } from './api/sync-rules.ts';

describe("a device's name", () => {
  it('is trimmed, and blank means unnamed', () => {
    expect(checkDeviceName('  东门 手机 2 ')).toEqual({ ok: true, name: '东门 手机 2' });
    expect(checkDeviceName('   ')).toEqual({ ok: true, name: '' });
    expect(checkDeviceName(undefined)).toEqual({ ok: true, name: '' });
    expect(checkDeviceName('tablet 📱')).toEqual({ ok: true, name: 'tablet 📱' });
  });

  it('refuses one too long, one that reorders text, and one that prints as nothing', () => {
    expect(checkDeviceName('x'.repeat(MAX_DEVICE_NAME))).toMatchObject({ ok: true });
    expect(checkDeviceName(` ${'x'.repeat(MAX_DEVICE_NAME + 1)} `)).toMatchObject({ ok: false, problem: 'too_long' });
    expect(checkDeviceName('phone \u202egnp.exe')).toMatchObject({
      ok: false,
      problem: 'bidi_control',
      message: expect.stringMatching(/device name/),
    });
    expect(checkDeviceName('\u200b\u2060')).toMatchObject({ ok: false, problem: 'invisible' });
    expect(checkDeviceName('\u200b \u200d')).toMatchObject({ ok: false, problem: 'invisible' });
  });
});
