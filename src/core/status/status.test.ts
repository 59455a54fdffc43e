// Status lists (gc1.md §4.2): signer, documents, snapshots, deltas, gaps, parts with resume,
// stale documents, later entries winning, `until`, and atomic application.
import { describe, expect, it } from 'vitest';
import { entryApplies, openStatusList, parseStatusDocument, type StatusDocument } from './document.ts';
import { missingParts, planStatusUpdate } from './plan.ts';
import { MemoryStatusList } from './memory-list.ts';
import { b64uEncode, utf8Encode } from '../bytes.ts';
import { sealEnvelope } from '../envelope.ts';
import { webCryptoEd25519 } from '../crypto/webcrypto-ed25519.ts';
import { openTrustBundle } from '../trust/bundle.ts';
import { verify } from '../verify.ts';
import { WORLD_NOW, cidFor, keyEntry, makeWorld, signerFor, statusDocument, trustDocument } from '../../../test/support/world.ts';

const ed25519 = webCryptoEd25519(globalThis.crypto.subtle);
const A = b64uEncode(cidFor('a'));
const B = b64uEncode(cidFor('b'));
const C = b64uEncode(cidFor('c'));

/** A verified-shape document for the pure planner and the memory list. */
function doc(from: number, to: number, entries: StatusDocument['entries'], part = 1, parts = 1): StatusDocument {
  return { authority: 'home', from, to, issuedAt: WORLD_NOW - 600 + to, entries, part, parts };
}

const snapshot = (to: number, entries: StatusDocument['entries'], part = 1, parts = 1) => doc(0, to, entries, part, parts);

describe('openStatusList', async () => {
  const world = await makeWorld('status');
  const problemOf = async (envelope: unknown) => {
    const result = await openStatusList(envelope, world.bundle, ed25519);
    return result.ok ? 'ok' : result.problem;
  };

  it('opens a document signed by a status key of the bundle', async () => {
    const result = await openStatusList(
      await world.sealStatus(statusDocument(0, 7, [{ cid: A, status: 'yellow', until: 5 }])),
      world.bundle,
      ed25519,
    );
    expect(result).toEqual({
      ok: true,
      document: {
        authority: 'home',
        from: 0,
        to: 7,
        issuedAt: WORLD_NOW - 600,
        entries: [{ cid: A, status: 'yellow', until: 5 }],
        part: 1,
        parts: 1,
      },
    });
  });

  it('refuses documents signed by an issuer key, by an unknown key, or tampered with', async () => {
    const document = statusDocument(0, 7, []);
    expect(await problemOf(await sealEnvelope(document, world.keys.issuer))).toBe('unknown_signer');
    expect(await problemOf(await sealEnvelope(document, signerFor('stranger')))).toBe('unknown_signer');
    const good = await world.sealStatus(document);
    const tampered = { ...good, payload: b64uEncode(utf8Encode(JSON.stringify(statusDocument(0, 8, [])))) };
    expect(await problemOf(tampered)).toBe('bad_signature');
    expect(await problemOf({ payload: good.payload })).toBe('not_an_envelope');
  });

  it('refuses a document issued outside its status key validity window', async () => {
    const keys = [keyEntry(world.keys.status, 'status', { notBefore: WORLD_NOW - 100, notAfter: WORLD_NOW + 100 })];
    const opened = await openTrustBundle(
      await sealEnvelope(trustDocument(world.keys, { keys }), world.keys.root),
      world.keys.root.publicKey,
      ed25519,
    );
    if (!opened.ok) throw new Error(opened.detail);
    const early = await world.sealStatus(statusDocument(0, 7, [], { issuedAt: WORLD_NOW - 101 }));
    expect((await openStatusList(early, opened.bundle, ed25519)).ok).toBe(false);
    const inside = await world.sealStatus(statusDocument(0, 7, [], { issuedAt: WORLD_NOW - 100 }));
    expect((await openStatusList(inside, opened.bundle, ed25519)).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['another type', { type: 'gc1-trust' }],
    ['a string from', { from: '0' }],
    ['a negative to', { to: -1 }],
    ['a delta that does not move forward', { from: 9, to: 9 }],
    ['part without parts', { part: 1 }],
    ['part 0', { part: 0, parts: 2 }],
    ['part above parts', { part: 3, parts: 2 }],
    ['parts on a delta', { from: 3, to: 4, part: 1, parts: 1 }],
    ['entries not an array', { entries: 'none' }],
    ['an entry that is not an object', { entries: [A] }],
    ['a cid of 15 bytes', { entries: [{ cid: b64uEncode(new Uint8Array(15)), status: 'red' }] }],
    ['an unknown status', { entries: [{ cid: A, status: 'blue' }] }],
    ['a negative until', { entries: [{ cid: A, status: 'red', until: -5 }] }],
    ['a string until', { entries: [{ cid: A, status: 'red', until: '5' }] }],
  ])('refuses a document with %s as bad_document', async (_what, overrides) => {
    expect(await problemOf(await world.sealStatus({ ...statusDocument(0, 7, []), ...overrides }))).toBe('bad_document');
  });

  it('refuses signed bytes that are not JSON', async () => {
    const bytes = utf8Encode('[');
    const good = await world.sealStatus(statusDocument(0, 1, []));
    expect(await problemOf({ payload: b64uEncode(bytes), kid: good.kid, sig: b64uEncode(await world.keys.status.sign(bytes)) })).toBe(
      'not_json',
    );
  });

  it('treats a document without part as a single part', () => {
    const result = parseStatusDocument(statusDocument(0, 7, []));
    expect(result.ok && [result.document.part, result.document.parts]).toEqual([1, 1]);
  });
});

describe('planStatusUpdate and MemoryStatusList', () => {
  it('a snapshot replaces the whole list', () => {
    const list = new MemoryStatusList();
    list.apply(
      snapshot(5, [
        { cid: A, status: 'red' },
        { cid: B, status: 'yellow' },
      ]),
    );
    expect(list.apply(snapshot(6, [{ cid: C, status: 'revoked' }])).kind).toBe('replace');
    expect([list.seq, list.lookup(A), list.lookup(B), list.lookup(C)]).toEqual([6, undefined, undefined, { status: 'revoked' }]);
    expect(list.issuedAt).toBe(WORLD_NOW - 600 + 6);
  });

  it('ignores a stale snapshot (older or the same sequence)', () => {
    const list = new MemoryStatusList();
    list.apply(snapshot(5, [{ cid: A, status: 'red' }]));
    expect(list.apply(snapshot(4, [])).kind).toBe('ignore');
    expect(list.apply(snapshot(5, [])).kind).toBe('ignore');
    expect([list.seq, list.lookup(A)]).toEqual([5, { status: 'red' }]);
  });

  it('a delta applies only from the held sequence and leaves the list at its `to`', () => {
    const list = new MemoryStatusList();
    list.apply(snapshot(5, [{ cid: A, status: 'red' }]));
    expect(
      list.apply(
        doc(5, 7, [
          { cid: B, status: 'yellow' },
          { cid: A, status: 'green' },
        ]),
      ).kind,
    ).toBe('apply-delta');
    expect([list.seq, list.lookup(A), list.lookup(B)]).toEqual([7, { status: 'green' }, { status: 'yellow' }]);
    expect(list.apply(doc(5, 7, [{ cid: C, status: 'red' }])).kind).toBe('ignore');
    expect(list.apply(doc(6, 7, [{ cid: C, status: 'red' }])).kind).toBe('ignore');
    expect(list.lookup(C)).toBeUndefined();
  });

  it('a gap changes nothing and says where to ask from', () => {
    const list = new MemoryStatusList();
    expect(list.apply(doc(3, 4, [{ cid: A, status: 'red' }]))).toEqual({ kind: 'gap', askFrom: 0 });
    expect(list.seq).toBeNull();
    list.apply(snapshot(5, []));
    expect(list.apply(doc(6, 8, [{ cid: A, status: 'red' }]))).toEqual({ kind: 'gap', askFrom: 5 });
    expect([list.seq, list.lookup(A)]).toEqual([5, undefined]);
  });

  it('later entries for the same cid win, within a document and across parts in part order', () => {
    const list = new MemoryStatusList();
    list.apply(
      snapshot(2, [
        { cid: A, status: 'green' },
        { cid: A, status: 'red' },
      ]),
    );
    expect(list.lookup(A)).toEqual({ status: 'red' });
    list.apply(
      doc(2, 3, [
        { cid: A, status: 'yellow' },
        { cid: A, status: 'revoked' },
      ]),
    );
    expect(list.lookup(A)).toEqual({ status: 'revoked' });
    const parts = new MemoryStatusList();
    parts.apply(snapshot(9, [{ cid: B, status: 'red' }], 2, 2));
    parts.apply(snapshot(9, [{ cid: B, status: 'green' }], 1, 2));
    expect(parts.lookup(B)).toEqual({ status: 'red' });
  });

  it('keeps snapshot parts in any order, resumes, and swaps in the list only when all parts are held', () => {
    const list = new MemoryStatusList();
    list.apply(snapshot(5, [{ cid: C, status: 'red' }]));
    expect(list.apply(snapshot(9, [{ cid: A, status: 'yellow' }], 3, 3))).toMatchObject({
      kind: 'store-part',
      completes: false,
      dropPending: false,
    });
    expect(list.apply(snapshot(9, [{ cid: B, status: 'red' }], 1, 3))).toMatchObject({ kind: 'store-part', completes: false });
    // Interrupted here: the old list is still in use, and the download resumes at part 2.
    expect([list.seq, list.lookup(C), list.lookup(A)]).toEqual([5, { status: 'red' }, undefined]);
    expect(missingParts(list.held().pending)).toEqual([2]);
    expect(list.apply(snapshot(9, [{ cid: B, status: 'green' }], 1, 3)).kind).toBe('ignore');
    expect(list.apply(snapshot(9, [], 2, 3))).toMatchObject({ kind: 'store-part', completes: true });
    expect([list.seq, list.lookup(A), list.lookup(B), list.lookup(C)]).toEqual([9, { status: 'yellow' }, { status: 'red' }, undefined]);
    expect(list.held().pending).toBeNull();
    expect(missingParts(null)).toEqual([]);
  });

  it('a newer snapshot drops the parts of an older one; parts of an older one are ignored meanwhile', () => {
    const list = new MemoryStatusList();
    list.apply(snapshot(9, [{ cid: A, status: 'red' }], 1, 2));
    expect(list.apply(snapshot(10, [{ cid: B, status: 'red' }], 1, 2))).toMatchObject({ kind: 'store-part', dropPending: true });
    expect(list.apply(snapshot(9, [], 2, 2)).kind).toBe('ignore');
    expect(list.apply(snapshot(10, [], 2, 2))).toMatchObject({ completes: true });
    expect([list.seq, list.lookup(A), list.lookup(B)]).toEqual([10, undefined, { status: 'red' }]);
  });

  it('the same snapshot announced with another number of parts starts over', () => {
    const list = new MemoryStatusList();
    list.apply(snapshot(9, [{ cid: A, status: 'red' }], 1, 3));
    expect(list.apply(snapshot(9, [{ cid: B, status: 'red' }], 1, 2))).toMatchObject({
      kind: 'store-part',
      dropPending: true,
      completes: false,
    });
    list.apply(snapshot(9, [], 2, 2));
    expect([list.seq, list.lookup(A), list.lookup(B)]).toEqual([9, undefined, { status: 'red' }]);
  });

  it('deltas keep applying to the list in use while a snapshot is pending', () => {
    const list = new MemoryStatusList();
    list.apply(snapshot(5, []));
    list.apply(snapshot(9, [], 1, 2));
    expect(list.apply(doc(5, 6, [{ cid: A, status: 'red' }])).kind).toBe('apply-delta');
    expect([list.seq, list.lookup(A)]).toEqual([6, { status: 'red' }]);
    expect(missingParts(list.held().pending)).toEqual([2]);
  });

  it('plans without touching anything (a pure decision)', () => {
    const held = { seq: 5, pending: { to: 9, parts: 2, have: [1] } };
    const frozen = JSON.stringify(held);
    expect(planStatusUpdate(held, snapshot(9, [], 2, 2))).toMatchObject({ kind: 'store-part', completes: true, dropPending: false });
    expect(planStatusUpdate(held, doc(5, 6, []))).toMatchObject({ kind: 'apply-delta', from: 5, to: 6 });
    expect(JSON.stringify(held)).toBe(frozen);
  });
});

describe('until and atomic deltas, end to end through verify()', async () => {
  const world = await makeWorld('status-e2e');
  const code = await world.issue({ cid: cidFor('a') });

  async function openAndApply(list: MemoryStatusList, document: Record<string, unknown>) {
    const opened = await openStatusList(await world.sealStatus(document), world.bundle, ed25519);
    if (opened.ok) list.apply(opened.document);
    return opened.ok;
  }

  it('an entry applies while now <= until and lapses after', async () => {
    expect(entryApplies({ status: 'red', until: 100 }, 100)).toBe(true);
    expect(entryApplies({ status: 'red', until: 100 }, 101)).toBe(false);
    expect(entryApplies({ status: 'red' }, 2 ** 40)).toBe(true);
    const list = await world.statusList([{ cid: A, status: 'revoked', until: WORLD_NOW }]);
    expect((await verify(code.text, { bundle: world.bundle }, list, WORLD_NOW, { ed25519 })).reason).toBe('revoked');
    expect((await verify(code.text, { bundle: world.bundle }, list, WORLD_NOW + 1, { ed25519 })).reason).toBe('ok');
  });

  it('a delta with one bad entry is refused whole and changes nothing', async () => {
    const list = await world.statusList([{ cid: A, status: 'yellow' }], 5);
    const bad = statusDocument(5, 6, [
      { cid: A, status: 'revoked' },
      { cid: B, status: 'purple' as 'red' },
    ]);
    expect(await openAndApply(list, bad)).toBe(false);
    expect([list.seq, list.lookup(A), list.lookup(B)]).toEqual([5, { status: 'yellow' }, undefined]);
    expect((await verify(code.text, { bundle: world.bundle }, list, WORLD_NOW, { ed25519 })).reason).toBe('status_yellow');
    expect(await openAndApply(list, statusDocument(5, 6, [{ cid: A, status: 'revoked' }]))).toBe(true);
    expect((await verify(code.text, { bundle: world.bundle }, list, WORLD_NOW, { ed25519 })).reason).toBe('revoked');
  });
});
