/**
 * The decoder as the app holds it from its first render, while the worker is still starting.
 *
 * Why: the worker is ready only once it has fetched and compiled the zxing .wasm (about 320 KB
 * brotli, 950 KB unpacked). When start-up awaited that before the first render, a phone on a
 * slow link showed a blank page for seconds, the keyboard scanner was dead meanwhile, and the
 * whole app's start (the services, the first render and its layout) ran in one task queued
 * behind the worker's message. Now the app renders at once; the one camera frame offered before
 * the worker is ready is held until then and dropped (decode resolves null), and the code still
 * in view is read by the first frame after it.
 */
import type { DecodeResult, DecoderPort } from './ports.ts';

/** A DecoderPort that forwards to `starting` once it has resolved. */
export interface StartingDecoder extends DecoderPort {
  /** False until the worker has chosen its engine. */
  readonly ready: boolean;
  /** Why the worker could not start, once it failed; null otherwise. */
  readonly error: string | null;
  /** Settles when the worker is ready (true) or failed (false); never rejects. */
  readonly settled: Promise<boolean>;
}

/** Wraps the decoder client being created; `starting` may reject (the worker could not load). */
export function startingDecoder<T extends DecoderPort>(starting: Promise<T>): StartingDecoder {
  let client: T | null = null;
  let error: string | null = null;
  let terminated = false;
  const settled = starting.then(
    (ready) => {
      if (terminated) ready.terminate();
      else client = ready;
      return !terminated;
    },
    (failure: unknown) => {
      error = failure instanceof Error ? failure.message : String(failure);
      return false;
    },
  );
  return {
    get ready() {
      return client !== null;
    },
    get error() {
      return error;
    },
    settled,
    get decoderName() {
      return client?.decoderName ?? '—';
    },
    decode(frame: ImageData): Promise<DecodeResult | null> {
      if (client) return client.decode(frame);
      // Held until the worker is ready, then dropped (it is stale by then): the camera loop
      // takes no next frame while one is in flight, so the main thread copies no frames that
      // nothing could decode while the .wasm is still loading.
      return settled.then(() => null);
    },
    watchCamera(track, listener) {
      if (client) return client.watchCamera(track, listener);
      // Before the worker is ready: where the page has MediaStreamTrackProcessor (Chromium),
      // the worker will read the camera, so the camera is handed over once it is ready;
      // elsewhere frames are grabbed on the main thread (decode() per frame).
      if (typeof (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor !== 'function') return null;
      let wanted = true;
      let stopped = false;
      let watch: ReturnType<DecoderPort['watchCamera']> = null;
      void settled.then((ok) => {
        if (stopped) return;
        watch = ok && client ? client.watchCamera(track, listener) : null;
        if (watch) watch.want(wanted);
        else listener.onEnded?.(error ?? 'the decoder cannot read the camera here');
      });
      return {
        want(on) {
          wanted = on;
          watch?.want(on);
        },
        wake: () => watch?.wake(),
        stop() {
          stopped = true;
          watch?.stop();
        },
      };
    },
    terminate() {
      terminated = true;
      client?.terminate();
      client = null;
    },
  };
}
