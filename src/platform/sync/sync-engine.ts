/**
 * When to talk to the server: pull trust data at start, when the network comes back and
 * periodically; push entries when they are added (debounced) and after each pull; retry a
 * failed pull or push with exponential backoff and jitter; purge synced entries past the
 * retention period. One pull and one push at a time. State changes go to `onChange`.
 */
import { authoritiesOf, type Ed25519Verifier } from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';
import { countPending, purgeSynced } from '../storage/entries.ts';
import type { IdbStatusChains } from '../trust/status-chains.ts';
import type { IdbTrustStore } from '../trust/trust-store.ts';
import { SyncApi, type Timing } from './api.ts';
import { backoffDelay } from '../../core/backoff.ts';
import type { ClockWatch } from './clock.ts';
import { loadDevice, updateDevice, type DeviceRecord } from './device.ts';
import { enrollFromText, type EnrollResult, type NameDevice } from './enroll.ts';
import { renameDevice, type RenameResult } from './rename-device.ts';
import { HttpError, NetworkError, ProtocolError, type FetchLike } from './http.ts';
import { pullStatus, pullTrust } from './pull.ts';
import { pushPending } from './push.ts';

export const RETENTION_MS = 7 * 24 * 3600_000;
/**
 * How often an online scanner asks for new trust and status data. A revocation should reach
 * a gate within about a minute; an unchanged pull is two small requests (an ETag 304 and an
 * empty delta list), so this costs little.
 */
export const PULL_EVERY_MS = 60_000;
/** A new entry is pushed this long after it was added, so a queue of scans goes in one batch. */
export const PUSH_DEBOUNCE_MS = 1500;

export interface SyncEngineDeps {
  db: GatecheckDb;
  /** The deployment's API base (absolute); null when config.json was not available. */
  apiBase: string | null;
  trust: IdbTrustStore | null;
  /** One status chain per authority; this server's list extends the chain of the bundle's home authority. */
  status: IdbStatusChains;
  ed25519: Ed25519Verifier;
  clock: ClockWatch;
  fetch?: FetchLike;
  now?: () => number;
  random?: () => number;
  online?: () => boolean;
  retentionMs?: number;
  pullEveryMs?: number;
  onChange: () => void;
}

/** What went wrong, as a kind the app can say in plain words (the raw text is for the About screen). */
/**
 * `not_configured`: this app has no server (config.json missing or invalid); `not_set_up`: the
 * server answers but holds no keys yet (its 503 `not_set_up`), so it has nothing to hand out.
 */
export type SyncProblem =
  | 'device_refused'
  | 'unreachable'
  | 'server_error'
  | 'not_set_up'
  | 'data_refused'
  | 'not_configured'
  | 'invalid_entries';

/** What the engine knows, for DataState. */
export interface SyncSnapshot {
  device: DeviceRecord | null;
  pendingEntries: number;
  /** When the server last answered a pull or an upload (ms); never moved by a job that sent nothing. */
  lastSyncOk: number | null;
  /** The raw error, for the engineer. */
  lastSyncError: string | null;
  syncProblem: SyncProblem | null;
}

const LAST_OK_KEY = 'sync.lastOk';
type Job = 'pull' | 'push';

export class SyncEngine {
  private device: DeviceRecord | null = null;
  /** Starts and ends of renames on this phone: a pull during which this changed keeps its answer's name out. */
  private renames = 0;
  private pendingEntries = 0;
  private lastOk: number | null = null;
  private errors: Record<Job, string | null> = { pull: null, push: null };
  private problems: Record<Job, SyncProblem | null> = { pull: null, push: null };
  /** Entries the last upload could not send (they fail validation): they stay, and are reported. */
  private invalidEntries = 0;
  private running: Record<Job, Promise<void> | null> = { pull: null, push: null };
  private again: Record<Job, boolean> = { pull: false, push: false };
  private attempts: Record<Job, number> = { pull: 0, push: 0 };
  private timers: Record<Job, ReturnType<typeof setTimeout> | null> = { pull: null, push: null };
  private periodic: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly online: () => boolean;
  /** The guard brought the app back to the foreground: its data may be minutes old. */
  private readonly onVisible = () => {
    if (globalThis.document?.visibilityState === 'visible' && this.online()) void this.pull();
  };
  private readonly onOnline = () => {
    this.attempts = { pull: 0, push: 0 };
    void this.pull();
    void this.push();
  };

  constructor(private readonly deps: SyncEngineDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.online = deps.online ?? (() => globalThis.navigator?.onLine ?? true);
  }

  /** Loads the enrollment and counters; `start()` then begins syncing. */
  async load(): Promise<void> {
    this.device = await loadDevice(this.deps.db);
    const lastOk = (await this.deps.db.meta.get(LAST_OK_KEY))?.value;
    this.lastOk = typeof lastOk === 'number' ? lastOk : null;
    this.pendingEntries = await countPending(this.deps.db);
  }

  /** Pulls and pushes now, then on every `online` event, on return to the foreground and periodically. */
  start(): void {
    globalThis.addEventListener?.('online', this.onOnline);
    globalThis.document?.addEventListener('visibilitychange', this.onVisible);
    this.periodic = setInterval(() => {
      void this.deps.clock.check().then(() => this.deps.onChange());
      if (this.online()) void this.pull();
    }, this.deps.pullEveryMs ?? PULL_EVERY_MS);
    this.firstPull = this.pull();
    void this.firstPull.then(() => this.push());
  }

  /** The pull `start()` began (resolved at once before start): errors are recorded, never thrown. */
  firstPull: Promise<void> = Promise.resolve();

  /** Stops timers and listeners (tests, page unload). Running requests finish. */
  stop(): void {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onOnline);
    globalThis.document?.removeEventListener('visibilitychange', this.onVisible);
    if (this.periodic) clearInterval(this.periodic);
    for (const job of ['pull', 'push'] as const) if (this.timers[job]) clearTimeout(this.timers[job]!);
  }

  snapshot(): SyncSnapshot {
    const refused = this.device?.refusedAt != null;
    return {
      device: this.device,
      pendingEntries: this.pendingEntries,
      lastSyncOk: this.lastOk,
      lastSyncError: this.errors.pull ?? this.errors.push ?? (refused ? REFUSED : null),
      // A refused device is the problem to fix first, whatever else failed.
      syncProblem: refused ? 'device_refused' : (this.problems.pull ?? this.problems.push),
    };
  }

  /** An entry was written: count it and push soon. */
  entryAdded(): void {
    void countPending(this.deps.db).then((n) => {
      this.pendingEntries = n;
      this.deps.onChange();
    });
    this.schedule('push', PUSH_DEBOUNCE_MS);
  }

  /** Enrolls from a scanned GCENROLL1 text, then uploads what waited. */
  async enroll(text: string, nameDevice?: NameDevice): Promise<EnrollResult> {
    if (!this.deps.apiBase) return { ok: false, problem: 'not_configured', error: 'this app has no server configured (config.json)' };
    const result = await enrollFromText(text, {
      db: this.deps.db,
      apiBase: this.deps.apiBase,
      fetch: this.deps.fetch,
      now: this.now,
      ...(nameDevice ? { nameDevice } : {}),
    });
    if (result.ok && !result.already) {
      this.device = result.device;
      this.errors.push = null;
      this.problems.push = null;
      this.deps.onChange();
      void this.push();
    }
    return result;
  }

  /**
   * Renames this device on the server (the guard on the phone). A 401 marks the enrollment
   * refused, as a failed sync does; nothing is stored unless the server took the name.
   */
  async renameDevice(name: string): Promise<RenameResult> {
    const device = this.device;
    this.renames++;
    const result = await renameDevice(device, name, { db: this.deps.db, fetch: this.deps.fetch });
    // Counted at the start and the end: a pull overlapping either keeps its (older) name out.
    this.renames++;
    if (result.ok) this.device = result.device;
    else if (result.problem === 'device_refused' && device && device.refusedAt === null)
      this.device = await updateDevice(this.deps.db, device.deviceId, { refusedAt: this.now() });
    this.deps.onChange();
    return result;
  }

  /** Pulls trust data (and the checkpoint policy when enrolled) now; resolves when done. */
  pull(): Promise<void> {
    return this.run('pull', () => this.pullOnce());
  }

  /** Pushes pending entries now; resolves when done (errors are recorded, not thrown). */
  push(): Promise<void> {
    return this.run('push', () => this.pushOnce());
  }

  /** Resolves true: a pull that did not throw had the server's answers. */
  private async pullOnce(): Promise<boolean> {
    const apiBase = this.deps.apiBase;
    if (!apiBase || !this.deps.trust) throw new NotConfigured('no server configured (config.json missing or invalid)');
    const api = new SyncApi(apiBase, this.deps.fetch);
    const nowSeconds = () => Math.floor(this.now() / 1000);
    const trust = await pullTrust(api, this.deps.trust, nowSeconds());
    await this.observeClock(trust.timing);
    this.deps.onChange();
    if (trust.outcome !== 'none_published') {
      const home = this.deps.trust.current()?.bundle.authority;
      if (!home) throw new ProtocolError('no trust bundle held: status lists cannot be verified yet');
      const list = await this.deps.status.chainFor(home);
      const status = await pullStatus(api, this.deps.trust, list, this.deps.ed25519, nowSeconds());
      await this.observeClock(status.timing);
    }
    // Recognised peers' chains, as this server relays them: after the home chain and the
    // checkpoint, so a peer's trouble never holds up either; its error is reported after.
    const peerError = trust.outcome === 'none_published' ? null : await this.pullPeers(api, nowSeconds);
    const device = this.device;
    if (device && device.refusedAt === null) {
      try {
        const renames = this.renames;
        const answer = await new SyncApi(device.apiBase, this.deps.fetch).checkpoint(device.credential);
        await this.observeClock(answer.timing);
        // The name the console may have given it; not one read before the guard's own rename finished.
        const name = answer.deviceName !== undefined && renames === this.renames ? { name: answer.deviceName } : {};
        this.device = await updateDevice(this.deps.db, device.deviceId, { checkpoint: answer.checkpoint, policy: answer.policy, ...name });
      } catch (error) {
        await this.handleDeviceError(device, error);
        throw error;
      }
    }
    if (peerError) throw peerError;
    return true;
  }

  /**
   * Pulls the chain of every other authority the bundle recognises that the server relays
   * (a 404 means it relays none: nothing is created for it), each by the one pullStatus as
   * the home chain. Returns the first failure, after trying them all.
   */
  private async pullPeers(api: SyncApi, nowSeconds: () => number): Promise<unknown> {
    const trust = this.deps.trust!;
    const bundle = trust.current()?.bundle;
    if (!bundle) return null;
    let failure: unknown = null;
    for (const authority of authoritiesOf(bundle)) {
      if (authority === bundle.authority) continue;
      try {
        const peerApi = api.forAuthority(authority);
        const known = await peerApi.relayedHead();
        if (!known) continue;
        const list = await this.deps.status.chainFor(authority);
        await pullStatus(peerApi, trust, list, this.deps.ed25519, nowSeconds(), known);
      } catch (error) {
        failure ??= error;
      }
    }
    return failure;
  }

  /** Resolves true only when entries went to the server and it answered; false when nothing was sent. */
  private async pushOnce(): Promise<boolean> {
    // Only entries the server acknowledged are ever purged: purgeSynced never touches synced=0.
    await purgeSynced(this.now() - (this.deps.retentionMs ?? RETENTION_MS), this.deps.db);
    const device = this.device;
    this.pendingEntries = await countPending(this.deps.db);
    if (device && device.refusedAt === null && this.pendingEntries > 0) {
      const api = new SyncApi(device.apiBase, this.deps.fetch);
      try {
        // Loaded on the first upload: the contract's schema check (TypeBox) is not start-up work.
        const { isUploadable } = await import('./entry-check.ts');
        const result = await pushPending(this.deps.db, api, device.credential, isUploadable, {
          now: this.now,
          onBatch: () =>
            void countPending(this.deps.db).then((n) => {
              this.pendingEntries = n;
              this.deps.onChange();
            }),
        });
        if (result.timing) await this.observeClock(result.timing);
        this.invalidEntries = result.invalid;
        return true;
      } catch (error) {
        await this.handleDeviceError(device, error);
        throw error;
      } finally {
        this.pendingEntries = await countPending(this.deps.db);
      }
    }
    return false;
  }

  private async handleDeviceError(device: DeviceRecord, error: unknown): Promise<void> {
    if (error instanceof HttpError && error.status === 401) {
      this.device = await updateDevice(this.deps.db, device.deviceId, { refusedAt: this.now() });
    }
  }

  private async observeClock(timing: Timing): Promise<void> {
    await this.deps.clock.observe(timing.serverTime, timing.sentAt, timing.receivedAt);
  }

  /** Single flight per job; a call during a run makes one more run afterwards. */
  private run(job: Job, work: () => Promise<boolean>): Promise<void> {
    if (this.running[job]) {
      this.again[job] = true;
      return this.running[job]!;
    }
    if (this.timers[job]) {
      clearTimeout(this.timers[job]!);
      this.timers[job] = null;
    }
    const runOnce = async (): Promise<void> => {
      if (!this.online()) {
        // Not an error: the `online` event will bring us back.
        return;
      }
      try {
        const answered = await work();
        this.errors[job] = null;
        this.problems[job] = null;
        this.attempts[job] = 0;
        if (job === 'push' && this.invalidEntries > 0) {
          this.errors.push = `${this.invalidEntries} entries cannot be uploaded (invalid) and stay on this device`;
          this.problems.push = 'invalid_entries';
        }
        // "Last sync" says when the server last answered: a job that sent nothing moves nothing.
        if (answered) {
          this.lastOk = this.now();
          await this.deps.db.meta.put({ key: LAST_OK_KEY, value: this.lastOk });
        }
      } catch (error) {
        this.errors[job] = describe(error);
        this.problems[job] = syncProblemOf(error);
        if (isFinal(error)) return;
        this.schedule(job, backoffDelay(this.attempts[job]++, { random: this.random }));
      } finally {
        this.deps.onChange();
      }
    };
    const flight = (async () => {
      do {
        this.again[job] = false;
        await runOnce();
      } while (this.again[job] && !this.stopped);
    })().finally(() => {
      this.running[job] = null;
    });
    this.running[job] = flight;
    return flight;
  }

  private schedule(job: Job, delayMs: number): void {
    if (this.stopped) return;
    if (this.timers[job]) clearTimeout(this.timers[job]!);
    this.timers[job] = setTimeout(() => {
      this.timers[job] = null;
      void this.run(job, () => (job === 'pull' ? this.pullOnce() : this.pushOnce()));
    }, delayMs);
  }
}

/** Without config.json there is nothing to pull from; retrying would not change that. */
class NotConfigured extends Error {}

/** A refused credential is final until the device enrolls again; everything else is retried. */
function isFinal(error: unknown): boolean {
  return (error instanceof HttpError && error.status === 401) || error instanceof NotConfigured;
}

const REFUSED = 'the server refused this device (revoked or unknown): enroll again';

/** What a failed pull or push means for the guard (the status line's one sentence). */
export function syncProblemOf(error: unknown): SyncProblem {
  if (error instanceof HttpError) {
    if (error.status === 401) return 'device_refused';
    const problem = (error.body as { problem?: unknown } | null)?.problem;
    return error.status === 503 && problem === 'not_set_up' ? 'not_set_up' : 'server_error';
  }
  if (error instanceof NetworkError) return 'unreachable';
  if (error instanceof NotConfigured) return 'not_configured';
  if (error instanceof ProtocolError) return 'data_refused';
  return 'server_error';
}

function describe(error: unknown): string {
  if (error instanceof HttpError && error.status === 401) return REFUSED;
  if (error instanceof NetworkError) return `server not reachable: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
