/**
 * Pulling public trust data: the trust bundle, then the status list by deltas from the
 * sequence held, or by snapshot parts (with progress, resuming the parts already held) when
 * the device has no list or the server answers 410. Every document is verified by the core
 * before the trust layer stores it; a refused document changes nothing that is held.
 */
import { missingParts, openStatusList, type Ed25519Verifier, type SnapshotRef, type StatusHead } from '../../core/index.ts';
import type { IdbStatusList } from '../trust/status-list.ts';
import type { IdbTrustStore } from '../trust/trust-store.ts';
import type { SyncApi, Timing } from './api.ts';
import { ProtocolError } from './http.ts';

export interface TrustPull {
  outcome: 'stored' | 'confirmed' | 'none_published';
  timing: Timing;
}

/** Fetches the published bundle and offers it to the store; throws when it is refused. */
export async function pullTrust(api: SyncApi, trust: IdbTrustStore, nowSeconds: number): Promise<TrustPull> {
  const { envelope, timing } = await api.trust();
  if (envelope === null) return { outcome: 'none_published', timing };
  const offer = await trust.offer(envelope, nowSeconds);
  if (offer.kind === 'refused') throw new ProtocolError(`trust bundle refused (${offer.problem}): ${offer.detail}`);
  return { outcome: offer.kind, timing };
}

export interface StatusPull {
  /** The sequence held afterwards. */
  seq: number | null;
  head: StatusHead;
  deltasApplied: number;
  partsFetched: number;
  timing: Timing;
}

/** More rounds than this in one pull means the server keeps moving; the next pull goes on. */
const MAX_ROUNDS = 4;

/** Brings one authority's status chain up to the head its endpoints serve. Needs the trust bundle (for the status keys). */
export async function pullStatus(
  api: SyncApi,
  trust: IdbTrustStore,
  list: IdbStatusList,
  ed25519: Ed25519Verifier,
  nowSeconds: number,
  /** The head when the caller already asked for it (a relayed chain, asked first to learn whether the server relays it). */
  known?: { head: StatusHead; timing: Timing },
): Promise<StatusPull> {
  const bundle = trust.current()?.bundle;
  if (!bundle) throw new ProtocolError('no trust bundle held: status lists cannot be verified yet');
  let { head, timing } = known ?? (await api.statusHead());
  let deltasApplied = 0;
  let partsFetched = 0;

  const open = async (envelope: unknown) => {
    const opened = await openStatusList(envelope, bundle, ed25519);
    if (!opened.ok) throw new ProtocolError(`status document refused (${opened.problem}): ${opened.detail}`);
    // Each endpoint serves one authority's chain (gc1.md §6): a document of another goes nowhere.
    if (opened.document.authority !== list.authority) {
      throw new ProtocolError(`status document of authority ${opened.document.authority} where ${list.authority}'s chain is served`);
    }
    return opened.document;
  };

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const held = await list.held();
    if (held.seq !== null && held.seq >= head.seq) break;
    let snapshot: SnapshotRef | null = held.seq === null ? head.snapshot : null;
    if (held.seq !== null) {
      const answer = await api.deltas(held.seq);
      if (answer.kind === 'gone') snapshot = answer.snapshot;
      else {
        for (const envelope of answer.envelopes) {
          const plan = await list.apply(await open(envelope));
          if (plan.kind === 'gap') break; // the chain does not join ours: ask again next round
          if (plan.kind === 'apply-delta') deltasApplied++;
        }
        continue;
      }
    }
    if (snapshot && (held.seq === null || snapshot.to > held.seq)) {
      const pending = held.pending && held.pending.to === snapshot.to && held.pending.parts === snapshot.parts ? held.pending : null;
      const wanted = pending ? missingParts(pending) : Array.from({ length: snapshot.parts }, (_, i) => i + 1);
      let lost = false;
      for (const part of wanted) {
        const envelope = await api.snapshotPart(snapshot.to, part);
        // The server moved on and dropped that snapshot: start again from its new head.
        if (envelope === null) {
          lost = true;
          break;
        }
        await list.apply(await open(envelope));
        partsFetched++;
      }
      if (lost) ({ head, timing } = await api.statusHead());
    }
  }
  const seq = list.seq;
  // A relayed chain is only as current as the relay's last pull of its peer (StatusHead.confirmedAt).
  if (seq !== null && seq >= head.seq) await list.markChecked(Math.min(nowSeconds, head.confirmedAt ?? nowSeconds));
  return { seq, head, deltasApplied, partsFetched, timing };
}
