import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword } from './password.ts';

describe('admin password hashes', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const hash = await hashPassword('s3cret 密码');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('s3cret 密码', hash)).toBe(true);
    expect(await verifyPassword('s3cret 密码 ', hash)).toBe(false);
    expect(await hashPassword('s3cret 密码')).not.toBe(hash);
  });

  it('never accepts the password followed by NULs (HMAC pads short keys with zero bytes)', async () => {
    const hash = await hashPassword('s3cret');
    expect(await verifyPassword('s3cret\u0000', hash)).toBe(false);
    expect(await verifyPassword('s3cret\u0000\u0000\u0000', hash)).toBe(false);
    expect(await verifyPassword('s3cret', hash)).toBe(true);
    await expect(hashPassword('s3cret\u0000')).rejects.toThrow(RangeError);
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
