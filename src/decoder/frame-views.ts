/**
 * Which parts of a camera frame the scanner decodes, and at what size (pure: no DOM).
 *
 * - `whole`: the full frame shrunk to at most WHOLE_MAX_SIDE on its long side. It finds codes
 *   anywhere in the picture and several at once (a family's group), and costs a bounded
 *   decode whatever the camera delivers.
 * - `centre`: a square from the middle of the frame at the camera's own resolution, only when
 *   the whole view was shrunk. A phone screen held at arm's length is small in the frame: at
 *   0.5 m a holder's code (version 9, 61 modules with its quiet zone, about 60 mm wide) is
 *   about 2.9 px a module in a 1920x1080 frame, 1.45 px after the whole view's shrink, and
 *   zxing needs about 1.7. Holders aim at the middle of the scanner, so the middle at full
 *   resolution reads what the shrunk frame cannot.
 *
 * The decoder worker (frame-stream.ts), or the main-thread grabber where the worker cannot read
 * the camera, decodes `whole` first and `centre` only when `whole` read nothing, so
 * a frame with a code in it costs one decode and an empty frame two. CENTRE_SIDE is chosen so
 * both views have about the same pixel count (768² ≈ 1024x576), hence about the same cost.
 * Figures: src/holder/README.md ("Reading the holder's screen").
 */

/**
 * The long side of the whole view: 960 halves a 1080p frame exactly (a 2x2 box a pixel, the
 * cheapest shrink, luma-views.ts) and makes a 720p frame 960x540.
 */
export const WHOLE_MAX_SIDE = 960;
/** The side of the centre view's square, in camera pixels. */
export const CENTRE_SIDE = 768;

/** A source rectangle of the video and the size it is drawn at. */
export interface FrameView {
  name: 'whole' | 'centre';
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  width: number;
  height: number;
}

/** The views of a `videoWidth` x `videoHeight` frame, in the order they are decoded; none before the first frame. */
export function frameViews(videoWidth: number, videoHeight: number, maxSide = WHOLE_MAX_SIDE, centreSide = CENTRE_SIDE): FrameView[] {
  if (!(videoWidth > 0) || !(videoHeight > 0)) return [];
  const scale = Math.min(1, maxSide / Math.max(videoWidth, videoHeight));
  const whole: FrameView = {
    name: 'whole',
    sx: 0,
    sy: 0,
    sw: videoWidth,
    sh: videoHeight,
    width: Math.max(1, Math.round(videoWidth * scale)),
    height: Math.max(1, Math.round(videoHeight * scale)),
  };
  // A frame that already fits is decoded at full resolution by the whole view.
  if (scale >= 1) return [whole];
  const side = Math.min(videoWidth, videoHeight, centreSide);
  const centre: FrameView = {
    name: 'centre',
    sx: Math.floor((videoWidth - side) / 2),
    sy: Math.floor((videoHeight - side) / 2),
    sw: side,
    sh: side,
    width: side,
    height: side,
  };
  return [whole, centre];
}
