import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword } from './password.ts';
import { AttemptLimiter } from './rate-limit.ts';

describe('admin password hashes', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const hash = await hashPassword('s3cret 密码');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('s3cret 密码', hash)).toBe(true);
    expect(await verifyPassword('s3cret 密码 ', hash)).toBe(false);
    expect(await hashPassword('s3cret 密码')).not.toBe(hash);
  });

  it('treats malformed stored hashes as a mismatch, never a crash', async () => {
    for (const stored of ['', 'plain', 'scrypt$x$8$1$AAAA$AAAA', 'bcrypt$1$2$3$4$5', 'scrypt$32768$8$1$!!$AAAA']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('generates 24-character random passwords', () => {
    const a = randomPassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(randomPassword()).not.toBe(a);
  });
});

describe('sign-in attempt limiter', () => {
  it('allows max attempts per window and key, then refuses until the window passes', () => {
    const limiter = new AttemptLimiter(2, 1000);
    expect([limiter.allow('a', 0), limiter.allow('a', 10), limiter.allow('a', 20)]).toEqual([true, true, false]);
    expect(limiter.allow('b', 20)).toBe(true);
    expect(limiter.retryAfterSeconds('a', 500)).toBe(1);
    expect(limiter.allow('a', 1000)).toBe(true);
  });
});
