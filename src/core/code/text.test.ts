// The QR text (gc1.md §1): prefix, then length, then strict base45.
import { describe, expect, it } from 'vitest';
import { MAX_QR_TEXT, formatQrText, parseQrText } from './text.ts';

const reasonOf = (value: unknown) => {
  const result = parseQrText(value);
  return result.ok ? 'ok' : result.reason;
};

describe('parseQrText', () => {
  it('reads the bytes after GC1:', () => {
    expect(parseQrText('GC1:BB8')).toEqual({ ok: true, bytes: new Uint8Array([0x41, 0x42]) });
    expect(formatQrText(new Uint8Array([0x41, 0x42]))).toBe('GC1:BB8');
  });

  it.each([
    ['https://example.org/?c=GC1:BB8', 'a URL'],
    ['gc1:BB8', 'a lower-case prefix'],
    [' GC1:BB8', 'a leading space'],
    ['GC1', 'a bare prefix without the colon'],
    ['', 'nothing'],
    ['HC1:BB8', 'another scheme'],
  ])('%j is not a health code (%s)', (text) => {
    expect(reasonOf(text)).toBe('not_a_health_code');
  });

  it('non-strings are not health codes', () => {
    for (const value of [undefined, null, 42, {}, ['GC1:BB8'], new Uint8Array([0x47])]) expect(reasonOf(value)).toBe('not_a_health_code');
  });

  it('allows exactly 1,024 characters; a longer text is malformed even when its base45 is valid', () => {
    const atLimit = `GC1:${'0'.repeat(MAX_QR_TEXT - 4)}`;
    expect(atLimit.length).toBe(1024);
    expect(reasonOf(atLimit)).toBe('ok');
    const over = `GC1:${'0'.repeat(MAX_QR_TEXT - 2)}`;
    const result = parseQrText(over);
    expect(result.ok ? 'ok' : result.reason).toBe('malformed');
    expect(result.ok ? '' : result.detail).toContain('1026');
  });

  it.each(['GC1:bb8', 'GC1:BB8\n', 'GC1:B', 'GC1:GGW', 'GC1:BB8 '.padEnd(9, '=')])('%j is malformed (base45)', (text) => {
    expect(reasonOf(text)).toBe('malformed');
  });

  it('GC1: with nothing after it parses to no bytes (the layout then calls it malformed)', () => {
    expect(parseQrText('GC1:')).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });
});
