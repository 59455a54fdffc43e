/**
 * How fast the page's camera preview should run. A preview at the camera's full 30 fps is
 * composited 30 times a second all shift, while nothing in front of the camera moves; with
 * a 1080p camera that was about 150 of the 500 ms of CPU a second the whole browser spent
 * on a bare preview in Chromium (measured, `BENCH_VERBOSE=1 npm run bench -- scan-cost`).
 * So the preview is "lively" (full rate) while the decoder is at full rate (decode-rate.ts:
 * a code, a finder-like candidate or a touch) or the scene changed within `holdMs`, and
 * "calm" (PREVIEW_CALM_FPS) after that: by then nothing has moved for seconds, so fewer
 * frames of the same picture look the same. The worker keeps reading every frame of its own
 * copy of the track, so a code coming into view is read on its first frame either way, and
 * the first frame that changes the scene makes the preview lively again.
 * Pure: the worker passes its clock and what it saw.
 */

/** The calm preview's frame rate: nothing has moved for `holdMs`. */
export const PREVIEW_CALM_FPS = 10;

export class PreviewPace {
  private livelyUntil: number;
  private lively = true;

  /** Starts lively (the camera just opened). */
  constructor(
    now: number,
    private readonly holdMs: number,
  ) {
    this.livelyUntil = now + holdMs;
  }

  /**
   * The frame taken at `now`: `busy` when the decoder is at full rate, `moved` when the scene
   * changed. Returns the new pace (true: lively) when it changes, else null.
   */
  next(now: number, busy: boolean, moved: boolean): boolean | null {
    if (busy || moved) this.livelyUntil = Math.max(this.livelyUntil, now + this.holdMs);
    const lively = now < this.livelyUntil;
    if (lively === this.lively) return null;
    this.lively = lively;
    return lively;
  }
}
