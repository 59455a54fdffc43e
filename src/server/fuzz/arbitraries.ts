/**
 * fast-check generators for the route fuzz suite: values built from a route's JSON schema
 * (so most requests get past the first check and reach the handler and the database), mixed
 * with hostile ones at every level: NUL, lone surrogates, controls, huge and odd numbers,
 * wrong types, prototype keys, deep nesting.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff',
  '\u0007\u001b[31m',
  '\u0085\u2028\u202e',
  '\ufeff',
  '💥🚪东门',
  'x'.repeat(5000),
  '../../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  '"; DROP TABLE entries; --',
  '__proto__',
  'constructor',
  '=cmd|" /C calc"!A0',
  '1e309',
  '-1',
  '9007199254740993',
  'NaN',
  'null',
  '0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f',
  'AAECAwQFBgcICQoLDA0ODw',
  'AAECAwQFBgc',
  `1.${'a'.repeat(36)}`,
  `1.${'0'.repeat(8)}-0000-0000-0000-${'g'.repeat(12)}`,
];

const hostileNumbers: readonly unknown[] = [
  0,
  -1,
  1.5,
  -0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 64,
  -(2 ** 63),
  4294967296,
  1577836799999,
];

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Any JSON value a careless or hostile client might send where something else was expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(null, true, false, [], {}, [[[]]], [null], { '': '' }),
  fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}') as unknown),
  fc.constant(nested(200, 'deep')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.constantFrom(...HOSTILE_STRINGS), { maxLength: 5 }),
);

const patternArbitraries = new Map<string, fc.Arbitrary<string> | null>();

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : null;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, 300) : 40;
  if (schema.format === 'uuid') return fc.uuid();
  if (pattern !== null) {
    if (!patternArbitraries.has(pattern)) {
      let arbitrary: fc.Arbitrary<string> | null = null;
      try {
        arbitrary = fc.stringMatching(new RegExp(pattern, 'u'));
      } catch {
        arbitrary = null;
      }
      patternArbitraries.set(pattern, arbitrary);
    }
    const matching = patternArbitraries.get(pattern);
    if (matching) return matching.map((s) => s.slice(0, Math.max(max, min)));
  }
  return fc.string({ unit: 'grapheme', minLength: Math.min(min, max), maxLength: max });
}

/** One character no stored text should hold: NUL, other controls, a lone surrogate, a BOM, bidi overrides. */
const hostileChar = fc.constantFrom(
  '\u0000',
  '\u0000',
  '\u0000',
  '\ud800',
  '\udc00',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ufeff',
  '\u202e',
  '\uffff',
);

/** A well-formed string with one hostile character put in somewhere: it passes every check but the character one. */
function laced(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(valid, hostileChar, fc.nat()).map(([text, char, at]) => {
    const i = text.length === 0 ? 0 : at % (text.length + 1);
    return text.slice(0, i) + char + text.slice(i);
  });
}

/** A value for `schema`: usually well-formed (to reach deep), sometimes hostile (to break it). */
export function fromSchema(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || depth > 6) return hostileValue;
  const s = schema as Schema;
  let valid: fc.Arbitrary<unknown>;
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf))
    valid = fc.oneof(...((s.anyOf ?? s.oneOf) as unknown[]).map((x) => fromSchema(x, depth + 1)));
  else if (Array.isArray(s.enum)) valid = fc.constantFrom(...(s.enum as unknown[]));
  else if ('const' in s) valid = fc.constant(s.const);
  else if (s.type === 'string') valid = fc.oneof({ weight: 3, arbitrary: stringFor(s) }, { weight: 2, arbitrary: laced(stringFor(s)) });
  else if (s.type === 'integer') {
    const min = typeof s.minimum === 'number' ? s.minimum : -(2 ** 40);
    const max = typeof s.maximum === 'number' ? s.maximum : 2 ** 40;
    const span = max - min + 1;
    valid = fc.oneof(
      fc.maxSafeNat().map((n) => min + (n % span)),
      fc.constantFrom(min, max, Math.floor((min + max) / 2)),
    );
  } else if (s.type === 'number') valid = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1, 3600, 86_400));
  else if (s.type === 'boolean') valid = fc.boolean();
  else if (s.type === 'array') valid = fc.array(fromSchema(s.items, depth + 1), { maxLength: 4 });
  else if ((s.type === 'object' || s.properties) && !s.properties) valid = fc.constant({});
  else if (s.type === 'object' || s.properties) {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set((s.required ?? []) as string[]);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, sub] of Object.entries(properties)) model[key] = fromSchema(sub, depth + 1);
    valid = fc
      .tuple(
        fc.record(model, { requiredKeys: [...required].filter((k) => k in model) }),
        fc.oneof(
          { weight: 12, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.tuple(fc.constantFrom('name', '__proto__', 'extra', ''), hostileValue) },
        ),
      )
      .map(([record, extra]) => {
        const value = { ...record } as Record<string, unknown>;
        if (extra) Object.defineProperty(value, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
        return value;
      });
  } else valid = hostileValue;
  // Hostile more often at the top than deep inside, so a good share of bodies reach the handler whole.
  return fc.oneof({ weight: depth === 0 ? 6 : 20, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

/** Raw bodies no serializer would produce: broken JSON, deep nesting, escapes of lone surrogates and NUL. */
export const rawBody: fc.Arbitrary<string> = fc.constantFrom(
  '{',
  '{"a":}',
  '['.repeat(20000) + ']'.repeat(20000),
  `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
  '{"x":"\\ud800"}',
  '{"x":"\\u0000"}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '1e999999',
  '"just a string"',
  'null',
  '\u0000',
  '\xff\xfe{',
);

/** Percent-encodes any string for a URL, lone surrogates included (as the WTF-8 bytes a hostile client would send). */
export function encodeAny(text: string): string {
  let out = '';
  for (const char of text.split(/([\ud800-\udfff])/u)) {
    if (char.length === 1 && /[\ud800-\udfff]/u.test(char)) {
      const c = char.charCodeAt(0);
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}
