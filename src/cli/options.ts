/** Option parsing shared by the verbs: strict node:util parseArgs, numbers, texts, files. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.ts';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs in strict mode; its errors (unknown option, missing value) become UsageErrors.
 * `isOperand` names arguments that are positionals even though they start with one dash (a
 * base64url cid may: `-jX…=yellow` is not the short option `-j`); they keep their place
 * among the positionals. A value that starts with a dash is taken as the value of the option
 * before it when it names no option of this verb: a base64url key may start with one
 * (`--root -L8j0…`, one key in 64), and parseArgs would refuse it as ambiguous.
 */
export function parseOptions<T extends OptionSpecs>(
  argv: string[],
  options: T,
  allowPositionals = false,
  isOperand?: (arg: string) => boolean,
) {
  // A stand-in no real argument can hold (argv strings are C strings: no NUL), so parseArgs
  // sees a plain positional; it is swapped back afterwards.
  const standIn = (k: number) => `\u0000operand${k}`;
  const operands = new Map<string, string>();
  const args = joinDashedValues(argv, options, isOperand).map((arg) => {
    if (!isOperand || !arg.startsWith('-') || arg.startsWith('--') || !isOperand(arg)) return arg;
    const key = standIn(operands.size);
    operands.set(key, arg);
    return key;
  });
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals });
    if (operands.size === 0) return parsed;
    // Taken as an option's value, parseArgs itself would have refused it as ambiguous.
    const taken = Object.entries(parsed.values).find(([, value]) => typeof value === 'string' && operands.has(value));
    if (taken) throw new UsageError(`--${taken[0]} needs a value before ${JSON.stringify(operands.get(taken[1] as string))}`);
    return { ...parsed, positionals: parsed.positionals.map((p) => operands.get(p) ?? p) };
  } catch (error) {
    throw new UsageError(oneLine((error as Error).message));
  }
}

/** `--name -value` as `--name=-value` where `--name` takes a value and `-value` is neither an option nor an operand. */
function joinDashedValues(argv: string[], options: OptionSpecs, isOperand?: (arg: string) => boolean): string[] {
  const named = (arg: string) =>
    arg.startsWith('--') ? Object.hasOwn(options, arg.slice(2).split('=')[0]!) : Object.values(options).some((o) => `-${o.short}` === arg);
  const joined: string[] = [];
  for (const [index, arg] of argv.entries()) {
    // After `--` everything is a positional, as parseArgs reads it.
    if (arg === '--') return [...joined, ...argv.slice(index)];
    const before = joined.at(-1);
    const takesValue = before?.startsWith('--') && !before.includes('=') && options[before.slice(2)]?.type === 'string';
    if (takesValue && arg.startsWith('-') && !named(arg) && !isOperand?.(arg)) joined[joined.length - 1] = `${before}=${arg}`;
    else joined.push(arg);
  }
  return joined;
}

/** A decimal integer option in [0, max]; undefined stays undefined. */
export function parseUnsigned(value: string | undefined, option: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > max) {
    throw new UsageError(`--${option} must be a whole number from 0 to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

/** The largest value of the spec's 4-byte fields (Unix times, region codes). */
export const U32_MAX = 0xffffffff;

/** A required option's value, or a usage error naming it. */
export function required<T>(value: T | undefined, option: string): T {
  if (value === undefined) throw new UsageError(`--${option} is required`);
  return value;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(value: string | undefined, option: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${option} must be one of ${allowed.join(', ')}; not ${JSON.stringify(value)}`);
  return value as T;
}

/** Reads a UTF-8 file; a missing or unreadable file is a usage error naming what it was for. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : oneLine((error as Error).message)}`);
  }
}

/** Reads and parses a JSON file. */
export function readJsonFile(path: string, what: string): unknown {
  const text = readTextFile(path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${what} ${path} is not valid JSON`);
  }
}

/** Error messages go out on one line (the CLI contract for exit 2). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Non-empty lines of a text (CRLF tolerated), for entries given one per line on stdin. */
export function nonEmptyLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.length > 0);
}

/**
 * Every line of a text, one input each: only the newline that ends the text is not a line
 * (an empty line in the middle is an empty input, so outputs stay aligned with inputs).
 * A CR before the newline is dropped (CRLF files).
 */
export function inputLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (text.endsWith('\n')) lines.pop();
  return lines;
}
