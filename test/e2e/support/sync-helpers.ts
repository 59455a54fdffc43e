/**
 * Helpers for the sync end-to-end tests (test/e2e/sync.test.ts): the admin API of a running
 * `gatecheck serve` over real HTTP, codes signed with the server's demo issuer key, and
 * reading or seeding the scanner's entry log from outside the app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  b64uDecodeLength,
  b64uEncode,
  issueCode,
  kidOf,
  signerFromSeed,
  type Colour,
  type Ed25519Signer,
} from '../../../src/core/index.ts';
import type { AdminEntry, EntriesPage } from '../../../src/core/admin-protocol.ts';
import { readEntries } from './page-helpers.ts';
import { deviceTypes } from './wedge.ts';

/** The admin API, signed in with the administrator's password (cookie session). */
export class AdminClient {
  private constructor(
    readonly url: string,
    private readonly cookie: string,
  ) {}

  /** Signs in; throws with the server's answer when refused. */
  static async signIn(url: string, password: string): Promise<AdminClient> {
    const response = await fetch(`${url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    });
    if (response.status !== 200) throw new Error(`admin sign-in: ${response.status} ${await response.text()}`);
    return new AdminClient(url, response.headers.get('set-cookie')!.split(';')[0]!);
  }

  /** The same session through another origin (a relay): enrollment texts name the origin asked. */
  via(url: string): AdminClient {
    return new AdminClient(url, this.cookie);
  }

  /** One admin request; a non-2xx answer throws with its body. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.url + path, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<T>;
  }

  /** Creates a checkpoint and returns its id with a fresh one-time GCENROLL1 text for it. */
  async checkpointWithEnrollment(name: string): Promise<{ checkpointId: string; enrollmentText: string }> {
    const { checkpoint } = await this.request<{ checkpoint: { id: string } }>('POST', '/api/admin/checkpoints', { name, site: 'e2e' });
    const { text } = await this.request<{ text: string }>('POST', `/api/admin/checkpoints/${checkpoint.id}/enrollment`);
    return { checkpointId: checkpoint.id, enrollmentText: text };
  }

  /** Every entry the server stored for a checkpoint, all pages (newest first). */
  async entriesOf(checkpointId: string): Promise<AdminEntry[]> {
    return this.entriesWhere(`checkpoint=${checkpointId}`);
  }

  /** Every entry the server stored that matches a query of GET /api/admin/entries (`cid=…`), all pages. */
  async entriesWhere(query: string): Promise<AdminEntry[]> {
    const all: AdminEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: EntriesPage = await this.request(
        'GET',
        `/api/admin/entries?${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page.entries);
      cursor = page.next;
    } while (cursor);
    return all;
  }
}

/** The demo issuer key `gatecheck serve` created in DIR/keys/issuer.json, as a signer. */
export function demoIssuer(dataDir: string): Ed25519Signer {
  const file = JSON.parse(readFileSync(join(dataDir, 'keys', 'issuer.json'), 'utf8')) as { secretKey: string };
  const seed = b64uDecodeLength(file.secretKey, 32);
  if (!seed) throw new Error('issuer.json holds no 32-byte secretKey');
  return signerFromSeed(seed);
}

/** A code signed with `issuer`, valid now, with a random cid; returns its text and cid (base64url). */
export async function issueWith(issuer: Ed25519Signer, status: Colour = 'green'): Promise<{ text: string; cid: string }> {
  const now = Math.floor(Date.now() / 1000);
  const cid = crypto.getRandomValues(new Uint8Array(16));
  const code = await issueCode(
    {
      kind: 1,
      kid: kidOf(issuer.publicKey),
      cid,
      status,
      iat: now - 3600,
      exp: now + 30 * 86_400,
      region: 440300,
      name: '陈*平',
      hint: '0815',
    },
    issuer,
  );
  if (!code.ok) throw new Error(code.problem);
  return { text: code.text, cid: b64uEncode(cid) };
}

/**
 * Types `text` the way a keyboard-wedge scanner does: a fast burst (8 ms a key, as the
 * device stamps its keys), then Enter, nothing focused. Device-timed keys (support/wedge.ts):
 * Playwright's keyboard.type stamps keys when a busy page takes them, which on a loaded
 * machine split a scan into "typing".
 */
export async function wedgeScan(page: Page, text: string): Promise<void> {
  await deviceTypes(page, text, () => 8);
}

/** Scans a GCENROLL1 text by keyboard wedge and dismisses the result; throws unless it enrolled. */
export async function enrollByWedge(page: Page, enrollmentText: string): Promise<void> {
  await wedgeScan(page, enrollmentText);
  const result = page.locator('[data-enroll]');
  await result.waitFor({ timeout: 15_000 });
  const outcome = await result.getAttribute('data-enroll');
  if (outcome !== 'ok') throw new Error(`enrollment failed: ${await result.textContent()}`);
  await result.locator('.button-big').click();
  await result.waitFor({ state: 'detached', timeout: 5000 });
}

/** Waits until the service worker controls the page (needed before going offline). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
}

/** Waits until the about screen shows a held trust bundle (the app pulled it from the server). */
export async function waitForTrustOnAbout(page: Page): Promise<void> {
  await page.locator('[data-about="trust"]', { hasText: 'version' }).waitFor({ timeout: 15_000 });
}

/** The first line of the scan screen's sync indicator ("Online · 6 entries waiting to upload · …"). */
export async function syncLine(page: Page): Promise<string> {
  return (await page.locator('.sync p').first().textContent()) ?? '';
}

/** Entries the device still holds as not acknowledged by the server. */
export async function unsyncedOnDevice(page: Page): Promise<number> {
  return (await readEntries(page)).filter((e) => e.synced !== 1).length;
}

/**
 * Adds `count` unsynced entries straight into the app's IndexedDB `entries` store, in the
 * stored form of src/platform/storage/db.ts (EntryRecord). The built app's modules cannot be
 * imported from the page, and 3,000 scans would take minutes; the sync client then uploads
 * them through its real path (pendingForSync, batches, acknowledgement, markSynced).
 */
export async function seedPendingEntries(page: Page, count: number, checkpoint: string): Promise<string[]> {
  return page.evaluate(
    ({ count, checkpoint }) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('gatecheck');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('entries', 'readwrite');
          const store = tx.objectStore('entries');
          const ids: string[] = [];
          const start = Date.now() - count;
          const b64u = (bytes: Uint8Array) =>
            btoa(String.fromCharCode(...bytes))
              .replace(/\+/g, '-')
              .replace(/\//g, '_')
              .replace(/=+$/, '');
          for (let i = 0; i < count; i++) {
            const id = crypto.randomUUID();
            ids.push(id);
            store.add({
              id,
              time: start + i,
              checkpoint,
              direction: i % 2 ? 'out' : 'in',
              reason: 'ok',
              decision: 'admit',
              cid: b64u(crypto.getRandomValues(new Uint8Array(16))),
              synced: 0,
            });
          }
          tx.oncomplete = () => {
            db.close();
            resolve(ids);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { count, checkpoint },
  );
}

/** Polls `probe` until it returns true; throws with `what` after `timeoutMs`. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
