/**
 * A GC1 world for the holder app tests without the issuance server: root, issuer and status
 * keys, the trust files a scanner loads, and the holder-bound code an issuer would sign for
 * the device key the holder app made (read from its IndexedDB). With the issuance server
 * (test/e2e/holder-server.test.ts) the server signs instead; these tests check the screen.
 */
import type { Page } from 'playwright-core';
import type { ApplicationView } from '../../../src/core/api/holder.ts';
import {
  KIND_HOLDER_BOUND,
  b64uEncode,
  issueCode,
  kidOf,
  openTrustBundle,
  sealEnvelope,
  signerFromSeed,
  tweetnaclEd25519,
  type Colour,
  type TrustBundle,
} from '../../../src/core/index.ts';
import { keyEntry } from '../../support/world.ts';
import { scannerFiles } from './scanner-world.ts';

const DAY = 86_400;
const seed = (n: number) => new Uint8Array(32).fill(n);

export interface HolderWorld {
  files: Record<string, unknown>;
  bundle: TrustBundle;
  rootKey: Uint8Array;
  /** An approved application view holding a code bound to `holderKey`. */
  approvedView(
    holderKey: Uint8Array,
    options?: { colour?: Colour; name?: string; hint?: string; cidByte?: number; currentStatus?: ApplicationView['currentStatus'] },
  ): Promise<ApplicationView>;
}

export async function makeHolderWorld(now = Math.floor(Date.now() / 1000)): Promise<HolderWorld> {
  const root = signerFromSeed(seed(21));
  const issuer = signerFromSeed(seed(22));
  const status = signerFromSeed(seed(23));
  const key = (signer: typeof root, use: 'issuer' | 'status') =>
    keyEntry(signer, use, { notBefore: now - 365 * DAY, notAfter: now + 365 * DAY });
  const trust = await sealEnvelope(
    { type: 'gc1-trust', seq: 2, issuedAt: now - 600, expiresAt: now + 7 * DAY, keys: [key(issuer, 'issuer'), key(status, 'status')] },
    root,
  );
  const opened = await openTrustBundle(trust, root.publicKey, tweetnaclEd25519);
  if (!opened.ok) throw new Error(opened.detail);
  const snapshot = await sealEnvelope({ type: 'gc1-status', from: 0, to: 1, issuedAt: now - 300, entries: [] }, status);
  return {
    bundle: opened.bundle,
    rootKey: root.publicKey,
    files: scannerFiles(root.publicKey, trust, snapshot, now - 300),
    async approvedView(holderKey, options = {}) {
      const cid = new Uint8Array(16).fill(options.cidByte ?? 7);
      const colour = options.colour ?? 'green';
      const name = options.name ?? '张*明';
      const hint = options.hint ?? '1234';
      const issued = await issueCode(
        {
          kind: KIND_HOLDER_BOUND,
          kid: kidOf(issuer.publicKey),
          cid,
          status: colour,
          iat: now - 3600,
          exp: now + 7 * DAY,
          region: 440305,
          name,
          hint,
          holderKey,
        },
        issuer,
      );
      if (!issued.ok) throw new Error(issued.problem);
      return {
        id: crypto.randomUUID(),
        state: 'approved',
        submittedAt: (now - 3700) * 1000,
        updatedAt: (now - 3600) * 1000,
        decidedBy: 'rule',
        code: {
          bytes: b64uEncode(issued.bytes),
          cid: b64uEncode(cid),
          colour,
          issuedAt: now - 3600,
          expiresAt: now + 7 * DAY,
          maskedName: name,
          hint,
        },
        ...(options.currentStatus ? { currentStatus: options.currentStatus } : {}),
      };
    },
  };
}

/** The device public key the holder app made (raw IndexedDB read, not the app's code). */
export async function devicePublicKey(page: Page): Promise<Uint8Array> {
  const bytes = await page.evaluate(
    () =>
      new Promise<number[] | null>((resolve, reject) => {
        const open = indexedDB.open('gatecheck-holder');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('meta').objectStore('meta').get('deviceKey');
          request.onsuccess = () => {
            open.result.close();
            const value = request.result as { value?: { publicKey?: Uint8Array } } | undefined;
            resolve(value?.value?.publicKey ? Array.from(value.value.publicKey) : null);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
  if (!bytes) throw new Error('the holder app has no device key yet');
  return new Uint8Array(bytes);
}

/** Adds a person record (src/holder/storage/db.ts PersonRecord) to the app's IndexedDB. */
export async function seedPerson(
  page: Page,
  person: { id: string; relation: string; name: string; view: ApplicationView; createdAt: number; credential?: string },
): Promise<void> {
  await page.evaluate(
    (record) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('gatecheck-holder');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('people', 'readwrite');
          tx.objectStore('people').put({
            ...record,
            applicationId: record.view.id,
            credential: record.credential ?? 'x'.repeat(43),
            checkedAt: Date.now(),
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    person,
  );
}
