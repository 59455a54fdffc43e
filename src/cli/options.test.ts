// Option helpers: strict numbers, one-line errors, and stdin lines that stay aligned.
import { describe, expect, it } from 'vitest';
import { UsageError } from './command.ts';
import { inputLines, nonEmptyLines, oneLine, parseOptions, parseUnsigned } from './options.ts';

describe('options', () => {
  it('reads whole decimal numbers only, within their range', () => {
    expect(parseUnsigned('0', 'n')).toBe(0);
    expect(parseUnsigned('4294967295', 'n', 0xffffffff)).toBe(0xffffffff);
    expect(parseUnsigned(undefined, 'n')).toBeUndefined();
    for (const bad of ['', '-1', '1.5', '1e3', '0x10', ' 7', '4294967296'])
      expect(() => parseUnsigned(bad, 'n', 0xffffffff)).toThrow(UsageError);
  });

  it('turns parseArgs errors into one-line usage errors', () => {
    expect(() => parseOptions(['--nope'], { out: { type: 'string' } })).toThrow(UsageError);
    expect(() => parseOptions(['stray'], { out: { type: 'string' } })).toThrow(UsageError);
    expect(parseOptions(['--out', 'x'], { out: { type: 'string' } }).values.out).toBe('x');
    expect(oneLine('a\n  b\r\nc ')).toBe('a b c');
  });

  it('keeps operands that start with one dash (a cid may) as positionals, in their place', () => {
    const isPair = (arg: string) => arg.includes('=');
    const options = { to: { type: 'string' }, out: { type: 'string' } } as const;
    const parsed = parseOptions(['AAA=red', '--to', '1', '-jXYZ=yellow', 'BBB=green'], options, true, isPair);
    expect(parsed.positionals).toEqual(['AAA=red', '-jXYZ=yellow', 'BBB=green']);
    expect(parsed.values.to).toBe('1');
    // Without the predicate, as before: parseArgs reads "-j" as an unknown short option.
    expect(() => parseOptions(['-jXYZ=yellow'], options, true)).toThrow(UsageError);
    // Unknown short options that are not operands are still refused, and an option never takes one as its value.
    expect(() => parseOptions(['-j'], options, true, isPair)).toThrow(UsageError);
    expect(() => parseOptions(['--out', '-jXYZ=yellow'], options, true, isPair)).toThrow(/--out needs a value/);
  });

  it('takes a value that starts with a dash (a base64url key may) for the option before it, unless it names an option', () => {
    const options = { root: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, out: { type: 'string' } } as const;
    expect(parseOptions(['--root', '-L8j0', '--out', 'x'], options).values).toEqual({ root: '-L8j0', out: 'x' });
    expect(parseOptions(['--root', '--AbC'], options).values.root).toBe('--AbC');
    // An option of the verb is never swallowed as a value: the missing value is still reported.
    expect(() => parseOptions(['--root', '--out', 'x'], options)).toThrow(UsageError);
    expect(() => parseOptions(['--root', '-q'], options)).toThrow(UsageError);
    // After `--`, arguments are positionals, untouched.
    expect(parseOptions(['--', '--root', '-x'], options, true).positionals).toEqual(['--root', '-x']);
  });

  it('splits stdin into inputs: a final newline ends the text, an empty line is an empty input', () => {
    expect(inputLines('')).toEqual([]);
    expect(inputLines('a\n')).toEqual(['a']);
    expect(inputLines('a')).toEqual(['a']);
    expect(inputLines('a\r\n\r\nb\r\n')).toEqual(['a', '', 'b']);
    expect(inputLines('GC1:A B \n')).toEqual(['GC1:A B ']);
    expect(nonEmptyLines('a\n\n b\r\n')).toEqual(['a', ' b']);
  });
});
