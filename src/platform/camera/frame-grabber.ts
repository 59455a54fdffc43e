/**
 * Copies views of the current video frame (frame-views.ts) into RGBA pixels for the decoder
 * worker. One canvas per view is reused for every frame: allocating a canvas per frame makes
 * Chrome's GC pause for tens of milliseconds on cheap phones.
 */
import { frameViews, type FrameView } from './frame-views.ts';

/**
 * Reads frames of one video element. ImageData, not ImageBitmap: handing the worker
 * createImageBitmap(video, {resize}) frames was measured slower here (scan-to-verdict median
 * 38-46 ms against 33-35 ms, headless Chromium, 2 cores), so the readback stays on this side.
 */
export interface FrameGrabber {
  /** The views of the video's current size, in decoding order; none before the first frame. */
  views(): FrameView[];
  /** `view` of the frame now shown by the video, or null while the video has no frame. */
  grab(view: FrameView): ImageData | null;
}

type Context2d = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** A grabber for `video`; `maxSide` bounds the whole view's long side (frame-views.ts). */
export function createFrameGrabber(video: HTMLVideoElement, maxSide?: number): FrameGrabber {
  const contexts = new Map<FrameView['name'], Context2d>();

  const contextFor = (view: FrameView): Context2d | null => {
    const existing = contexts.get(view.name);
    if (existing && existing.canvas.width === view.width && existing.canvas.height === view.height) return existing;
    const { width, height } = view;
    // OffscreenCanvas avoids a DOM node; Safari < 16.4 lacks it, so fall back.
    const canvas =
      typeof OffscreenCanvas === 'function'
        ? new OffscreenCanvas(width, height)
        : Object.assign(document.createElement('canvas'), { width, height });
    // willReadFrequently keeps the canvas in CPU memory: getImageData on a GPU canvas
    // costs a readback per frame (https://html.spec.whatwg.org/#concept-canvas-will-read-frequently).
    const context = canvas.getContext('2d', { willReadFrequently: true, alpha: false }) as Context2d | null;
    if (context) contexts.set(view.name, context);
    return context;
  };

  return {
    views: () => frameViews(video.videoWidth, video.videoHeight, maxSide),
    grab(view) {
      // readyState < HAVE_CURRENT_DATA means drawImage would paint nothing (a black frame).
      if (video.videoWidth === 0 || video.videoHeight === 0 || video.readyState < 2) return null;
      const context = contextFor(view);
      if (!context) return null;
      context.drawImage(video, view.sx, view.sy, view.sw, view.sh, 0, 0, view.width, view.height);
      return context.getImageData(0, 0, view.width, view.height);
    },
  };
}
