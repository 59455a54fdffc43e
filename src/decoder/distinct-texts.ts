/** Engine results as the scanner wants them: each text once, in reading order, at most MAX_CODES_PER_FRAME. */
import { MAX_CODES_PER_FRAME } from './types.ts';

export function distinctTexts(texts: readonly string[]): string[] {
  return [...new Set(texts)].slice(0, MAX_CODES_PER_FRAME);
}
