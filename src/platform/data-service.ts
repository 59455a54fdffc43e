/**
 * The one object the app uses for trust data, status lists, sync and the device clock.
 * It loads the deployment's config (the pinned root key), the held trust bundle (re-verified)
 * and status list from IndexedDB, chooses Ed25519 once, and runs the sync engine. Screens
 * read `state()` and `subscribe()`; the scan flow reads `verifierContext()` and `clockNote()`.
 */
import {
  DEFAULT_AUTHORITY,
  type CheckpointInfo,
  type CheckpointPolicy,
  type Ed25519Verifier,
  type StatusSource,
  type TrustState,
} from '../core/index.ts';
import type { EnrollProblem, NameDevice } from './sync/enroll.ts';
import type { RenameOutcome } from './sync/rename-device.ts';
import { platformEd25519 } from './crypto.ts';
import { openDb, type GatecheckDb } from './storage/db.ts';
import { loadDeploymentConfig, type DeploymentConfig } from './trust/config.ts';
import { IdbStatusChains } from './trust/status-chains.ts';
import { IdbTrustStore } from './trust/trust-store.ts';
import { ClockWatch, type ClockSources, type ClockWarning } from './sync/clock.ts';
import type { FetchLike } from './sync/http.ts';
import { SyncEngine, type SyncProblem } from './sync/sync-engine.ts';
import { BACKGROUND_SYNC_TAG } from './sync/background-tag.ts';

/** What the scan screen, the sync indicator and the about screen show. Times: see README. */
export interface DataState {
  hasTrust: boolean;
  /** Unix seconds (as in the signed documents). */
  trust: { seq: number; issuedAt: number; expiresAt: number; checkedAt: number | null } | null;
  status: { seq: number | null; issuedAt: number | null; checkedAt: number | null; size: number } | null;
  /** A snapshot download in progress; `building` (0..1) once all parts are held. */
  snapshotProgress: { to: number; have: number; parts: number; building?: number } | null;
  pendingEntries: number;
  /** Unix ms of the last successful pull or push. */
  lastSyncOk: number | null;
  lastSyncError: string | null;
  /** The sync problem as a kind the app says in plain words; the raw text above is for About. */
  syncProblem: SyncProblem | null;
  online: boolean;
  enrolled: boolean;
  checkpoint: CheckpointInfo | null;
  /**
   * This device's name as the server last had it ('' unnamed or not known yet); null when it
   * never enrolled. Kept after the server refused the device (the guard still sees it).
   */
  deviceName: string | null;
  /** The enrolled checkpoint's policy from the server (it wins over local settings). */
  policy: CheckpointPolicy | null;
  clockOffsetMs: number | null;
  clockWarning: ClockWarning;
  /** Why trust data cannot be used, for the about screen (e.g. config.json missing). */
  problem: string | null;
}

/** What verify() needs, plus the server's policy when enrolled. */
export interface VerifierContext {
  trust: TrustState | null;
  status: StatusSource | null;
  ed25519: Ed25519Verifier;
  policy: CheckpointPolicy | null;
}

/** The app's data service. */
export interface DataService {
  verifierContext(): VerifierContext;
  state(): DataState;
  subscribe(listener: (state: DataState) => void): () => void;
  /** The note to put on an entry made now (clock off or went back), else undefined. */
  clockNote(): string | undefined;
  /** Pulls trust data now (and pushes); resolves when done. */
  refresh(): Promise<void>;
  /**
   * Resolves once the data a scan needs is as good as it will get soon: at once when a trust
   * bundle and a status list are held, else when the first pull after start has finished
   * (or failed), waiting at most `timeoutMs`. A code shown while a new device is still
   * fetching its first trust data is then checked against it, not refused as unknown.
   */
  whenReady(timeoutMs?: number): Promise<void>;
  pushNow(): Promise<void>;
  /**
   * Enrolls from a scanned GCENROLL1 text, offering the name `nameDevice` makes. `already`:
   * enrolled with this very code before (read again); `deviceName` the name sent; `problem` says
   * why it failed, `error` the raw text.
   */
  enroll(
    text: string,
    nameDevice?: NameDevice,
  ): Promise<
    { ok: true; checkpoint: CheckpointInfo; already?: boolean; deviceName?: string } | { ok: false; problem: EnrollProblem; error: string }
  >;
  /** Renames this device on the server (the guard on the phone); `problem` says why not, `error` the raw text. */
  renameDevice(name: string): Promise<RenameOutcome>;
  /** A new entry or override was written: push soon. */
  entryAdded(): void;
  /** Stops timers and listeners (tests). */
  close(): void;
}

/** Options for tests and benches; the app calls createDataService() with none. */
export interface DataServiceOptions {
  db?: GatecheckDb;
  /** The app's origin (resolves config.json and an empty apiBase). */
  origin?: string;
  configUrl?: string;
  fetch?: FetchLike;
  clock?: ClockSources;
  /** false: load everything but do not start syncing (tests drive refresh/pushNow). */
  autoSync?: boolean;
  pullEveryMs?: number;
  retentionMs?: number;
  /** The timer whenReady's bound runs on (tests drive a manual one, test/support/manual-timers.ts). */
  timers?: { setTimer(fn: () => void, ms: number): unknown; clearTimer(handle: unknown): void };
}

const CHANNEL = 'gatecheck-data';

/** Loads the data layer and starts syncing; resolves once held data is ready for scans. */
export async function createDataService(options: DataServiceOptions = {}): Promise<DataService> {
  const db = options.db ?? openDb();
  const timers = options.timers ?? {
    setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const origin = options.origin ?? globalThis.location?.origin ?? 'http://localhost';
  const ed25519 = await platformEd25519();
  const listeners = new Set<(state: DataState) => void>();
  let current: DataState | null = null;
  let notifyQueued = false;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  let closed = false;
  const changed = (fromOtherTab = false) => {
    current = null;
    // A pull still in flight may finish after close(); the channel is gone by then.
    if (closed) return;
    if (!fromOtherTab) channel?.postMessage('changed');
    if (notifyQueued) return;
    notifyQueued = true;
    queueMicrotask(() => {
      notifyQueued = false;
      const state = service.state();
      for (const listener of listeners) listener(state);
    });
  };

  const configResult = await loadDeploymentConfig(db, { origin, url: options.configUrl, fetch: options.fetch });
  const config: DeploymentConfig | null = configResult.ok ? configResult.config : null;
  const trust = config ? await IdbTrustStore.open(db, config.rootKey, ed25519) : null;
  const chains = await IdbStatusChains.open(db, () => ({ onProgress: () => changed() }));
  // The home authority's chain is the one the scan screen reports; verify() reads every chain.
  const homeChain = () => chains.chain(trust?.current()?.bundle.authority ?? DEFAULT_AUTHORITY);
  const clock = await ClockWatch.open(db, options.clock);
  const engine = new SyncEngine({
    db,
    apiBase: config?.apiBase ?? null,
    trust,
    status: chains,
    ed25519,
    clock,
    fetch: options.fetch,
    pullEveryMs: options.pullEveryMs,
    retentionMs: options.retentionMs,
    onChange: () => changed(),
  });
  await engine.load();

  // Another tab stored newer trust data or enrolled: re-read what it wrote.
  if (channel) {
    channel.onmessage = () => {
      void Promise.all([trust?.reload(), chains.reload(), engine.load()]).then(() => changed(true));
    };
  }
  const onNetwork = () => changed();
  globalThis.addEventListener?.('online', onNetwork);
  globalThis.addEventListener?.('offline', onNetwork);

  const problem = configResult.ok ? (trust?.loadProblem ?? null) : configResult.error;

  const service: DataService = {
    verifierContext() {
      const sync = engine.snapshot();
      const enrolled = sync.device !== null && sync.device.refusedAt === null;
      return {
        trust: trust?.current() ?? null,
        status: chains,
        ed25519,
        policy: enrolled ? sync.device!.policy : null,
      };
    },
    state() {
      if (current) return current;
      const held = trust?.current() ?? null;
      const sync = engine.snapshot();
      const device = sync.device;
      const enrolled = device !== null && device.refusedAt === null;
      const status = homeChain();
      current = {
        hasTrust: held !== null,
        trust: held && {
          seq: held.bundle.seq,
          issuedAt: held.bundle.issuedAt,
          expiresAt: held.bundle.expiresAt,
          checkedAt: held.checkedAt ?? null,
        },
        status:
          !status || status.seq === null
            ? null
            : { seq: status.seq, issuedAt: status.issuedAt, checkedAt: status.checkedAt, size: status.size },
        snapshotProgress: status?.progress() ?? null,
        pendingEntries: sync.pendingEntries,
        lastSyncOk: sync.lastSyncOk,
        lastSyncError: sync.lastSyncError,
        syncProblem: sync.syncProblem,
        online: globalThis.navigator?.onLine ?? true,
        enrolled,
        checkpoint: device?.checkpoint ?? null,
        deviceName: device ? (device.name ?? '') : null,
        policy: enrolled ? device.policy : null,
        clockOffsetMs: clock.offsetMs,
        clockWarning: clock.warning(),
        problem: problem ?? trust?.loadProblem ?? null,
      };
      return current;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clockNote() {
      const before = clock.warning();
      const note = clock.note();
      if (clock.warning() !== before) changed();
      return note;
    },
    whenReady(timeoutMs = FIRST_PULL_WAIT_MS) {
      if (trust?.current() && (homeChain()?.seq ?? null) !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = timers.setTimer(resolve, timeoutMs);
        void engine.firstPull.then(() => {
          timers.clearTimer(timer);
          resolve();
        });
      });
    },
    async refresh() {
      await engine.pull();
      await engine.push();
    },
    pushNow: () => engine.push(),
    async enroll(text, nameDevice) {
      const result = await engine.enroll(text, nameDevice);
      if (!result.ok) return { ok: false, problem: result.problem, error: result.error };
      return result.already
        ? { ok: true, checkpoint: result.checkpoint, already: true }
        : { ok: true, checkpoint: result.checkpoint, deviceName: result.deviceName ?? '' };
    },
    async renameDevice(name) {
      const result = await engine.renameDevice(name);
      return result.ok ? { ok: true, name: result.name } : result;
    },
    entryAdded() {
      engine.entryAdded();
      // Where the browser has Background Sync, the service worker uploads even if this tab closes.
      void registerBackgroundSync();
    },
    close() {
      closed = true;
      engine.stop();
      channel?.close();
      globalThis.removeEventListener?.('online', onNetwork);
      globalThis.removeEventListener?.('offline', onNetwork);
    },
  };

  // A swap a crash interrupted is finished in the background (it holds the writer lock,
  // so a pull waits for it); scans use the list held until then.
  void chains.resume().then(() => changed());
  if (options.autoSync !== false) engine.start();
  return service;
}

/** How long a scan waits for a new device's first trust data before it is checked without it. */
export const FIRST_PULL_WAIT_MS = 8000;

async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = await globalThis.navigator?.serviceWorker?.getRegistration();
    const sync = (registration as { sync?: { register(tag: string): Promise<void> } } | undefined)?.sync;
    await sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // No Background Sync (Safari, Firefox) or no service worker yet: the page pushes itself.
  }
}
