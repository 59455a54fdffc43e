/**
 * Listens for keyboard-wedge scanners on the whole document, on every screen, without a
 * focused field. Keys typed into a text field are left to it (a person typing), unless they
 * turn out to be a code only a machine writes (isMachineText): a guard who scans while a
 * name field has the focus gets the verdict and the entry, and the field gets back what it
 * held, instead of the code's first hundred characters (and its Enter submitting the form).
 */
import { DEFAULT_WEDGE_TIMING, isMachineText, WedgeDetector, type WedgeTiming } from './wedge-detector.ts';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Takes the scan's characters back out of the field they were typed into: just before the
 * caret, as many of the text's first characters as the field took (its maxlength may have cut
 * them). An `input` event tells the page's own state, as typing would.
 */
function removeTyped(field: TextField, text: string): void {
  const caret = field.selectionEnd ?? field.value.length;
  let typed = Math.min(text.length, caret);
  while (typed > 0 && field.value.slice(caret - typed, caret) !== text.slice(0, typed)) typed--;
  if (typed === 0) return;
  field.value = field.value.slice(0, caret - typed) + field.value.slice(caret);
  // Fields without a caret (number, email) have no selection to set.
  if (field.selectionEnd !== null) field.setSelectionRange(caret - typed, caret - typed);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

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
  /** The keys typed into text fields: a person's, unless they end as a machine's code. */
  const fieldDetector = new WedgeDetector(timing);
  let swallowKeyUp = false;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) {
      detector.reset();
      fieldDetector.reset();
      return;
    }
    if (isTextTarget(event.target)) {
      detector.reset();
      const step = fieldDetector.feed(event.key, event.timeStamp);
      if (step.kind !== 'scan' || !isMachineText(step.text, timing)) return;
      // The Enter that ends the scan never reaches the field (it would submit its form).
      event.preventDefault();
      event.stopPropagation();
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) removeTyped(event.target, step.text);
      onScan(step.text);
      return;
    }
    fieldDetector.reset();
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
