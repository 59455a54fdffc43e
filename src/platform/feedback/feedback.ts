/**
 * Sound and vibration for a verdict, so a guard who is looking at the person, not the
 * screen, still knows the result. Tones are generated with WebAudio (no files to cache).
 * Each verdict family (core's verdictFamily: admit, refer, and three kinds of refusal) has its
 * own rhythm as well as pitch, so they differ for guards who cannot tell pitches apart, and
 * the vibration patterns differ in count and length.
 */
import type { VerdictFamily } from '../../core/verdict-family.ts';
import { afterNextPaint } from '../after-paint.ts';

/** Tone sequences: [frequency Hz, duration ms, gap ms after]. */
const TONES: Record<VerdictFamily, readonly [number, number, number][]> = {
  // Admit: one short rising pair, pleasant and quick so the queue keeps moving.
  admit: [
    [880, 90, 20],
    [1320, 120, 0],
  ],
  // A genuine code that says no (red): three low, harsh pulses.
  health: [
    [220, 160, 60],
    [220, 160, 60],
    [220, 160, 0],
  ],
  // Not a valid code (forged, expired…): a falling siren, long: hold the person, call.
  invalid: [
    [520, 220, 0],
    [330, 220, 0],
    [520, 220, 0],
    [330, 320, 0],
  ],
  // Not a health code at all (a payment QR): one soft low "uh-uh", ask for the right code.
  not_a_code: [
    [392, 120, 80],
    [294, 200, 0],
  ],
  // Refer: a two-note call, repeated: "call the supervisor".
  refer: [
    [660, 140, 40],
    [440, 140, 120],
    [660, 140, 40],
    [440, 140, 0],
  ],
};

/** navigator.vibrate patterns (ms on, off, on…). */
export const VIBRATION: Record<VerdictFamily, number[]> = {
  admit: [60],
  health: [300, 100, 300, 100, 300],
  invalid: [600, 150, 600],
  not_a_code: [120, 120, 120],
  refer: [150, 80, 150, 80, 150, 80, 150],
};

/** Plays verdict feedback. */
export interface Feedback {
  /** Starts the sound and vibration right after the next paint, so they never delay the verdict. */
  play(family: VerdictFamily, options: { sound: boolean; vibration: boolean }): void;
  /** Call from a user gesture: browsers start an AudioContext suspended until one happened. */
  unlock(): void;
}

/** Creates the feedback player; the AudioContext is made by unlock() only. */
export function createFeedback(): Feedback {
  let context: AudioContext | null = null;
  const audio = (): AudioContext | null => {
    if (context) return context;
    const Ctor = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return null;
    context = new Ctor();
    return context;
  };

  return {
    unlock() {
      const ctx = audio();
      if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
    },
    play(family, options) {
      afterNextPaint(() => playNow(family, options));
    },
  };

  function playNow(decision: VerdictFamily, options: { sound: boolean; vibration: boolean }): void {
    if (options.vibration && typeof navigator.vibrate === 'function') {
      // vibrate() throws in some embedded webviews without the permission: ignore.
      try {
        navigator.vibrate(VIBRATION[decision]);
      } catch {
        /* no vibration motor access */
      }
    }
    if (!options.sound) return;
    // Only unlock() (the first tap, or a burst of keys) makes the AudioContext.
    // Made here it would block the main thread right after the verdict's paint (80-107 ms
    // measured in headless Chromium, 100-250 ms on some phones), and before any gesture it
    // could not sound anyway.
    if (!context) return;
    const ctx = context;
    if (ctx.state !== 'running') {
      // Until a tap unlocked audio (kiosk mode with a wedge scanner only), stay silent
      // rather than queue sounds that would all play at the first tap.
      if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
      return;
    }
    let at = ctx.currentTime + 0.01;
    for (const [frequency, duration, gap] of TONES[decision]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = decision === 'health' ? 'square' : decision === 'invalid' ? 'sawtooth' : 'sine';
      osc.frequency.value = frequency;
      // Short attack and release ramps: a hard start or stop clicks audibly.
      const end = at + duration / 1000;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.25, at + 0.01);
      gain.gain.setValueAtTime(0.25, end - 0.02);
      gain.gain.linearRampToValueAtTime(0, end);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(end);
      at = end + gap / 1000;
    }
  }
}
