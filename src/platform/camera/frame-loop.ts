/**
 * Calls a handler once per new video frame, never with more than one frame in flight: the
 * next frame is only taken after the handler's promise settled, so a slow decoder drops
 * frames instead of queueing them.
 */

/** Per-frame callback; `presentedAt` is the frame's presentation time (performance.now clock). */
export type FrameHandler = (presentedAt: number) => Promise<void> | void;

/** A running loop. */
export interface FrameLoop {
  stop(): void;
}

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { presentationTime?: number; expectedDisplayTime?: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/**
 * Starts the loop. requestVideoFrameCallback fires once per decoded video frame (no work on
 * repeated frames when the camera delivers 15 fps into a 60 Hz display); where it is missing
 * (Firefox < 132) requestAnimationFrame runs per display frame and the same frame may be
 * handed twice, which costs a decode but is otherwise harmless.
 */
export function startFrameLoop(video: HTMLVideoElement, onFrame: FrameHandler): FrameLoop {
  const v = video as VideoWithFrameCallback;
  const useVideoCallback = typeof v.requestVideoFrameCallback === 'function';
  let handle = 0;
  let running = true;

  const schedule = () => {
    if (!running) return;
    if (useVideoCallback) handle = v.requestVideoFrameCallback!((now, meta) => void tick(meta.presentationTime ?? now));
    else handle = requestAnimationFrame((now) => void tick(now));
  };
  const tick = async (presentedAt: number) => {
    if (!running) return;
    try {
      await onFrame(presentedAt);
    } catch (error) {
      // A failed frame must not end scanning at a gate; the decoder client reports its own
      // failures through its status. Log for the developer console and go on.
      console.error('frame handler failed', error);
    }
    schedule();
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
