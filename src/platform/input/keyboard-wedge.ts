/**
 * Listens for keyboard-wedge scanners on the whole document, on every screen, without a
 * focused field. Keys typed into a text field are left alone: that is a person typing.
 */
import { DEFAULT_WEDGE_TIMING, WedgeDetector, type WedgeTiming } from './wedge-detector.ts';

/** True when the event's target takes text, so its keys belong to the field. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'range', 'reset', 'submit', 'color', 'file', 'image'].includes(target.type);
  }
  return false;
}

/** Starts listening; returns a function that stops. */
export function listenForWedgeScans(onScan: (text: string) => void, timing: WedgeTiming = DEFAULT_WEDGE_TIMING): () => void {
  const detector = new WedgeDetector(timing);
  let swallowKeyUp = false;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey || isTextTarget(event.target)) {
      detector.reset();
      return;
    }
    const step = detector.feed(event.key, event.timeStamp);
    if (step.kind === 'none') return;
    // Keys of a scan must not reach a focused button: its Space or Enter would press it
    // (Space activates on keyup, so that one is swallowed too).
    event.preventDefault();
    event.stopPropagation();
    swallowKeyUp = true;
    if (step.kind === 'scan') onScan(step.text);
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (!swallowKeyUp) return;
    swallowKeyUp = false;
    event.preventDefault();
    event.stopPropagation();
  };
  // Capture phase: we see the keys before any focused element handles them.
  document.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('keyup', onKeyUp, true);
  return () => {
    document.removeEventListener('keydown', onKeyDown, true);
    document.removeEventListener('keyup', onKeyUp, true);
  };
}
