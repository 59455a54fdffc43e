/**
 * The views of a camera frame the scanner decodes. They live with the decoder
 * (src/decoder/frame-views.ts), whose worker cuts them from the camera's frames itself; the
 * main-thread grabber (frame-grabber.ts, where the worker cannot read the camera) uses the same ones.
 */
export { CENTRE_SIDE, WHOLE_MAX_SIDE, frameViews, type FrameView } from '../../decoder/frame-views.ts';
