/**
 * Wires the app's one set of services at start-up: settings, the data service, the decoder
 * worker, feedback, the scan flow, the keyboard wedge and the service worker. Screens get
 * them through the app context and never touch Dexie, the camera or the network directly.
 */
import { i18nFor, pickLanguage } from '../i18n/i18n.ts';
import { createDataService } from '../../platform/data-service.ts';
import { createDecoderClient } from '../../platform/decoder-client.ts';
import { createFeedback, type Feedback } from '../../platform/feedback/feedback.ts';
import { afterNextPaint } from '../../platform/after-paint.ts';
import { listenForWedgeScans } from '../../platform/input/keyboard-wedge.ts';
import { registerServiceWorker, requestPersistentStorage } from '../../platform/pwa/service-worker.ts';
import { addEntry, countsByResult, entriesCsv, listEntries, setOverride } from '../../platform/storage/entries.ts';
import { effectivePolicy, loadSettings, saveSettings, type Settings } from '../../platform/storage/settings.ts';
import { checkCode } from '../flow/check-code.ts';
import { ScanFlow } from '../flow/scan-flow.ts';
import type { DataPort, DecoderPort } from './ports.ts';
import { Store } from './store.ts';
import { markScanStage } from './scan-timing.ts';
import { applyWhenIdle } from './apply-when-idle.ts';
import { startingDecoder } from './starting-decoder.ts';

/** A pause in key presses that ends a wedge scanner's burst (its keys come a few ms apart). */
const KEYS_QUIET_MS = 300;

/** The entry log as the log screen reads it. */
export interface LogPort {
  list: typeof listEntries;
  counts: typeof countsByResult;
  csv: typeof entriesCsv;
}

/** A waiting service-worker update; `apply` reloads into the new version. */
export interface UpdateOffer {
  apply(): void;
}

/** Everything the screens use. */
export interface AppServices {
  data: DataPort;
  /**
   * Null when the decoder could not start; the keyboard path still works then. Until the
   * worker is ready (its .wasm is still loading) no frames are decoded: see starting-decoder.ts.
   */
  readonly decoder: DecoderPort | null;
  readonly decoderError: string | null;
  /** Settles once the decoder worker is ready (true) or could not start (false). */
  decoderSettled: Promise<boolean>;
  feedback: Feedback;
  flow: ScanFlow;
  settings: Store<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  log: LogPort;
  update: Store<UpdateOffer | null>;
  persisted: Store<boolean | null>;
  version: string;
}

/**
 * Builds the services; resolves once settings and the data service are loaded, without
 * waiting for the decoder worker (its .wasm may take seconds on a slow link): the app renders
 * and takes keyboard-wedge scans meanwhile.
 */
export async function createServices(): Promise<AppServices> {
  // Started first, so the worker and its .wasm load while IndexedDB opens.
  const decoder = startingDecoder(createDecoderClient());
  const settings = new Store<Settings>(await loadSettings());
  const data: DataPort = await createDataService();
  const feedback = createFeedback();
  // No AudioContext at start-up: making the first one is a single main-thread task of 80-450 ms
  // (the browser starts its audio service; 450 ms measured in headless Chromium on a busy host,
  // 320 ms under Lighthouse's 4x slowdown), which in the first idle period after the first
  // render was the longest task of the whole start. Sound can only play after a gesture anyway;
  // the first tap or key makes the context (below).

  const flow = new ScanFlow({
    async check(text, nowMs) {
      // A new device may still be fetching its first trust data: check against it, not without.
      await data.whenReady();
      const context = data.verifierContext();
      const policy = effectivePolicy(settings.get(), data.state().policy ?? null);
      const checked = await checkCode(text, { ...context, policy }, nowMs);
      markScanStage('gatecheck:checked');
      return checked;
    },
    async log(entry) {
      const s = settings.get();
      const dataState = data.state();
      const clockNote = data.clockNote();
      const record = await addEntry({
        ...entry,
        // An enrolled device logs under the server's checkpoint name; otherwise the local one.
        checkpoint: dataState.checkpoint?.name || s.checkpointName,
        direction: s.direction,
        ...(clockNote ? { clockNote } : {}),
        // Not enrolled now: the server must not credit this scan to the checkpoint enrolled at later.
        ...(dataState.enrolled ? {} : { beforeEnrollment: true }),
      });
      markScanStage('gatecheck:logged');
      // The pending count and the upload can wait a frame: first the verdict paints.
      afterNextPaint(() => data.entryAdded());
      return record.id;
    },
    async logOverride(entryId, override) {
      await setOverride(entryId, override);
      data.entryAdded();
    },
    async enroll(text) {
      // The device offers a name in the guard's language: the checkpoint and the server's number.
      const i18n = i18nFor(pickLanguage(settings.get().language));
      const result = await data.enroll(text, (checkpoint, number) =>
        number === null ? i18n.t('enroll.deviceNameNoNumber', { checkpoint }) : i18n.t('enroll.deviceName', { checkpoint, number }),
      );
      if (!result.ok) return { ok: false, problem: result.problem, error: result.error };
      return { ok: true, checkpoint: result.checkpoint.name, already: result.already === true, deviceName: result.deviceName ?? '' };
    },
    announce(family) {
      markScanStage('gatecheck:verdict');
      const s = settings.get();
      feedback.play(family, { sound: s.sound, vibration: s.vibration });
    },
    now: () => Date.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });

  listenForWedgeScans((text) => void flow.scanned(text, 'keyboard'));
  // Browsers start audio suspended until a gesture. The first tap makes and unlocks it at once.
  // Keys do it once they have paused for KEYS_QUIET_MS: a wedge scanner types a whole code in
  // one burst, and a slow first AudioContext inside that burst would stall the keys behind it.
  // (After any gesture the page keeps its user activation, so the later call still unlocks.)
  const unlock = () => feedback.unlock();
  document.addEventListener('pointerdown', unlock, { once: true, capture: true });
  let keysQuiet: ReturnType<typeof setTimeout> | undefined;
  const onFirstKeys = () => {
    clearTimeout(keysQuiet);
    keysQuiet = setTimeout(() => {
      document.removeEventListener('keydown', onFirstKeys, { capture: true });
      unlock();
    }, KEYS_QUIET_MS);
  };
  document.addEventListener('keydown', onFirstKeys, { capture: true });

  const update = new Store<UpdateOffer | null>(null);
  registerServiceWorker({
    onUpdateReady(apply) {
      update.set({ apply: () => applyWhenIdle(flow, apply) });
    },
  });
  // The first-run offer has done its job once the guard has seen a verdict: it goes for good.
  const unsubscribeFirstVerdict = flow.subscribe((state) => {
    if (state.kind !== 'verdict') return;
    unsubscribeFirstVerdict();
    if (!settings.get().firstRunDismissed) void saveSettings({ firstRunDismissed: true }).then((saved) => settings.set(saved));
  });
  const persisted = new Store<boolean | null>(null);
  void requestPersistentStorage().then((granted) => persisted.set(granted));

  return {
    data,
    get decoder() {
      return decoder.error === null ? decoder : null;
    },
    get decoderError() {
      return decoder.error;
    },
    decoderSettled: decoder.settled,
    feedback,
    flow,
    settings,
    async saveSettings(patch) {
      settings.set(await saveSettings(patch));
    },
    log: { list: listEntries, counts: countsByResult, csv: entriesCsv },
    update,
    persisted,
    version: __APP_VERSION__,
  };
}
