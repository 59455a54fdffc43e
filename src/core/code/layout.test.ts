// The code bytes (gc1.md §2), one rule at a time: each broken rule gives its own reason.
import { describe, expect, it } from 'vitest';
import {
  KIND_HOLDER_BOUND,
  KIND_STATIC,
  checkClaims,
  encodeSignedPart,
  parseCodeBytes,
  type CodeClaims,
  type LayoutResult,
} from './layout.ts';
import { concatBytes, u32Bytes, utf8Encode } from '../bytes.ts';

const KID = Uint8Array.from({ length: 8 }, (_, i) => 0x10 + i);
const CID = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const HOLDER_KEY = new Uint8Array(32).fill(0x77);
const SIG = new Uint8Array(64).fill(0x55);
const PROOF = concatBytes(u32Bytes(1_780_000_000), new Uint8Array(64).fill(0x66));

function claims(overrides: Partial<CodeClaims> = {}): CodeClaims {
  return {
    kind: KIND_STATIC,
    kid: KID,
    cid: CID,
    status: 'green',
    iat: 1_779_000_000,
    exp: 1_790_000_000,
    region: 440300,
    name: '张*明',
    hint: '1234',
    ...overrides,
  };
}

/** Layout-valid bytes (the signatures are placeholders: layout never checks them). */
function codeBytes(overrides: Partial<CodeClaims> = {}): Uint8Array {
  const c = claims(overrides);
  const signed = encodeSignedPart(c);
  return c.kind === KIND_HOLDER_BOUND ? concatBytes(signed, SIG, PROOF) : concatBytes(signed, SIG);
}

const holderBound = () => codeBytes({ kind: KIND_HOLDER_BOUND, holderKey: HOLDER_KEY });

function withByte(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const out = bytes.slice();
  out[offset] = value;
  return out;
}

/** Static code bytes with a raw name or hint field (lengths and contents set by hand). */
function rawFields(name: number[], hint: number[], nameLen = name.length, hintLen = hint.length): Uint8Array {
  const head = encodeSignedPart(claims({ name: '', hint: '' })).slice(0, 39);
  return concatBytes(head, new Uint8Array([nameLen, ...name, hintLen, ...hint]), SIG);
}

const reasonOf = (result: LayoutResult) => (result.ok ? 'ok' : result.reason);

describe('parseCodeBytes on valid codes', () => {
  it('reads every field of a static code', () => {
    const bytes = codeBytes();
    const result = parseCodeBytes(bytes);
    if (!result.ok) throw new Error(result.detail);
    const code = result.code;
    expect(code.kind).toBe(KIND_STATIC);
    expect(code.kid).toEqual(KID);
    expect(code.cid).toEqual(CID);
    expect(code.status).toBe('green');
    expect([code.iat, code.exp, code.region]).toEqual([1_779_000_000, 1_790_000_000, 440300]);
    expect([code.name, code.hint]).toEqual(['张*明', '1234']);
    expect(code.holderKey).toBeUndefined();
    expect(code.proof).toBeUndefined();
    expect(code.signed).toEqual(bytes.slice(0, bytes.length - 64));
    expect(code.issuerSig).toEqual(SIG);
  });

  it('reads the holder key and the proof of a holder-bound code', () => {
    const bytes = holderBound();
    const result = parseCodeBytes(bytes);
    if (!result.ok) throw new Error(result.detail);
    expect(result.code.kind).toBe(KIND_HOLDER_BOUND);
    expect(result.code.holderKey).toEqual(HOLDER_KEY);
    expect(result.code.issuerSig).toEqual(SIG);
    expect(result.code.proof!.ts).toBe(1_780_000_000);
    expect(result.code.proof!.sig).toEqual(PROOF.slice(4));
    // The holder signs every byte before ts, then ts.
    expect(result.code.proof!.signed).toEqual(bytes.slice(0, bytes.length - 64));
    expect(result.code.signed).toEqual(bytes.slice(0, bytes.length - 64 - 68));
  });

  it('accepts every colour, the field extremes and empty name and hint', () => {
    for (const status of ['green', 'yellow', 'red'] as const) expect(reasonOf(parseCodeBytes(codeBytes({ status })))).toBe('ok');
    expect(reasonOf(parseCodeBytes(codeBytes({ iat: 0, exp: 1, region: 0 })))).toBe('ok');
    expect(reasonOf(parseCodeBytes(codeBytes({ iat: 0xfffffffe, exp: 0xffffffff, region: 0xffffffff })))).toBe('ok');
    expect(reasonOf(parseCodeBytes(codeBytes({ name: '', hint: '' })))).toBe('ok');
    expect(reasonOf(parseCodeBytes(codeBytes({ name: 'x'.repeat(64), hint: 'y'.repeat(16) })))).toBe('ok');
    expect(reasonOf(parseCodeBytes(codeBytes({ name: '张'.repeat(21), hint: '证'.repeat(5) })))).toBe('ok');
  });
});

describe('parseCodeBytes: each rule of gc1.md §2', () => {
  it('version: any value but 0x01 is unsupported_version, however short the rest', () => {
    for (const version of [0x00, 0x02, 0x7f, 0xff]) {
      expect(reasonOf(parseCodeBytes(withByte(codeBytes(), 0, version)))).toBe('unsupported_version');
    }
    expect(reasonOf(parseCodeBytes(new Uint8Array([0x02])))).toBe('unsupported_version');
  });

  it('no bytes at all is malformed', () => {
    expect(reasonOf(parseCodeBytes(new Uint8Array(0)))).toBe('malformed');
  });

  it('kind: only 0x01 and 0x02', () => {
    for (const kind of [0x00, 0x03, 0xff]) expect(reasonOf(parseCodeBytes(withByte(codeBytes(), 1, kind)))).toBe('malformed');
  });

  it('status byte: only 0, 1, 2', () => {
    for (const status of [3, 0x80, 0xff]) expect(reasonOf(parseCodeBytes(withByte(codeBytes(), 26, status)))).toBe('malformed');
  });

  it('exp <= iat is malformed; exp = iat + 1 is fine', () => {
    const equal = concatBytes(encodeSignedPart(claims({ iat: 100, exp: 101 })), SIG);
    equal.set(u32Bytes(100), 31);
    expect(reasonOf(parseCodeBytes(equal))).toBe('malformed');
    const before = equal.slice();
    before.set(u32Bytes(99), 31);
    expect(reasonOf(parseCodeBytes(before))).toBe('malformed');
    expect(reasonOf(parseCodeBytes(concatBytes(encodeSignedPart(claims({ iat: 100, exp: 101 })), SIG)))).toBe('ok');
  });

  it('nameLen: 0..64; 65 is malformed even when the bytes are there', () => {
    expect(reasonOf(parseCodeBytes(rawFields(Array(64).fill(0x41), [])))).toBe('ok');
    expect(reasonOf(parseCodeBytes(rawFields(Array(65).fill(0x41), [])))).toBe('malformed');
    expect(reasonOf(parseCodeBytes(rawFields([], [], 0xff)))).toBe('malformed');
  });

  it('name: invalid UTF-8 is malformed', () => {
    expect(reasonOf(parseCodeBytes(rawFields([0xe5, 0xbc], [])))).toBe('malformed');
    expect(reasonOf(parseCodeBytes(rawFields([0xc0, 0xaf], [])))).toBe('malformed');
    expect(reasonOf(parseCodeBytes(rawFields([0xe5, 0xbc, 0xa0], [])))).toBe('ok');
  });

  it('hintLen: 0..16; 17 is malformed', () => {
    expect(reasonOf(parseCodeBytes(rawFields([], Array(16).fill(0x31))))).toBe('ok');
    expect(reasonOf(parseCodeBytes(rawFields([], Array(17).fill(0x31))))).toBe('malformed');
  });

  it('hint: invalid UTF-8 is malformed', () => {
    expect(reasonOf(parseCodeBytes(rawFields([], [0xff, 0x31])))).toBe('malformed');
  });

  it('the bytes end exactly after the signature (static) or the proof (holder-bound)', () => {
    const staticCode = codeBytes();
    expect(reasonOf(parseCodeBytes(concatBytes(staticCode, new Uint8Array([0]))))).toBe('malformed');
    expect(reasonOf(parseCodeBytes(concatBytes(staticCode, PROOF)))).toBe('malformed');
    const bound = holderBound();
    expect(reasonOf(parseCodeBytes(concatBytes(bound, new Uint8Array([0]))))).toBe('malformed');
    // A holder-bound code without its proof is what the holder app receives, not a scannable code.
    expect(reasonOf(parseCodeBytes(bound.slice(0, bound.length - 68)))).toBe('malformed');
  });

  it('every truncation of a valid code is malformed', () => {
    for (const bytes of [codeBytes(), holderBound()]) {
      for (let length = 1; length < bytes.length; length++) {
        expect(reasonOf(parseCodeBytes(bytes.slice(0, length))), `length ${length}`).toBe('malformed');
      }
    }
  });

  it('a static code whose kind byte says holder-bound is malformed (the lengths disagree)', () => {
    expect(reasonOf(parseCodeBytes(withByte(codeBytes(), 1, KIND_HOLDER_BOUND)))).toBe('malformed');
  });
});

describe('checkClaims (for issuers)', () => {
  it('accepts good claims', () => {
    expect(checkClaims(claims())).toBeNull();
    expect(checkClaims(claims({ kind: KIND_HOLDER_BOUND, holderKey: HOLDER_KEY }))).toBeNull();
  });

  it.each<[string, Partial<CodeClaims>]>([
    ['kid', { kid: new Uint8Array(7) }],
    ['cid', { cid: new Uint8Array(17) }],
    ['status', { status: 'blue' as 'green' }],
    ['iat', { iat: -1 }],
    ['exp', { exp: 2 ** 32 }],
    ['region', { region: 1.5 }],
    ['exp must be after iat', { iat: 10, exp: 10 }],
    ['name', { name: 'x'.repeat(65) }],
    ['name', { name: '张'.repeat(22) }],
    ['hint', { hint: 'y'.repeat(17) }],
    ['holder key', { kind: KIND_HOLDER_BOUND }],
    ['holder key', { kind: KIND_HOLDER_BOUND, holderKey: new Uint8Array(31) }],
    ['only holder-bound', { holderKey: HOLDER_KEY }],
  ])('names the problem with %s', (word, overrides) => {
    expect(checkClaims(claims(overrides))).toContain(word);
  });

  it('encodes what parseCodeBytes reads back', () => {
    const c = claims({ name: 'Zoë *', hint: 'AB12', status: 'yellow', region: 0 });
    const result = parseCodeBytes(concatBytes(encodeSignedPart(c), SIG));
    if (!result.ok) throw new Error(result.detail);
    expect({ ...result.code, signed: undefined, issuerSig: undefined }).toMatchObject({ ...c });
    expect(utf8Encode(result.code.name)).toEqual(utf8Encode('Zoë *'));
  });
});
