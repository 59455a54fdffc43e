/**
 * The trust bundle in IndexedDB (gc1.md §4.1): kept as the signed envelope exactly as
 * received and re-verified against the deployment's pinned root on every load, so nothing
 * stored is trusted just because it is stored. No rollback: a bundle with a lower seq is
 * refused; one signed by another key is refused whole, and the held bundle stays.
 */
import {
  openTrustBundle,
  type BundleProblem,
  type Ed25519Verifier,
  type Envelope,
  type TrustBundle,
  type TrustState,
} from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';
import type { TrustRecord } from './records.ts';
import { withWriterLock } from './writer-lock.ts';

/** What happened to an offered bundle. */
export type TrustOffer =
  | { kind: 'stored'; bundle: TrustBundle }
  /** The held bundle again: only its checkedAt moved. */
  | { kind: 'confirmed'; bundle: TrustBundle }
  /** Refused; the held bundle (if any) is kept. `conflict`: same seq, different content. */
  | { kind: 'refused'; problem: BundleProblem | 'conflict'; detail: string };

const TRUST_LOCK = 'gatecheck-trust-writer';

/** The held, verified trust bundle of this device. Open with `IdbTrustStore.open`. */
export class IdbTrustStore {
  private held: { bundle: TrustBundle; envelope: Envelope; checkedAt: number } | null = null;
  /** Why the stored bundle was not accepted at load (e.g. the deployment's root changed). */
  loadProblem: string | null = null;

  private constructor(
    private readonly db: GatecheckDb,
    private readonly rootKey: Uint8Array,
    private readonly ed25519: Ed25519Verifier,
  ) {}

  /** Loads and re-verifies the stored bundle under `rootKey`. */
  static async open(db: GatecheckDb, rootKey: Uint8Array, ed25519: Ed25519Verifier): Promise<IdbTrustStore> {
    const store = new IdbTrustStore(db, rootKey, ed25519);
    await store.reload();
    return store;
  }

  /** The state verify() takes; null before any bundle is held. */
  current(): TrustState | null {
    return this.held && { bundle: this.held.bundle, checkedAt: this.held.checkedAt };
  }

  /** Re-reads the stored bundle (another tab may have stored a newer one). */
  async reload(): Promise<void> {
    const record = await this.db.trust.get('current');
    if (!record) {
      this.held = null;
      return;
    }
    const opened = await openTrustBundle(record.envelope, this.rootKey, this.ed25519);
    if (opened.ok) {
      this.held = { bundle: opened.bundle, envelope: record.envelope, checkedAt: record.checkedAt };
      this.loadProblem = null;
    } else {
      // Not trusted and not used for the rollback check either: it may be a previous
      // deployment's bundle under another root. The next valid bundle replaces it.
      this.held = null;
      this.loadProblem = `stored trust bundle refused (${opened.problem}): ${opened.detail}`;
    }
  }

  /** Verifies an offered envelope (from the server or a file) and stores it if newer. */
  offer(envelope: unknown, checkedAt: number): Promise<TrustOffer> {
    return withWriterLock(TRUST_LOCK, async () => {
      await this.reload();
      const heldSeq = this.held?.bundle.seq ?? null;
      const opened = await openTrustBundle(envelope, this.rootKey, this.ed25519, heldSeq);
      if (!opened.ok) return { kind: 'refused', problem: opened.problem, detail: opened.detail };
      const offered = envelope as Envelope;
      const record: TrustRecord = {
        id: 'current',
        envelope: { payload: offered.payload, kid: offered.kid, sig: offered.sig },
        seq: opened.bundle.seq,
        checkedAt,
      };
      if (this.held && opened.bundle.seq === heldSeq) {
        if (this.held.envelope.payload !== offered.payload) {
          return { kind: 'refused', problem: 'conflict', detail: `a different bundle with the held seq ${heldSeq}; keeping the held one` };
        }
        record.checkedAt = Math.max(checkedAt, this.held.checkedAt);
        await this.db.trust.put(record);
        this.held = { ...this.held, checkedAt: record.checkedAt };
        return { kind: 'confirmed', bundle: this.held.bundle };
      }
      await this.db.trust.put(record);
      this.held = { bundle: opened.bundle, envelope: record.envelope, checkedAt };
      return { kind: 'stored', bundle: opened.bundle };
    });
  }

  /** Records that the server still serves the held bundle (HTTP 304), in Unix seconds. */
  async confirm(checkedAt: number): Promise<void> {
    await withWriterLock(TRUST_LOCK, async () => {
      const record = await this.db.trust.get('current');
      if (!record || !this.held || record.envelope.payload !== this.held.envelope.payload) return;
      const next = Math.max(checkedAt, record.checkedAt);
      await this.db.trust.put({ ...record, checkedAt: next });
      this.held = { ...this.held, checkedAt: next };
    });
  }
}
