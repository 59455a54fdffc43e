/**
 * Calls a handler for new video frames, never with more than one frame in flight: a frame
 * that arrives while the handler is busy is not queued; only the newest one is handled as
 * soon as the handler is free, so a slow decoder drops frames instead of falling behind.
 */

/** Per-frame callback; `presentedAt` is the frame's presentation time (performance.now clock). */
export type FrameHandler = (presentedAt: number) => Promise<void> | void;

/** A running loop. */
export interface FrameLoop {
  stop(): void;
}

type VideoFrameMeta = { presentationTime?: number };
type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: VideoFrameMeta) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/**
 * Starts the loop. requestVideoFrameCallback fires once per new video frame (no work on
 * repeated frames when the camera delivers 15 fps into a 60 Hz display). It stays registered
 * while the handler runs, so a frame presented meanwhile is handled right after, not one
 * camera frame later (at 10-15 fps that wait alone would be 70-100 ms of latency). Where it
 * is missing (Firefox < 132) requestAnimationFrame runs per display frame instead and the
 * same frame may be handed twice, which costs a decode but is otherwise harmless.
 */
export function startFrameLoop(video: HTMLVideoElement, onFrame: FrameHandler): FrameLoop {
  const v = video as VideoWithFrameCallback;
  const useVideoCallback = typeof v.requestVideoFrameCallback === 'function';
  let handle = 0;
  let running = true;
  let busy = false;
  let missed: number | null = null; // presentation time of the newest frame seen while busy

  const handleFrame = async (presentedAt: number) => {
    busy = true;
    try {
      await onFrame(presentedAt);
    } catch (error) {
      // A failed frame must not end scanning at a gate; log it for the developer console.
      console.error('frame handler failed', error);
    }
    busy = false;
    if (missed !== null && running) {
      const next = missed;
      missed = null;
      void handleFrame(next);
    } else if (!useVideoCallback) schedule();
  };
  const onVideoFrame = (now: number, meta: VideoFrameMeta) => {
    if (!running) return;
    schedule();
    const presentedAt = meta.presentationTime ?? now;
    if (busy) missed = presentedAt;
    else void handleFrame(presentedAt);
  };
  const schedule = () => {
    if (!running) return;
    if (useVideoCallback) handle = v.requestVideoFrameCallback!(onVideoFrame);
    else handle = requestAnimationFrame((now) => void handleFrame(now));
  };
  schedule();

  return {
    stop() {
      running = false;
      if (useVideoCallback) v.cancelVideoFrameCallback?.(handle);
      else cancelAnimationFrame(handle);
    },
  };
}
