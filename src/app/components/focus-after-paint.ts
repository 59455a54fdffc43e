import { afterNextPaint } from '../../platform/after-paint.ts';

/**
 * A ref callback for a screen's main button, so keyboard users land on it (Enter or Space
 * continues). The focus moves just after the screen's first paint: focus() lays the page out
 * at once, and on a 4x-throttled page that held every verdict's first paint back.
 */
export function focusAfterPaint(button: HTMLElement | null): void {
  if (!button) return;
  afterNextPaint(() => {
    if (button.isConnected) button.focus({ preventScroll: true });
  });
}
