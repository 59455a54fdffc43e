/**
 * One pull of one peer's status chain (issue 15): its head with If-None-Match (a 304 means
 * nothing changed and costs one small request), then the deltas from the position relayed
 * here, or the snapshot parts when the peer answers 410 or nothing is relayed yet; and the
 * peer's newer snapshot once the chain is caught up, so scanners starting from the relay
 * get a short delta chain. Every envelope is opened against OUR published bundle and must be
 * a status document of the peer's own authority, signed by one of the peer's status keys
 * there (gc1.md §6): one refused envelope refuses the whole reply, and nothing of it is kept.
 */
import { routeUrl } from '../../core/api/api-client.ts';
import { openStatusList, type Ed25519Verifier, type SnapshotRef, type StatusDocument, type TrustBundle } from '../../core/index.ts';
import type { DeltaText, PeerChains, SnapshotPartText } from './peer-chains.ts';

/** A pull that failed: the peer was unreachable, answered wrongly, or sent what we refuse. */
export class PeerPullError extends Error {
  override readonly name = 'PeerPullError';
}

export interface PeerPullDeps {
  chains: PeerChains;
  /** The bundle this server publishes, verified; null before one is imported. */
  bundle: () => Promise<TrustBundle | null>;
  ed25519: Ed25519Verifier;
  fetch: typeof globalThis.fetch;
  /** Each request's own time limit (ms). */
  requestTimeoutMs: number;
}

export interface PeerPullResult {
  /** True when the peer answered 304 to the head: nothing changed. */
  notModified: boolean;
  /** The peer's head at this answer (its position). */
  peerSeq: number;
  peerEtag: string | null;
  /** The position relayed here afterwards. */
  seq: number | null;
  deltasStored: number;
  partsStored: number;
}

/** More rounds than this in one pull means the peer keeps moving; the next pull goes on. */
const MAX_ROUNDS = 4;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

interface PeerHead {
  seq: number;
  issuedAt: number;
  snapshot: SnapshotRef;
}

/** Brings the relayed chain of `authority` up to the peer's head. `signal` ends the whole pull. */
export async function pullPeer(deps: PeerPullDeps, authority: string, url: string, signal: AbortSignal): Promise<PeerPullResult> {
  const bundle = await deps.bundle();
  if (!bundle) throw new PeerPullError('no trust bundle is published here, so no peer envelope can be verified');
  if (!bundle.keys.some((k) => k.use === 'status' && k.authority === authority))
    throw new PeerPullError(`the published trust bundle lists no status key of authority ${authority}`);

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Response> => {
    const target = url + path;
    try {
      return await deps.fetch(target, {
        headers: { accept: 'application/json', ...headers },
        signal: AbortSignal.any([signal, AbortSignal.timeout(deps.requestTimeoutMs)]),
      });
    } catch (error) {
      throw new PeerPullError(`${target}: ${(error as Error).message}`);
    }
  };
  const json = async (response: Response, what: string): Promise<{ text: string; value: unknown }> => {
    const text = await response.text();
    try {
      return { text, value: JSON.parse(text) };
    } catch {
      throw new PeerPullError(`the peer's ${what} is not JSON`);
    }
  };
  const open = async (envelope: unknown, what: string): Promise<StatusDocument> => {
    const opened = await openStatusList(envelope, bundle, deps.ed25519);
    if (!opened.ok) throw new PeerPullError(`the peer's ${what} is refused (${opened.problem}): ${opened.detail}`);
    if (opened.document.authority !== authority)
      throw new PeerPullError(`the peer's ${what} is a status list of authority ${opened.document.authority}, not ${authority}`);
    return opened.document;
  };
  // The peer serves its own chain as its home chain: no authority selector is sent.
  const row = await deps.chains.row(authority);
  if (!row) throw new PeerPullError(`peer ${authority} is not registered`);
  const conditional = row.seq !== null && row.peer_etag ? { 'if-none-match': row.peer_etag } : undefined;
  const headResponse = await get(routeUrl('GET /api/status/head'), conditional);
  if (headResponse.status === 304 && row.peer_seq !== null) {
    return { notModified: true, peerSeq: row.peer_seq, peerEtag: row.peer_etag, seq: row.seq, deltasStored: 0, partsStored: 0 };
  }
  if (headResponse.status !== 200) throw new PeerPullError(`the peer's status head answered HTTP ${headResponse.status}`);
  const head = headOf((await json(headResponse, 'status head')).value);
  const etag = headResponse.headers.get('etag');

  let deltasStored = 0;
  let partsStored = 0;

  const fetchSnapshot = async (ref: SnapshotRef): Promise<boolean> => {
    const parts: SnapshotPartText[] = [];
    let issuedAt = 0;
    for (let part = 1; part <= ref.parts; part++) {
      const response = await get(routeUrl('GET /api/status/snapshot/:to/:part', { to: ref.to, part }));
      if (response.status === 404) return false; // the peer moved on and dropped it: ask its head again
      if (response.status !== 200) throw new PeerPullError(`the peer's snapshot part answered HTTP ${response.status}`);
      const { text, value } = await json(response, 'snapshot part');
      const doc = await open(value, `snapshot part ${part} of ${ref.to}`);
      if (doc.from !== 0 || doc.to !== ref.to || doc.part !== part || doc.parts !== ref.parts)
        throw new PeerPullError(`the peer's snapshot part ${part} of ${ref.to} is not that part`);
      issuedAt = Math.max(issuedAt, doc.issuedAt);
      // Kept as the peer sent it: scanners verify the peer's signature over exactly these bytes.
      parts.push({ part, envelope: text });
    }
    await deps.chains.storeSnapshot(authority, ref, parts, issuedAt);
    partsStored += parts.length;
    return true;
  };

  let current = head;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const held = await deps.chains.row(authority);
    const seq = held?.seq ?? null;
    if (seq !== null && seq > current.seq)
      throw new PeerPullError(`the peer's head ${current.seq} is behind the ${seq} relayed here: its chain went back`);
    if (seq !== null && seq === current.seq) {
      // Caught up: keep the peer's newer snapshot too, so a scanner starting here gets few deltas.
      if (held!.snapshot_to === null || current.snapshot.to > held!.snapshot_to) {
        if (!(await fetchSnapshot(current.snapshot))) current = await refreshHead();
        continue;
      }
      break;
    }
    let snapshot: SnapshotRef | null = seq === null ? current.snapshot : null;
    if (seq !== null) {
      const response = await get(routeUrl('GET /api/status/deltas', {}, { from: seq }));
      if (response.status === 410) {
        const gone = (await json(response, '410 answer')).value;
        snapshot = isObject(gone) ? snapshotOf(gone.snapshot) : null;
        if (!snapshot) throw new PeerPullError("the peer's 410 answer names no snapshot");
      } else if (response.status !== 200) {
        throw new PeerPullError(`the peer's deltas answered HTTP ${response.status}`);
      } else {
        const body = (await json(response, 'deltas')).value;
        if (!isObject(body) || !Array.isArray(body.envelopes)) throw new PeerPullError("the peer's deltas answer lacks envelopes");
        const deltas: DeltaText[] = [];
        let at = seq;
        let issuedAt = 0;
        for (const envelope of body.envelopes) {
          const doc = await open(envelope, `delta from ${at}`);
          if (doc.from !== at) throw new PeerPullError(`the peer's delta from ${doc.from} does not join the ${at} relayed here`);
          // The envelope as the peer wrote it (members in its order): payload, kid and signature unchanged.
          deltas.push({ from: doc.from, to: doc.to, entries: doc.entries.length, envelope: JSON.stringify(envelope) });
          issuedAt = Math.max(issuedAt, doc.issuedAt);
          at = doc.to;
        }
        if (await deps.chains.storeDeltas(authority, seq, deltas, issuedAt)) deltasStored += deltas.length;
        continue;
      }
    }
    if (snapshot && !(await fetchSnapshot(snapshot))) current = await refreshHead();
  }
  const after = await deps.chains.row(authority);
  return { notModified: false, peerSeq: head.seq, peerEtag: etag, seq: after?.seq ?? null, deltasStored, partsStored };

  async function refreshHead(): Promise<PeerHead> {
    const response = await get(routeUrl('GET /api/status/head'));
    if (response.status !== 200) throw new PeerPullError(`the peer's status head answered HTTP ${response.status}`);
    return headOf((await json(response, 'status head')).value);
  }
}

function snapshotOf(value: unknown): SnapshotRef | null {
  if (!isObject(value) || !isCount(value.to) || !isCount(value.parts) || value.parts < 1) return null;
  return { to: value.to, parts: value.parts };
}

function headOf(value: unknown): PeerHead {
  const snapshot = isObject(value) ? snapshotOf(value.snapshot) : null;
  if (!isObject(value) || !isCount(value.seq) || !isCount(value.issuedAt) || !snapshot)
    throw new PeerPullError("the peer's status head is malformed");
  return { seq: value.seq, issuedAt: value.issuedAt, snapshot };
}
