import { describe, expect, it } from 'vitest';
import { b64uEncode, utf8Encode } from './bytes.ts';
import { ENROLL_PREFIX, formatEnrollmentText, isEnrollmentText, parseEnrollmentText } from './enrollment.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345_-AB';
const raw = (doc: unknown) => ENROLL_PREFIX + b64uEncode(utf8Encode(JSON.stringify(doc)));

describe('enrollment QR text', () => {
  it('round-trips an offer and drops trailing slashes of the URL', () => {
    const built = formatEnrollmentText({ url: 'http://127.0.0.1:8080/', token: TOKEN, checkpoint: '北门 North gate' });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.text.startsWith('GCENROLL1:')).toBe(true);
    expect(parseEnrollmentText(built.text)).toEqual({
      ok: true,
      offer: { v: 1, url: 'http://127.0.0.1:8080', token: TOKEN, checkpoint: '北门 North gate' },
    });
  });

  it('keeps a path prefix in the base URL', () => {
    const built = formatEnrollmentText({ url: 'https://gc.example.org/gate', token: TOKEN, checkpoint: 'A' });
    expect(built.ok && parseEnrollmentText(built.text)).toMatchObject({ ok: true, offer: { url: 'https://gc.example.org/gate' } });
  });

  it('tells health codes and other texts apart from enrollment offers', () => {
    expect(isEnrollmentText('GC1:6BFOXN')).toBe(false);
    expect(parseEnrollmentText('GC1:6BFOXN')).toMatchObject({ ok: false, problem: 'not_enrollment' });
    expect(parseEnrollmentText('https://pay.example/qr')).toMatchObject({ ok: false, problem: 'not_enrollment' });
    expect(parseEnrollmentText('gcenroll1:abc')).toMatchObject({ ok: false, problem: 'not_enrollment' });
    expect(parseEnrollmentText(undefined)).toMatchObject({ ok: false, problem: 'not_enrollment' });
    expect(parseEnrollmentText(42)).toMatchObject({ ok: false, problem: 'not_enrollment' });
  });

  it.each([
    ['bad base64url', `${ENROLL_PREFIX}a+b/`],
    ['padding', `${raw({ v: 1, url: 'http://a', token: TOKEN, checkpoint: 'A' })}=`],
    ['invalid UTF-8', ENROLL_PREFIX + b64uEncode(new Uint8Array([0xff, 0xfe]))],
    ['not JSON', ENROLL_PREFIX + b64uEncode(utf8Encode('{v:1'))],
    ['an array', raw([1])],
    ['version 2', raw({ v: 2, url: 'http://a', token: TOKEN, checkpoint: 'A' })],
    ['a javascript: URL', raw({ v: 1, url: 'javascript:alert(1)', token: TOKEN, checkpoint: 'A' })],
    ['a URL with a query', raw({ v: 1, url: 'http://a/?x=1', token: TOKEN, checkpoint: 'A' })],
    ['a URL with a trailing slash', raw({ v: 1, url: 'http://a/', token: TOKEN, checkpoint: 'A' })],
    ['a short token', raw({ v: 1, url: 'http://a', token: 'abc', checkpoint: 'A' })],
    ['a token with spaces', raw({ v: 1, url: 'http://a', token: 'abc def ghi jkl mno pq', checkpoint: 'A' })],
    ['an empty checkpoint', raw({ v: 1, url: 'http://a', token: TOKEN, checkpoint: ' ' })],
    ['a control character', raw({ v: 1, url: 'http://a', token: TOKEN, checkpoint: 'A\u0007' })],
    ['an unknown field', raw({ v: 1, url: 'http://a', token: TOKEN, checkpoint: 'A', name: '张三' })],
    ['a huge text', ENROLL_PREFIX + 'A'.repeat(5000)],
  ])('refuses %s as malformed', (_label, text) => {
    expect(parseEnrollmentText(text)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('refuses to build an offer it could not parse back', () => {
    expect(formatEnrollmentText({ url: 'ftp://a', token: TOKEN, checkpoint: 'A' }).ok).toBe(false);
    expect(formatEnrollmentText({ url: 'http://a', token: TOKEN, checkpoint: 'x'.repeat(101) }).ok).toBe(false);
  });

  it('never throws on random texts with the prefix', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const chars = Array.from({ length: next() % 80 }, () => String.fromCharCode(next() % 128)).join('');
      const result = parseEnrollmentText(ENROLL_PREFIX + chars);
      expect(result.ok).toBe(false);
    }
  });
});
