/**
 * Text a guard reads off a code must not fool them (issue 14): a name made only of invisible
 * characters (U+200B, U+2060) would print as nothing, and a bidirectional control (U+202E)
 * reorders what follows it on screen. One rule for the holder form and the server: a name
 * must hold a letter (\p{L}) once format characters (\p{Cf}) are removed, and names and
 * document numbers must hold no bidirectional control. Failures are values.
 */

/** The bidirectional embedding, override, isolate and mark characters. */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const FORMAT = /\p{Cf}/gu;
const LETTER = /\p{L}/u;
/** Format characters, separators and white space: what prints as nothing. */
const INVISIBLE = /[\p{Cf}\p{Z}\s]/gu;

export type TextProblem = 'bidi_control' | 'no_letter';
export type TextCheck = { ok: true } | { ok: false; problem: TextProblem; message: string };

/** True when `text` holds a bidirectional control character. */
export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

/** A person's name: no bidirectional control, and a letter once format characters are removed. */
export function checkPersonName(name: string): TextCheck {
  if (hasBidiControl(name)) return { ok: false, problem: 'bidi_control', message: 'the name holds a bidirectional control character' };
  if (!LETTER.test(name.replace(FORMAT, '')))
    return { ok: false, problem: 'no_letter', message: 'the name must contain a letter (invisible characters alone are not a name)' };
  return { ok: true };
}

/** An ID document number: no bidirectional control. */
export function checkDocumentNumber(idNumber: string): TextCheck {
  if (hasBidiControl(idNumber))
    return { ok: false, problem: 'bidi_control', message: 'the document number holds a bidirectional control character' };
  return { ok: true };
}

/**
 * A short label a guard or administrator types (a device's name, an "Other" override reason):
 * no bidirectional control, and something visible once format characters and spaces are
 * removed. Blank text is the caller's rule (a blank device name means unnamed). NUL and other
 * controls are refused by the API's SafeText before this runs. `what` names it in the message.
 */
export function checkLabel(
  text: string,
  what: string,
): { ok: true } | { ok: false; problem: 'bidi_control' | 'invisible'; message: string } {
  if (hasBidiControl(text)) return { ok: false, problem: 'bidi_control', message: `${what} holds a bidirectional control character` };
  if (text.replace(INVISIBLE, '') === '')
    return {
      ok: false,
      problem: 'invisible',
      message: `${what} must contain a visible character (invisible characters alone are not a name)`,
    };
  return { ok: true };
}
