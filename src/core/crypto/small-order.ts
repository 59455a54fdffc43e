/**
 * Small-order Ed25519 public keys (gc1.md §3): a holder key of order 1, 2, 4 or 8 lets anyone forge
 * a holder proof, so the verifier answers bad_holder_proof and issuers refuse such a key at apply.
 *
 * An encoding is 255 bits of y (little-endian) and one sign bit of x. A point is of small order
 * exactly when y mod p is one of five values: 1 (the identity), p - 1 (order 2), 0 (order 4, either
 * sign) and ±Y8 (order 8, either sign). Testing y mod p with any sign bit therefore catches the eight
 * points in every spelling a lenient decoder might take: y + p for y < 19, and the sign bit set on a
 * point whose x is 0. That is 7 values of y below 2^255, times two sign bits: 14 encodings.
 */

const P = 2n ** 255n - 19n;
// y of the order-8 points (canonical, as libsodium lists it); the test derives it again from the curve.
const Y8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
const SMALL_ORDER_Y = new Set([0n, 1n, P - 1n, Y8, P - Y8]);

/** y of a 32-byte encoding, sign bit cleared, as an integer below 2^255. */
function yOf(bytes: Uint8Array): bigint {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? bytes[i]! & 0x7f : bytes[i]!);
  return y;
}

/** True when a 32-byte public key encodes a point of order 1, 2, 4 or 8 in any of its spellings. */
export function isSmallOrderKey(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false;
  return SMALL_ORDER_Y.has(yOf(bytes) % P);
}
