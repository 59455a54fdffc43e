import { describe, expect, it } from 'vitest';
import { startFrameLoop } from './frame-loop.ts';

/** A video element stand-in whose frames the test presents by hand. */
function fakeVideo() {
  let callbacks: ((now: number, meta: { presentationTime: number }) => void)[] = [];
  return {
    requestVideoFrameCallback(cb: (now: number, meta: { presentationTime: number }) => void) {
      callbacks.push(cb);
      return callbacks.length;
    },
    cancelVideoFrameCallback() {
      callbacks = [];
    },
    present(time: number) {
      const due = callbacks;
      callbacks = [];
      for (const cb of due) cb(time, { presentationTime: time });
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('frame loop', () => {
  it('keeps one frame in flight, drops the frames in between, and takes the newest one at once', async () => {
    const video = fakeVideo();
    const handled: number[] = [];
    let release: (() => void) | null = null;
    const loop = startFrameLoop(video as unknown as HTMLVideoElement, (at) => {
      handled.push(at);
      return new Promise<void>((resolve) => (release = resolve));
    });
    video.present(1);
    video.present(2); // arrives while frame 1 is being handled
    video.present(3); // newer still: 2 is dropped
    expect(handled).toEqual([1]);
    release!();
    await tick();
    expect(handled).toEqual([1, 3]); // handled right away, not at the next frame
    release!();
    await tick();
    video.present(4);
    expect(handled).toEqual([1, 3, 4]);
    loop.stop();
    release!();
    await tick();
    video.present(5);
    expect(handled).toEqual([1, 3, 4]);
  });

  it('survives a handler that throws', async () => {
    const video = fakeVideo();
    const handled: number[] = [];
    const original = console.error;
    console.error = () => undefined;
    try {
      startFrameLoop(video as unknown as HTMLVideoElement, (at) => {
        handled.push(at);
        throw new Error('decoder broke');
      });
      video.present(1);
      await tick();
      video.present(2);
      await tick();
      expect(handled).toEqual([1, 2]);
    } finally {
      console.error = original;
    }
  });
});
