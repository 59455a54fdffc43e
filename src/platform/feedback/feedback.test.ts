/**
 * The feedback player against stand-ins for the browser's WebAudio, vibration and user
 * activation (node has none of them): when an AudioContext is made, and that a verdict's
 * sound starts only after the paint.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFeedback } from './feedback.ts';

class FakeAudioContext {
  static made = 0;
  state: 'suspended' | 'running' = 'suspended';
  currentTime = 0;
  destination = {};
  oscillators = 0;
  constructor() {
    FakeAudioContext.made++;
    contexts.push(this);
  }
  resume() {
    this.state = 'running';
    return Promise.resolve();
  }
  createOscillator() {
    this.oscillators++;
    const node = { type: '', frequency: { value: 0 }, connect: (next: unknown) => next, start() {}, stop() {} };
    return node;
  }
  createGain() {
    const param = { setValueAtTime() {}, linearRampToValueAtTime() {} };
    return { gain: param, connect: (next: unknown) => next };
  }
}
let contexts: FakeAudioContext[] = [];
const activation = { hasBeenActive: false };
const vibrations: unknown[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  contexts = [];
  FakeAudioContext.made = 0;
  activation.hasBeenActive = false;
  vibrations.length = 0;
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('navigator', { userActivation: activation, vibrate: (pattern: unknown) => vibrations.push(pattern) });
  vi.stubGlobal('requestAnimationFrame', (callback: (now: number) => void) => setTimeout(() => callback(0), 16));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('feedback', () => {
  it('makes no AudioContext for a verdict (it would stall the main thread after the paint), but vibrates', () => {
    const feedback = createFeedback();
    // Even once the page had some user activation without a tap (as Playwright's evaluate gives).
    activation.hasBeenActive = true;
    feedback.play('admit', { sound: true, vibration: true });
    vi.runAllTimers();
    expect(FakeAudioContext.made).toBe(0);
    expect(vibrations).toHaveLength(1);
  });

  it('plays the tones after the paint once a gesture unlocked audio', async () => {
    const feedback = createFeedback();
    feedback.unlock();
    await Promise.resolve();
    expect(contexts[0]?.state).toBe('running');
    feedback.play('health', { sound: true, vibration: false });
    // Nothing before the next animation frame and the task after it.
    expect(contexts[0]!.oscillators).toBe(0);
    vi.runAllTimers();
    expect(contexts[0]!.oscillators).toBe(3);
    expect(vibrations).toHaveLength(0);
  });

  it('stays silent while the context is still suspended, and asks it to resume', () => {
    const feedback = createFeedback();
    feedback.unlock();
    contexts[0]!.state = 'suspended';
    const resume = vi.spyOn(contexts[0]!, 'resume');
    feedback.play('refer', { sound: true, vibration: false });
    vi.runAllTimers();
    expect(contexts[0]!.oscillators).toBe(0);
    expect(resume).toHaveBeenCalled();
  });

  it('is silent with sound off', () => {
    const feedback = createFeedback();
    feedback.unlock();
    feedback.play('admit', { sound: false, vibration: false });
    vi.runAllTimers();
    expect(contexts[0]!.oscillators).toBe(0);
  });
});
