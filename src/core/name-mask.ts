/**
 * The one rule for the name printed in an issued code (the code carries a masked name, the
 * issuance tables the full one). Pure; counts characters by code point, so a name from a
 * CJK extension plane (a surrogate pair) is one character, never half of one.
 *
 * - Han names (every character Han, ignoring spaces and the middle dot of transliterated
 *   names): keep the first and the last character, one `*` for each one between:
 *   张三明 → 张*明, 欧阳修文 → 欧**文; two characters keep the first: 张三 → 张*; one: `*`.
 * - Every other name (Latin, Cyrillic, Hangul, kana, Arabic, Thai, mixed scripts): each
 *   word (split at white space) keeps its first character, one `*` for each other one:
 *   John Smith → J*** S****, Иван Петров → И*** П*****, 김민준 → 김**.
 * - Spaces are collapsed to one and trimmed first. When the result is longer than the
 *   code's 64 UTF-8 bytes, each run of `*` becomes a single `*`; if still too long, words
 *   are dropped from the end (at least the first is kept, then cut to fit).
 */
import { utf8Encode } from './bytes.ts';
import { MAX_NAME_BYTES } from './code/layout.ts';

const HAN = /^\p{Script=Han}$/u;
const SEPARATOR = /^[\s\u00b7\u30fb]$/u; // white space, middle dot, katakana middle dot

function isHanName(chars: readonly string[]): boolean {
  const letters = chars.filter((c) => !SEPARATOR.test(c));
  return letters.length > 0 && letters.every((c) => HAN.test(c));
}

function maskHan(chars: readonly string[]): string {
  const letters = chars.filter((c) => !SEPARATOR.test(c));
  if (letters.length === 1) return '*';
  if (letters.length === 2) return `${letters[0]}*`;
  return `${letters[0]}${'*'.repeat(letters.length - 2)}${letters[letters.length - 1]}`;
}

function maskWord(word: string): string {
  const chars = Array.from(word);
  return chars[0]! + '*'.repeat(chars.length - 1);
}

const fits = (text: string) => utf8Encode(text).length <= MAX_NAME_BYTES;

/** The masked name for a code, by the rule above; '' for a name that is only white space. */
export function maskName(fullName: string): string {
  const normalised = fullName.trim().replace(/\s+/gu, ' ');
  if (normalised === '') return '';
  const chars = Array.from(normalised);
  let masked = isHanName(chars) ? maskHan(chars) : normalised.split(' ').map(maskWord).join(' ');
  if (fits(masked)) return masked;
  masked = masked.replace(/\*+/g, '*');
  if (fits(masked)) return masked;
  const words = masked.split(' ');
  while (words.length > 1 && !fits(words.join(' '))) words.pop();
  let out = Array.from(words.join(' '));
  while (!fits(out.join(''))) out = out.slice(0, -1);
  return out.join('');
}

/** The hint printed in a code: the last four characters of the ID number (all of it when shorter). */
export function idHint(idNumber: string): string {
  return Array.from(idNumber.trim()).slice(-4).join('');
}
