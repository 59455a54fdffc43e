import { describe, expect, it } from 'vitest';
import { PreviewPace } from './preview-pace.ts';

/** The pace changes over frames every 33 ms from `from` to `to`, with `busy`/`moved` as given per frame. */
function changes(pace: PreviewPace, from: number, to: number, look: (at: number) => { busy?: boolean; moved?: boolean } = () => ({})) {
  const out: { at: number; lively: boolean }[] = [];
  for (let at = from; at < to; at += 33) {
    const { busy = false, moved = false } = look(at);
    const lively = pace.next(at, busy, moved);
    if (lively !== null) out.push({ at, lively });
  }
  return out;
}

describe('PreviewPace', () => {
  it('starts lively and calms once, after the hold, when nothing moves and nothing is read', () => {
    const pace = new PreviewPace(0, 3000);
    const seen = changes(pace, 0, 10_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.lively).toBe(false);
    expect(seen[0]!.at).toBeGreaterThanOrEqual(3000);
    expect(seen[0]!.at).toBeLessThan(3100);
  });

  it('stays lively while the decoder is busy, and for the hold after', () => {
    const pace = new PreviewPace(0, 3000);
    const seen = changes(pace, 0, 12_000, (at) => ({ busy: at < 5000 }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.lively).toBe(false);
    expect(seen[0]!.at).toBeGreaterThanOrEqual(7967);
  });

  it('a change of scene makes a calm preview lively on that very frame', () => {
    const pace = new PreviewPace(0, 3000);
    changes(pace, 0, 4000);
    const seen = changes(pace, 4000, 9000, (at) => ({ moved: at >= 5000 && at < 5033 }));
    // 5023: the first frame at or after 5000 (4000 + 31 frames of 33 ms).
    expect(seen[0]).toEqual({ at: 5023, lively: true });
    expect(seen[1]?.lively).toBe(false);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(3000);
  });

  it('says nothing while the pace stays as it is', () => {
    const pace = new PreviewPace(0, 3000);
    expect(changes(pace, 0, 2900, () => ({ moved: true, busy: true }))).toEqual([]);
  });
});
