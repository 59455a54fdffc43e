/**
 * The sync API (the route table in core/api/routes.ts; types only, so no TypeBox here) as
 * typed calls. Every answer is checked before use: the server is on the other side of a network, and signed documents are checked again by
 * the trust layer, so here only the shapes around them are validated.
 */
import { parsePolicy, type CheckpointPolicy } from '../../core/index.ts';
import type { CheckpointInfo, EntriesRequest, EnrollRequest, EntryUpload, SnapshotRef, StatusHead } from '../../core/api/sync.ts';
import { ProtocolError, requestJson, type FetchLike } from './http.ts';

/** When a request went out and came back, with the server's time if it said (ms). */
export interface Timing {
  sentAt: number;
  receivedAt: number;
  /** serverTime from the body, else the HTTP Date header (second precision). */
  serverTime: number | null;
  /** True when serverTime came from the Date header. */
  coarse: boolean;
}

export interface Enrolled {
  deviceId: string;
  credential: string;
  checkpoint: CheckpointInfo;
  policy: CheckpointPolicy;
}

export type DeltasAnswer = { kind: 'chain'; envelopes: unknown[] } | { kind: 'gone'; snapshot: SnapshotRef };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const CREDENTIAL = /^[A-Za-z0-9_-]{16,128}$/;

/** Calls to one server; `base` is its absolute URL without a trailing slash. */
export class SyncApi {
  constructor(
    readonly base: string,
    private readonly fetchFn: FetchLike = (input, init) => globalThis.fetch(input, init),
    /**
     * Whose status chain the status calls read (GC1 1.1 §6): absent, the server's own; a
     * recognised peer's id, that peer's chain as the server relays it (`serve --peer`).
     */
    readonly authority?: string,
  ) {}

  /** The same server's calls for the chain of `authority`. */
  forAuthority(authority: string): SyncApi {
    return new SyncApi(this.base, this.fetchFn, authority);
  }

  private get selector(): { authority?: string } {
    return this.authority === undefined ? {} : { authority: this.authority };
  }

  /** POST /api/devices/enroll with a one-time token. */
  async enroll(token: string, deviceName?: string): Promise<Enrolled> {
    const request: EnrollRequest = deviceName ? { token, deviceName } : { token };
    const res = await requestJson(this.fetchFn, this.base, 'POST /api/devices/enroll', { body: request });
    const body = res.body;
    if (!isObject(body) || typeof body.deviceId !== 'string' || typeof body.credential !== 'string' || !CREDENTIAL.test(body.credential)) {
      throw new ProtocolError('enrollment answer lacks deviceId or a valid credential');
    }
    const checkpoint = checkpointOf(body.checkpoint);
    const policy = isObject(body.checkpoint) ? parsePolicy(body.checkpoint.policy) : null;
    if (!checkpoint || !policy) throw new ProtocolError('enrollment answer has no valid checkpoint and policy');
    return { deviceId: body.deviceId, credential: body.credential, checkpoint, policy };
  }

  /** POST /api/devices/enroll/preview: where an unspent token would enroll, and the device number to offer. */
  async previewEnroll(token: string): Promise<{ checkpointName: string; deviceNumber: number }> {
    const res = await requestJson(this.fetchFn, this.base, 'POST /api/devices/enroll/preview', { body: { token } });
    const body = res.body;
    const checkpoint = isObject(body) && isObject(body.checkpoint) ? body.checkpoint : null;
    if (!checkpoint || typeof checkpoint.name !== 'string' || !isObject(body) || !isCount(body.deviceNumber) || body.deviceNumber < 1)
      throw new ProtocolError('enrollment preview lacks the checkpoint or the device number');
    return { checkpointName: checkpoint.name, deviceNumber: body.deviceNumber };
  }

  /** PATCH /api/device: renames this device (a blank name clears it); the name the server stored. */
  async renameDevice(credential: string, name: string): Promise<string> {
    const res = await requestJson(this.fetchFn, this.base, 'PATCH /api/device', { body: { name } }, { credential });
    const body = res.body;
    if (!isObject(body) || typeof body.name !== 'string') throw new ProtocolError('rename answer lacks the stored name');
    return body.name;
  }

  /** POST /api/entries: the ids the server acknowledged. */
  async postEntries(credential: string, entries: EntryUpload[]): Promise<{ acknowledged: string[]; timing: Timing }> {
    const request: EntriesRequest = { entries };
    const res = await requestJson(this.fetchFn, this.base, 'POST /api/entries', { body: request }, { credential, timeoutMs: 60_000 });
    const body = res.body;
    if (!isObject(body) || !Array.isArray(body.acknowledged) || !body.acknowledged.every((id) => typeof id === 'string')) {
      throw new ProtocolError('entries answer lacks the acknowledged ids');
    }
    return { acknowledged: body.acknowledged as string[], timing: timingOf(res, body.serverTime) };
  }

  /** GET /api/checkpoint: this device's checkpoint and its policy, and its name when the server says it. */
  async checkpoint(
    credential: string,
  ): Promise<{ checkpoint: CheckpointInfo; policy: CheckpointPolicy; deviceName?: string; timing: Timing }> {
    const res = await requestJson(this.fetchFn, this.base, 'GET /api/checkpoint', {}, { credential });
    const body = res.body;
    const checkpoint = isObject(body) ? checkpointOf(body.checkpoint) : null;
    const policy = isObject(body) ? parsePolicy(body.policy) : null;
    if (!checkpoint || !policy) throw new ProtocolError('checkpoint answer has no valid checkpoint and policy');
    const { deviceName, serverTime } = body as Record<string, unknown>;
    return { checkpoint, policy, ...(typeof deviceName === 'string' ? { deviceName } : {}), timing: timingOf(res, serverTime) };
  }

  /** GET /api/trust: the signed bundle envelope, or null when none is published yet. */
  async trust(): Promise<{ envelope: unknown | null; timing: Timing }> {
    const res = await requestJson(this.fetchFn, this.base, 'GET /api/trust', {}, { accept: [404] });
    return { envelope: res.status === 404 ? null : res.body, timing: timingOf(res, undefined) };
  }

  /** GET /api/status/head. */
  async statusHead(): Promise<{ head: StatusHead; timing: Timing }> {
    const head = await this.relayedHead();
    if (!head) throw new ProtocolError(`the server relays no status of authority ${this.authority}`);
    return head;
  }

  /** GET /api/status/head, or null when the server relays no chain of this authority (404). */
  async relayedHead(): Promise<{ head: StatusHead; timing: Timing } | null> {
    const res = await requestJson(this.fetchFn, this.base, 'GET /api/status/head', { query: this.selector }, { accept: [404] });
    if (res.status === 404) return null;
    const body = res.body;
    const snapshot = isObject(body) ? snapshotOf(body.snapshot) : null;
    if (!isObject(body) || !isCount(body.seq) || !isCount(body.issuedAt) || !snapshot)
      throw new ProtocolError('status head answer is malformed');
    const head: StatusHead = { seq: body.seq, issuedAt: body.issuedAt, snapshot };
    // A relayed chain's confirmation time (StatusHead.confirmedAt): kept, so the chain is dated by the relay's last pull.
    if (isCount(body.confirmedAt)) head.confirmedAt = body.confirmedAt;
    return { head, timing: timingOf(res, undefined) };
  }

  /** GET one snapshot part; null when the server no longer keeps that snapshot (404). */
  async snapshotPart(to: number, part: number): Promise<unknown | null> {
    const res = await requestJson(
      this.fetchFn,
      this.base,
      'GET /api/status/snapshot/:to/:part',
      { params: { to: String(to), part: String(part) }, query: this.selector },
      { accept: [404], timeoutMs: 60_000 },
    );
    return res.status === 404 ? null : res.body;
  }

  /** GET the delta chain from `from`; `gone` (410) means: take the snapshot instead. */
  async deltas(from: number): Promise<DeltasAnswer> {
    const res = await requestJson(
      this.fetchFn,
      this.base,
      'GET /api/status/deltas',
      { query: { from: String(from), ...this.selector } },
      { accept: [410], timeoutMs: 60_000 },
    );
    const body = res.body;
    if (res.status === 410) {
      const snapshot = isObject(body) ? snapshotOf(body.snapshot) : null;
      if (!snapshot) throw new ProtocolError('410 answer names no snapshot');
      return { kind: 'gone', snapshot };
    }
    if (!isObject(body) || !Array.isArray(body.envelopes)) throw new ProtocolError('deltas answer lacks envelopes');
    return { kind: 'chain', envelopes: body.envelopes };
  }
}

function checkpointOf(value: unknown): CheckpointInfo | null {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.name !== 'string') return null;
  return { id: value.id, name: value.name, site: typeof value.site === 'string' ? value.site : '' };
}

function snapshotOf(value: unknown): SnapshotRef | null {
  if (!isObject(value) || !isCount(value.to) || !isCount(value.parts)) return null;
  return { to: value.to, parts: value.parts };
}

function timingOf(res: { sentAt: number; receivedAt: number; date: number | null }, serverTime: unknown): Timing {
  const precise = typeof serverTime === 'number' && Number.isFinite(serverTime) && serverTime > 0;
  return {
    sentAt: res.sentAt,
    receivedAt: res.receivedAt,
    // The Date header truncates to the second: its midpoint is half a second later.
    serverTime: precise ? serverTime : res.date === null ? null : res.date + 500,
    coarse: !precise,
  };
}
