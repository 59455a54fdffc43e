/**
 * Runs `fn` just after the next frame is painted: requestAnimationFrame runs before a paint and
 * a task queued from it runs after. Work that can wait a frame (a sound, a count, a focus move)
 * then does not delay the verdict's first paint. A page that paints nothing (hidden) gets no
 * animation frames, so `fallbackMs` later it runs anyway.
 */
export function afterNextPaint(fn: () => void, fallbackMs = 100): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    fn();
  };
  const fallback = setTimeout(run, fallbackMs);
  requestAnimationFrame(() => setTimeout(run, 0));
}
