import { describe, expect, it } from 'vitest';
import { isMachineText, WedgeDetector } from './wedge-detector.ts';

/** Feeds text then Enter with a fixed gap per key; returns the last step. */
function type(detector: WedgeDetector, text: string, gapMs: number, start = 1000) {
  let t = start;
  for (const key of text) {
    detector.feed(key, t);
    t += gapMs;
  }
  return detector.feed('Enter', t);
}

/** Feeds text then Enter, `gap(i)` ms before key i (Enter gets the last key's gap again). */
function typeWithGaps(detector: WedgeDetector, text: string, gap: (i: number) => number) {
  let t = 1000;
  [...text].forEach((key, i) => {
    t += gap(i);
    detector.feed(key, t);
  });
  return detector.feed('Enter', t + gap(text.length - 1));
}

describe('keyboard-wedge detection', () => {
  it('accepts a fast burst ending in Enter as a scan', () => {
    expect(type(new WedgeDetector(), 'GC1:ABC DEF', 4)).toEqual({ kind: 'scan', text: 'GC1:ABC DEF' });
    expect(type(new WedgeDetector(), 'GC1:ABC DEF', 30)).toEqual({ kind: 'scan', text: 'GC1:ABC DEF' });
  });

  it('takes a long GC1 or enrollment text at any pace (nobody types base45); a short one still needs the pace', () => {
    const code = `GC1:${'6BFOXN*TS0BI$ZD4'.repeat(10)}`;
    expect(type(new WedgeDetector(), code, 150)).toEqual({ kind: 'scan', text: code });
    expect(type(new WedgeDetector(), `GCENROLL1:${'eyJ2IjoxfQ'.repeat(3)}`, 120)).toMatchObject({ kind: 'scan' });
    expect(type(new WedgeDetector(), 'GC1:ABC', 150)).toEqual({ kind: 'none' });
    expect(type(new WedgeDetector(), `xGC1:${'6BFOXN*TS0BI$ZD4'.repeat(3)}`, 150)).toEqual({ kind: 'none' });
    // A person typing the prefix and then words writes no base45: human pace, no scan.
    expect(type(new WedgeDetector(), 'GC1:this is a person typing on the about screen', 85)).toEqual({ kind: 'none' });
    expect(type(new WedgeDetector(), 'GCENROLL1:typing words, not a token', 85)).toEqual({ kind: 'none' });
  });

  it('names the texts only a machine writes (what a scan into a text field must be)', () => {
    expect(isMachineText(`GC1:${'6BF+Q0'.repeat(5)}`)).toBe(true);
    expect(isMachineText(`GCENROLL1:${'aZ09_-'.repeat(5)}`)).toBe(true);
    // Short, or words a person types after the prefix (lower case and ; are not base45).
    expect(isMachineText('GC1:ABCDEF')).toBe(false);
    expect(isMachineText('GC1:the east gate phone number one')).toBe(false);
    expect(isMachineText('East gate phone 1 East gate phone 1')).toBe(false);
  });

  it('refuses human typing, even a fast typist', () => {
    expect(type(new WedgeDetector(), 'hello world', 90)).toEqual({ kind: 'none' });
    expect(type(new WedgeDetector(), 'hello world', 60)).toEqual({ kind: 'none' });
    // 150 words a minute over a long text: 80 ms a character.
    expect(type(new WedgeDetector(), 'the quick brown fox jumps over the lazy dog', 80)).toEqual({ kind: 'none' });
  });

  it('accepts a slow Bluetooth scanner on a long code: 60 ms a key on average, bunched, with a 280 ms stall', () => {
    const d = new WedgeDetector();
    const text = `GC1:${'6BFOXN*TS0BI$ZD4'.repeat(10)}`;
    let t = 1000;
    [...text].forEach((key, i) => {
      d.feed(key, t);
      t += i === 80 ? 280 : i % 2 ? 20 : 95;
    });
    expect(d.feed('Enter', t)).toEqual({ kind: 'scan', text });
  });

  it('keeps a scanner burst across a stall of a busy page (the whole text is the scan, never its tail alone)', () => {
    const d = new WedgeDetector();
    const text = `GC1:${'NCFOXN*TS0BI$ZD4'.repeat(6)}`;
    expect(typeWithGaps(d, text, (i) => (i === 40 || i === 70 ? 1500 : 3))).toEqual({ kind: 'scan', text });
    // Gaps a page measured under 4x CPU throttling with a 1080p camera: mostly fast, a tenth slow, stalls.
    const slow = new WedgeDetector();
    expect(typeWithGaps(slow, text, (i) => (i % 10 === 0 ? 200 : i % 37 === 0 ? 450 : 14))).toEqual({ kind: 'scan', text });
  });

  it('keeps the first keys of a scan across a stall among them', () => {
    const d = new WedgeDetector();
    const text = `GC1:${'NCFOXN*TS0BI$ZD4'.repeat(6)}`;
    expect(typeWithGaps(d, text, (i) => (i === 1 ? 450 : 4))).toEqual({ kind: 'scan', text });
  });

  it('starts over after a stall longer than any page makes', () => {
    const d = new WedgeDetector();
    for (const [i, key] of [...'GC1:ABCDEFGHIJKLMNOPQRSTUV'].entries()) d.feed(key, 1000 + i * 10 + (i > 10 ? 6000 : 0));
    expect(d.feed('Enter', 7000 + 27 * 10)).toEqual({ kind: 'scan', text: 'HIJKLMNOPQRSTUV' });
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
    for (const key of ['G', 'Shift', 'C', 'Shift', '1', ':', 'A']) {
      t += 3;
      d.feed(key, t);
    }
    expect(d.feed('Enter', t + 3)).toEqual({ kind: 'scan', text: 'GC1:A' });
  });

  it('marks keys from the second fast one on as part of a burst', () => {
    const d = new WedgeDetector();
    expect(d.feed('G', 0)).toEqual({ kind: 'none' });
    expect(d.feed('C', 5)).toEqual({ kind: 'burst' });
    expect(d.feed('1', 300)).toEqual({ kind: 'none' });
  });
});
