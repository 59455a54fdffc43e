import { describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../core/api/holder.ts';
import { SINGLE_LINE_PATTERN } from '../../core/api/text.ts';
import {
  b64uEncode,
  DEFAULT_AUTHORITY,
  issueCode,
  kidOf,
  parseCodeBytes,
  parseQrText,
  signerFromSeed,
  type TrustBundle,
  tweetnaclEd25519,
  verify,
} from '../../core/index.ts';
import { checkApplication, EMPTY_FORM, fieldOfRefusal, SAFE_LINE } from './application-form.ts';
import { codeState, standing } from './code-state.ts';
import { msUntilNextPresentation, presentation, PRESENTATION_REFRESH_SECONDS } from './presentation.ts';
import { qrLayout, qrMatrix } from './qr-layout.ts';
import { needsRenewal } from './renewal.ts';

const NOW = 1_780_000_000;
const code = (over: Partial<NonNullable<ApplicationView['code']>> = {}) => ({
  bytes: 'AA',
  cid: 'A'.repeat(22),
  colour: 'green' as const,
  issuedAt: NOW - 3600,
  expiresAt: NOW + 7 * 86_400,
  maskedName: '张*明',
  hint: '1234',
  ...over,
});
const view = (over: Partial<ApplicationView> = {}): ApplicationView => ({
  id: '00000000-0000-4000-8000-000000000001',
  state: 'approved',
  submittedAt: 0,
  updatedAt: 0,
  code: code(),
  ...over,
});

describe('what the code screen shows', () => {
  it('the code in its printed colour, or the published status when that differs', () => {
    expect(codeState(view(), NOW)).toMatchObject({ kind: 'show', colour: 'green', changed: false });
    expect(codeState(view({ currentStatus: 'yellow' }), NOW)).toMatchObject({ kind: 'show', colour: 'yellow', changed: true });
  });
  it('no code while pending or rejected, once revoked (either way) or expired', () => {
    expect(codeState(view({ state: 'pending', code: undefined }), NOW)).toEqual({ kind: 'none', why: 'pending' });
    expect(codeState(view({ state: 'rejected', code: undefined }), NOW)).toEqual({ kind: 'none', why: 'rejected' });
    expect(codeState(view({ state: 'revoked' }), NOW)).toEqual({ kind: 'none', why: 'revoked' });
    expect(codeState(view({ currentStatus: 'revoked' }), NOW)).toEqual({ kind: 'none', why: 'revoked' });
    expect(codeState(view({ code: code({ expiresAt: NOW }) }), NOW)).toEqual({ kind: 'none', why: 'expired' });
    expect(standing(view({ code: undefined }), NOW)).toBe('pending');
    expect(standing(view({ currentStatus: 'red' }), NOW)).toBe('red');
  });
});

describe('renewal', () => {
  it('renews in the last quarter of the validity or the last day, whichever is shorter', () => {
    const week = { issuedAt: NOW, expiresAt: NOW + 7 * 86_400 };
    expect(needsRenewal(view({ code: code(week) }), NOW + 5 * 86_400)).toBe(false);
    expect(needsRenewal(view({ code: code(week) }), NOW + 6 * 86_400 + 1)).toBe(true);
    const hours = { issuedAt: NOW, expiresAt: NOW + 4 * 3600 };
    expect(needsRenewal(view({ code: code(hours) }), NOW + 2 * 3600)).toBe(false);
    expect(needsRenewal(view({ code: code(hours) }), NOW + 3 * 3600 + 1)).toBe(true);
  });
  it('renews at once when the published colour differs from the printed one; never a revoked or pending one', () => {
    expect(needsRenewal(view({ currentStatus: 'red' }), NOW)).toBe(true);
    expect(needsRenewal(view({ currentStatus: 'green' }), NOW)).toBe(false);
    expect(needsRenewal(view({ currentStatus: 'revoked' }), NOW)).toBe(false);
    expect(needsRenewal(view({ state: 'pending', code: undefined }), NOW)).toBe(false);
  });
});

describe('presentations', () => {
  it('appends a holder proof at the given second that the verifier accepts, and goes stale after the window', async () => {
    const issuer = signerFromSeed(new Uint8Array(32).fill(1));
    const holder = signerFromSeed(new Uint8Array(32).fill(2));
    const issued = await issueCode(
      {
        kind: 2,
        kid: kidOf(issuer.publicKey),
        cid: new Uint8Array(16).fill(3),
        status: 'green',
        iat: NOW - 60,
        exp: NOW + 86_400,
        region: 440305,
        name: '张*明',
        hint: '1234',
        holderKey: holder.publicKey,
      },
      issuer,
    );
    if (!issued.ok) throw new Error(issued.problem);
    const shown = await presentation(b64uEncode(issued.bytes), holder, NOW * 1000 + 999);
    if (!shown.ok) throw new Error(shown.problem);
    expect(shown.ts).toBe(NOW);
    const parsed = parseCodeBytes((parseQrText(shown.text) as { ok: true; bytes: Uint8Array }).bytes);
    expect(parsed.ok && parsed.code.proof?.ts).toBe(NOW);
    const bundle: TrustBundle = {
      seq: 1,
      issuedAt: NOW - 600,
      expiresAt: NOW + 86_400,
      authority: DEFAULT_AUTHORITY,
      keys: [
        {
          kid: b64uEncode(kidOf(issuer.publicKey)),
          publicKey: issuer.publicKey,
          use: 'issuer' as const,
          region: 440300,
          name: { en: 'x' },
          notBefore: NOW - 86_400,
          notAfter: NOW + 86_400,
          authority: DEFAULT_AUTHORITY,
        },
      ],
    };
    const status = { seq: null, issuedAt: null, lookup: () => undefined };
    const trust = { bundle, checkedAt: NOW };
    expect((await verify(shown.text, trust, status, NOW + 30, { ed25519: tweetnaclEd25519 })).reason).toBe('ok');
    expect((await verify(shown.text, trust, status, NOW + 90, { ed25519: tweetnaclEd25519 })).reason).toBe('presentation_expired');
  });
  it('refuses bytes that are not base64url, and schedules the next one within 30 s', async () => {
    expect(await presentation('not base64url!', signerFromSeed(new Uint8Array(32)), 0)).toEqual({ ok: false, problem: 'bad_code_bytes' });
    expect(PRESENTATION_REFRESH_SECONDS).toBeLessThanOrEqual(30);
    expect(msUntilNextPresentation(NOW, NOW * 1000 + 5000)).toBe(15_000);
    expect(msUntilNextPresentation(NOW, NOW * 1000 + 60_000)).toBe(0);
  });
});

describe('QR layout', () => {
  it('a holder-bound text fits version 9 at level L, drawn in whole device pixels with a 4-module quiet zone', () => {
    const text = `GC1:${'A'.repeat(324)}`;
    const matrix = qrMatrix(text);
    expect(matrix.version).toBe(9);
    expect(matrix.size).toBe(53);
    expect(qrLayout(53, 378, 1)).toEqual({ modules: 61, devicePixelsPerModule: 6, cssPerModule: 6, cssSide: 366 });
    expect(qrLayout(53, 348, 3)).toMatchObject({ devicePixelsPerModule: 17, cssSide: (61 * 17) / 3 });
    expect(qrLayout(53, 10, 1).devicePixelsPerModule).toBe(1);
  });
});

describe('the apply form', () => {
  const filled = {
    ...EMPTY_FORM,
    name: '  John   Smith ',
    idNumber: 'e 1234 567x',
    region: '440305',
    symptoms: false,
    travel: false,
    contact: true,
  };
  it('builds the contract request: trimmed, ID upper-cased, answers as booleans, no phone when empty', () => {
    const result = checkApplication(filled, 'K'.repeat(43), 'en');
    expect(result).toEqual({
      ok: true,
      request: {
        holderKey: 'K'.repeat(43),
        name: 'John Smith',
        idType: 'resident_id',
        idNumber: 'E1234567X',
        region: 440305,
        declaration: { symptoms: false, travel: false, contact: true },
        relation: 'self',
        language: 'en',
      },
    });
  });
  it('pins each problem to its field', () => {
    const result = checkApplication({ ...EMPTY_FORM, name: 'a\u0000b', idNumber: 'abc', region: '999999', phone: '12ab' }, 'K', 'en');
    expect(result).toEqual({
      ok: false,
      problems: {
        name: 'bad_characters',
        idNumber: 'too_short',
        region: 'bad_region',
        phone: 'bad_phone',
        symptoms: 'answer',
        travel: 'answer',
        contact: 'answer',
      },
    });
    expect(checkApplication({ ...filled, name: 'x'.repeat(65) }, 'K', 'en')).toMatchObject({ ok: false, problems: { name: 'too_long' } });
    expect(checkApplication({ ...filled, name: '\ud800' }, 'K', 'en')).toMatchObject({ ok: false, problems: { name: 'bad_characters' } });
    expect(checkApplication({ ...filled, region: '' }, 'K', 'en')).toMatchObject({ ok: false, problems: { region: 'required' } });
    // A name of invisible characters only, or one with a bidi override, would fool a guard (issue 14).
    for (const name of ['\u200b\u2060', '\u200b\u2060\u202e'.slice(0, 2), '\u00ad\u200d'])
      expect(checkApplication({ ...filled, name }, 'K', 'en'), JSON.stringify(name)).toMatchObject({
        ok: false,
        problems: { name: 'no_letter' },
      });
    expect(checkApplication({ ...filled, name: 'Anna \u202eMüller' }, 'K', 'en')).toMatchObject({
      ok: false,
      problems: { name: 'bidi_control' },
    });
    expect(checkApplication({ ...filled, idNumber: 'E123\u2066456' }, 'K', 'en')).toMatchObject({
      ok: false,
      problems: { idNumber: 'bidi_control' },
    });
    expect(checkApplication({ ...filled, name: '王\u200b小明' }, 'K', 'en').ok).toBe(true);
  });
  it('points a server refusal at its field', () => {
    expect(fieldOfRefusal('idNumber')).toBe('idNumber');
    expect(fieldOfRefusal('declaration.contact')).toBe('contact');
    expect(fieldOfRefusal('/declaration/travel')).toBe('travel');
    expect(fieldOfRefusal('holderKey')).toBeNull();
    expect(fieldOfRefusal(undefined)).toBeNull();
  });
  it('uses the contract’s SafeText pattern', () => {
    expect(SAFE_LINE.source).toBe(new RegExp(SINGLE_LINE_PATTERN, 'u').source);
  });
});
