import { describe, expect, it } from 'vitest';
import { WedgeDetector } from './wedge-detector.ts';

/** Feeds text then Enter with a fixed gap per key; returns the last step. */
function type(detector: WedgeDetector, text: string, gapMs: number, start = 1000) {
  let t = start;
  for (const key of text) {
    detector.feed(key, t);
    t += gapMs;
  }
  return detector.feed('Enter', t);
}

describe('keyboard-wedge detection', () => {
  it('accepts a fast burst ending in Enter as a scan', () => {
    expect(type(new WedgeDetector(), 'GC1:ABC DEF', 4)).toEqual({ kind: 'scan', text: 'GC1:ABC DEF' });
    expect(type(new WedgeDetector(), 'GC1:ABC DEF', 30)).toEqual({ kind: 'scan', text: 'GC1:ABC DEF' });
  });

  it('refuses human typing, even a fast typist', () => {
    expect(type(new WedgeDetector(), 'hello world', 90)).toEqual({ kind: 'none' });
    expect(type(new WedgeDetector(), 'hello world', 60)).toEqual({ kind: 'none' });
  });

  it('refuses too short bursts and a lone Enter', () => {
    expect(type(new WedgeDetector(), 'abc', 2)).toEqual({ kind: 'none' });
    expect(new WedgeDetector().feed('Enter', 5)).toEqual({ kind: 'none' });
  });

  it('starts over after a pause, so earlier stray keys do not stick to the scan', () => {
    const d = new WedgeDetector();
    d.feed('x', 0);
    d.feed('y', 100);
    expect(type(d, 'GC1:1234', 5, 2000)).toEqual({ kind: 'scan', text: 'GC1:1234' });
  });

  it('skips modifier keys inside a burst', () => {
    const d = new WedgeDetector();
    let t = 0;
    for (const key of ['G', 'Shift', 'C', 'Shift', '1', ':', 'A']) d.feed(key, (t += 3));
    expect(d.feed('Enter', t + 3)).toEqual({ kind: 'scan', text: 'GC1:A' });
  });

  it('marks keys from the second fast one on as part of a burst', () => {
    const d = new WedgeDetector();
    expect(d.feed('G', 0)).toEqual({ kind: 'none' });
    expect(d.feed('C', 5)).toEqual({ kind: 'burst' });
    expect(d.feed('1', 300)).toEqual({ kind: 'none' });
  });
});
