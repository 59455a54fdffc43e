import { describe, expect, it } from 'vitest';
import { validateStatusChanges } from './status-changes.ts';

const CID = 'AAECAwQFBgcICQoLDA0ODw';

describe('validateStatusChanges', () => {
  it('keeps the last change of a cid given twice, in the order last given', () => {
    const other = 'AQECAwQFBgcICQoLDA0ODw';
    expect(
      validateStatusChanges([
        { cid: CID, status: 'yellow' },
        { cid: other, status: 'red', until: 5 },
        { cid: CID, status: 'revoked', until: null },
      ]),
    ).toEqual({
      ok: true,
      changes: [
        { cid: other, status: 'red', until: 5 },
        { cid: CID, status: 'revoked' },
      ],
    });
  });

  it.each([
    ['not an array', 'x'],
    ['empty', []],
    ['a bad cid', [{ cid: 'AAEC', status: 'red' }]],
    ['a cid with padding', [{ cid: `${CID}==`, status: 'red' }]],
    ['an unknown status', [{ cid: CID, status: 'orange' }]],
    ['a fractional until', [{ cid: CID, status: 'red', until: 1.5 }]],
    ['an extra field', [{ cid: CID, status: 'red', note: 'x' }]],
    ['a null change', [null]],
  ])('refuses %s', (_label, value) => {
    expect(validateStatusChanges(value).ok).toBe(false);
  });
});
