/**
 * The scanner's Ed25519 verifier, chosen once per page: the platform's native WebCrypto
 * Ed25519 where it works (about 50x faster), tweetnacl where it does not (older Safari and
 * Firefox). core's chooseEd25519 proves the native path on known answers before using it.
 */
import { chooseEd25519, type Ed25519Verifier } from '../core/index.ts';

let chosen: Promise<Ed25519Verifier> | null = null;

/** The verifier for this page (or service worker); the same promise on every call. */
export function platformEd25519(): Promise<Ed25519Verifier> {
  // tweetnacl is fetched only where the native path fails: every current phone browser has it.
  chosen ??= chooseEd25519(globalThis.crypto?.subtle, () =>
    import('../core/crypto/tweetnacl-ed25519.ts').then((module) => module.tweetnaclEd25519),
  );
  return chosen;
}
