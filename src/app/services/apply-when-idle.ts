/** Applying a waiting app update without ever reloading under a guard in the middle of a scan. */
import type { ScanFlow } from '../flow/scan-flow.ts';

/** Runs `apply` (a reload) now if no verdict is on screen, else as soon as the flow is back to scanning. */
export function applyWhenIdle(flow: Pick<ScanFlow, 'isBusy' | 'subscribe'>, apply: () => void): void {
  if (!flow.isBusy()) {
    apply();
    return;
  }
  const stop = flow.subscribe((state) => {
    if (state.kind !== 'scanning') return;
    stop();
    apply();
  });
}
