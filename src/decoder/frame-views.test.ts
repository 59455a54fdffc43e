import { describe, expect, it } from 'vitest';
import { CENTRE_SIDE, WHOLE_MAX_SIDE, frameViews } from './frame-views.ts';

describe('frameViews', () => {
  it('gives no view before the video has a frame', () => {
    expect(frameViews(0, 0)).toEqual([]);
    expect(frameViews(1280, 0)).toEqual([]);
    expect(frameViews(Number.NaN, 720)).toEqual([]);
  });

  it('decodes a frame that already fits whole, once, at full resolution', () => {
    expect(frameViews(640, 480)).toEqual([{ name: 'whole', sx: 0, sy: 0, sw: 640, sh: 480, width: 640, height: 480 }]);
    expect(frameViews(960, 720)).toHaveLength(1);
  });

  it('shrinks a 1080p frame whole, then takes its middle square at the camera resolution', () => {
    const [whole, centre, ...rest] = frameViews(1920, 1080);
    expect(rest).toEqual([]);
    expect(whole).toEqual({ name: 'whole', sx: 0, sy: 0, sw: 1920, sh: 1080, width: WHOLE_MAX_SIDE, height: 540 });
    expect(centre).toEqual({ name: 'centre', sx: 576, sy: 156, sw: CENTRE_SIDE, sh: CENTRE_SIDE, width: CENTRE_SIDE, height: CENTRE_SIDE });
    // Exactly half (the cheapest shrink); about the same pixels each, so an empty frame costs about two whole decodes.
    expect([whole!.width * 2, whole!.height * 2]).toEqual([1920, 1080]);
    expect(centre!.width * centre!.height).toBeLessThanOrEqual(whole!.width * whole!.height * 1.15);
  });

  it('keeps the centre inside a 720p frame (its full height) and inside portrait frames', () => {
    const [, centre720] = frameViews(1280, 720);
    expect(centre720).toMatchObject({ sx: 280, sy: 0, sw: 720, sh: 720, width: 720, height: 720 });
    const [whole, centre] = frameViews(1080, 1920);
    expect(whole).toMatchObject({ width: 540, height: WHOLE_MAX_SIDE });
    expect(centre).toMatchObject({ sx: 156, sy: 576, sw: CENTRE_SIDE, sh: CENTRE_SIDE });
  });

  it('follows a smaller whole-view bound', () => {
    const views = frameViews(1280, 720, 640);
    expect(views[0]).toMatchObject({ width: 640, height: 360 });
    expect(views[1]).toMatchObject({ name: 'centre', width: 720 });
  });
});
