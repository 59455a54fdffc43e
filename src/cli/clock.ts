/** The clock and randomness of the CLI: the core takes both as parameters, never reads them. */
import { randomBytes } from 'node:crypto';

/** The current Unix time in whole seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** `length` random bytes from the operating system. */
export function randomBytesOf(length: number): Uint8Array {
  return new Uint8Array(randomBytes(length));
}
