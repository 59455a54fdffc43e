// isSmallOrderKey against a list generated here from the curve itself (the eight points of the
// torsion subgroup, found as [L]·P for curve points P, in every encoding a lenient decoder takes),
// against the public vectors' small-order case, and against ordinary keys, which it must pass.
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { loadPublicVectors } from '../../../test/support/vectors.ts';
import { parseCodeBytes } from '../code/layout.ts';
import { parseQrText } from '../code/text.ts';
import { isSmallOrderKey } from './small-order.ts';

const p = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const mod = (a: bigint) => ((a % p) + p) % p;
function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
  }
  return result;
}
const inv = (a: bigint) => pow(a, p - 2n);
const d = mod(-121665n * inv(121666n));
const sqrtMinus1 = pow(2n, (p - 1n) / 4n);

type Point = { x: bigint; y: bigint };
const identity: Point = { x: 0n, y: 1n };
// Affine twisted Edwards addition (a = -1): slow but plain, which is what a test wants.
function add(a: Point, b: Point): Point {
  const t = mod(d * a.x * b.x * a.y * b.y);
  return { x: mod((a.x * b.y + a.y * b.x) * inv(1n + t)), y: mod((a.y * b.y + a.x * b.x) * inv(1n - t)) };
}
function times(k: bigint, point: Point): Point {
  let result = identity;
  let q = point;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, q);
    q = add(q, q);
  }
  return result;
}
/** The point with this y, or null when y is on no point (RFC 8032 §5.1.3 recovery of x). */
function pointWithY(y: bigint): Point | null {
  const u = mod(y * y - 1n);
  const v = mod(d * y * y + 1n);
  const x2 = mod(u * inv(v));
  let x = pow(x2, (p + 3n) / 8n);
  if (mod(x * x) !== x2) x = mod(x * sqrtMinus1);
  return mod(x * x) === x2 ? { x, y } : null;
}
const same = (a: Point, b: Point) => a.x === b.x && a.y === b.y;
function encode(y: bigint, sign: number): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let i = 0, v = y; i < 32; i++, v >>= 8n) bytes[i] = Number(v & 0xffn);
  bytes[31]! |= sign << 7;
  return bytes;
}

/** Every spelling of the eight small-order points: canonical y and y + p below 2^255, both sign bits. */
function generatedSmallOrderEncodings(): Uint8Array[] {
  let torsion: Point | null = null;
  for (let y = 2n; !torsion; y++) {
    const point = pointWithY(y);
    if (!point) continue;
    const t = times(L, point);
    if (!same(times(4n, t), identity)) torsion = t; // order exactly 8
  }
  const points = Array.from({ length: 8 }, (_, k) => times(BigInt(k), torsion!));
  const encodings: Uint8Array[] = [];
  for (const point of points) {
    for (const y of [point.y, point.y + p]) {
      if (y >= 2n ** 255n) continue;
      const sign = Number(point.x & 1n);
      encodings.push(encode(y, sign));
      if (point.x === 0n) encodings.push(encode(y, 1 - sign)); // x = 0 with the sign bit set
    }
  }
  return encodings;
}

describe('isSmallOrderKey', () => {
  const generated = generatedSmallOrderEncodings();
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

  it('finds the eight points, fourteen encodings, and refuses every one', () => {
    expect(new Set(generated.map(hex)).size).toBe(14);
    for (const key of generated) expect(isSmallOrderKey(key), hex(key)).toBe(true);
  });

  it('refuses the public vectors small-order holder key', () => {
    const vectors = loadPublicVectors();
    const smallOrderCase = vectors.cases.find((c) => c.expect === 'bad_holder_proof' && c.name.includes('small-order'));
    expect(smallOrderCase).toBeDefined();
    const text = parseQrText(smallOrderCase!.qr);
    if (!text.ok) throw new Error(text.detail);
    const layout = parseCodeBytes(text.bytes);
    if (!layout.ok) throw new Error(layout.detail);
    expect(isSmallOrderKey(layout.code.holderKey!)).toBe(true);
  });

  it('passes ordinary keys, the base point and the neighbours of small-order encodings', () => {
    for (let i = 0; i < 500; i++) expect(isSmallOrderKey(nacl.sign.keyPair().publicKey)).toBe(false);
    expect(isSmallOrderKey(encode(4n * inv(5n), 0))).toBe(false); // the base point B
    for (const key of generated) {
      const neighbour = key.slice();
      neighbour[16]! ^= 1; // a middle byte: flipping bit 0 would turn y = 0 into y = 1, itself small-order
      expect(isSmallOrderKey(neighbour), hex(neighbour)).toBe(false);
    }
  });

  it('answers false for a key of the wrong length', () => {
    expect(isSmallOrderKey(new Uint8Array(31))).toBe(false);
    expect(isSmallOrderKey(new Uint8Array(33).fill(0))).toBe(false);
  });
});
