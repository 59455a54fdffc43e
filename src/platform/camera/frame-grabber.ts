/**
 * Copies the current video frame into RGBA pixels at a bounded size, for the decoder worker.
 * One canvas is reused for every frame: allocating a canvas per frame makes Chrome's GC
 * pause for tens of milliseconds on cheap phones.
 */

/** The longest side of a grabbed frame. A 720p frame becomes 1024x576: QR codes held at
 * arm's length keep 3+ pixels per module, and decoding costs about a third less. */
export const DEFAULT_MAX_SIDE = 1024;

/**
 * Reads frames of one video element. ImageData, not ImageBitmap: handing the worker
 * createImageBitmap(video, {resize}) frames was measured slower here (scan-to-verdict median
 * 38-46 ms against 33-35 ms, headless Chromium, 2 cores), so the readback stays on this side.
 */
export interface FrameGrabber {
  /** The frame now shown by the video, or null before the first frame (videoWidth 0). */
  grab(): ImageData | null;
}

/** A grabber for `video` whose frames have at most `maxSide` pixels on the long side. */
export function createFrameGrabber(video: HTMLVideoElement, maxSide = DEFAULT_MAX_SIDE): FrameGrabber {
  let canvas: OffscreenCanvas | HTMLCanvasElement | null = null;
  let context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null = null;

  return {
    grab() {
      const vw = video.videoWidth;
      const vh = video.videoHeight;
      // readyState < HAVE_CURRENT_DATA means drawImage would paint nothing (a black frame).
      if (vw === 0 || vh === 0 || video.readyState < 2) return null;
      const scale = Math.min(1, maxSide / Math.max(vw, vh));
      const width = Math.round(vw * scale);
      const height = Math.round(vh * scale);
      if (!canvas || canvas.width !== width || canvas.height !== height) {
        // OffscreenCanvas avoids a DOM node; Safari < 16.4 lacks it, so fall back.
        canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
        // willReadFrequently keeps the canvas in CPU memory: getImageData on a GPU canvas
        // costs a readback per frame (https://html.spec.whatwg.org/#concept-canvas-will-read-frequently).
        context = canvas.getContext('2d', { willReadFrequently: true, alpha: false }) as typeof context;
      }
      if (!context) return null;
      context.drawImage(video, 0, 0, width, height);
      return context.getImageData(0, 0, width, height);
    },
  };
}
