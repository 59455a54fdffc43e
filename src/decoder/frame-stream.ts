/**
 * The camera's frames read, cut and decoded inside the decoder worker: the page's main thread
 * never touches a frame. The frames come as a ReadableStream of VideoFrames (a
 * MediaStreamTrackProcessor's, made here from a transferred track where the browser can
 * transfer tracks, else made on the page and its stream transferred). Each frame's luminance
 * is copied out (`copyTo`), looked over for finder-like patterns (finder-candidates.ts), and
 * decoded when the rate says so (decode-rate.ts): the whole view, then the centre at camera
 * resolution when the whole read nothing (frame-views.ts), as the main-thread grabber does.
 * What it sees also sets the pace of the page's preview (preview-pace.ts).
 *
 * Frames are read one at a time and closed at once: while a frame is decoded the processor
 * keeps only the newest, so a slow decode drops frames instead of falling behind.
 */
import { DEFAULT_DECODE_RATE, type DecodeRate } from './decode-rate.ts';
import { decodeFrame } from './decode-frame.ts';
import { hasFinderCandidate } from './finder-candidates.ts';
import { frameViews, type FrameView } from './frame-views.ts';
import { SceneChange } from './scene-change.ts';
import { PreviewPace } from './preview-pace.ts';
import { lumaOfRgb, lumaView, type LumaPlane } from './luma-views.ts';
import type { QrDecoder, RgbaImage } from './types.ts';

/** What one decoded frame read. `at`: when the worker took the frame, Unix ms (performance.timeOrigin + now). */
export interface StreamTexts {
  texts: string[];
  ms: number;
  at: number;
}

export interface FrameStreamDeps {
  engine(): Promise<QrDecoder>;
  rate: DecodeRate;
  /** The preview's pace changed (true: lively, false: calm; preview-pace.ts). */
  onPace?(lively: boolean): void;
  /** False while the app wants no frames (an override being recorded): frames are closed unread. */
  wanted(): boolean;
  onTexts(result: StreamTexts): void;
  /** Aborted: stop reading (the stream is cancelled). */
  signal: AbortSignal;
}

/** Planar YUV formats: the first plane is the luminance at full resolution. */
const PLANAR_YUV = new Set(['I420', 'I420A', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);

/** Reusable buffers for one stream (a new one per frame would keep the worker's GC busy). */
class LumaReader {
  private bytes = new Uint8Array(0);
  private luma = new Uint8Array(0);
  private readonly views = new Map<string, Uint8ClampedArray>();
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  /**
   * One view of the plane as grey RGBA, in the bytes this view had last frame when the size is
   * the same (a new 2 MB array a frame per view kept the worker's garbage collector busy).
   */
  view(plane: LumaPlane, view: FrameView): RgbaImage {
    const image = lumaView(plane, view, Math.max(view.width, view.height), this.views.get(view.name));
    this.views.set(view.name, image.data);
    return image;
  }

  async read(frame: VideoFrame): Promise<LumaPlane> {
    const width = frame.visibleRect?.width ?? frame.displayWidth;
    const height = frame.visibleRect?.height ?? frame.displayHeight;
    const format = frame.format;
    if (format && (PLANAR_YUV.has(format) || /^(RGB|BGR)[AX]$/.test(format))) {
      const size = frame.allocationSize();
      if (this.bytes.length < size) this.bytes = new Uint8Array(size);
      const layout = await frame.copyTo(this.bytes);
      const first = layout[0]!;
      if (PLANAR_YUV.has(format)) return { data: this.bytes, offset: first.offset, stride: first.stride, width, height };
      return this.fromRgb(this.bytes.subarray(first.offset), format.startsWith('B') ? 2 : 0, width, height, first.stride / 4);
    }
    // A frame whose pixels the browser will not hand out (a GPU texture): one draw and readback.
    if (!this.canvas || this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas = new OffscreenCanvas(width, height);
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!this.context) throw new Error('OffscreenCanvas 2D is not available in this worker');
    this.context.drawImage(frame, 0, 0, width, height);
    return this.fromRgb(this.context.getImageData(0, 0, width, height).data, 0, width, height, width);
  }

  private fromRgb(bytes: Uint8Array | Uint8ClampedArray, red: 0 | 2, width: number, height: number, pitch: number): LumaPlane {
    if (this.luma.length < pitch * height) this.luma = new Uint8Array(pitch * height);
    lumaOfRgb(bytes, red, this.luma.subarray(0, pitch * height));
    return { data: this.luma, offset: 0, stride: pitch, width, height };
  }
}

/** Reads `frames` until the stream ends (the track stopped) or fails; resolves then. */
export async function readFrameStream(frames: ReadableStream<VideoFrame>, deps: FrameStreamDeps): Promise<void> {
  const reader = frames.getReader();
  const luma = new LumaReader();
  const looker = new Looker();
  const pace = new PreviewPace(performance.now(), DEFAULT_DECODE_RATE.holdMs);
  const cancel = () => void reader.cancel().catch(() => undefined);
  if (deps.signal.aborted) cancel();
  deps.signal.addEventListener('abort', cancel);
  try {
    for (;;) {
      const { value: frame, done } = await reader.read();
      if (done || deps.signal.aborted) {
        frame?.close();
        return;
      }
      try {
        if (deps.wanted()) await decodeOne(frame, luma, looker, pace, deps);
      } finally {
        frame.close();
      }
    }
  } finally {
    deps.signal.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}

/**
 * After the scene changed, frames are looked over for finders this long (a code held up moves
 * for a few frames, then stops: the still frames after the move are the readable ones).
 */
const LOOK_AFTER_CHANGE_MS = 700;

/** Per stream: what was seen, to decide which frames are worth a look. */
class Looker {
  private readonly scene = new SceneChange();
  private lookUntil = Number.NEGATIVE_INFINITY;

  /**
   * `moved`: the scene changed at this frame; `candidate`: this frame may show a code (the
   * scene changed lately and finder-like patterns are in view).
   */
  look(plane: LumaPlane, now: number): { moved: boolean; candidate: boolean } {
    const moved = this.scene.changed(plane);
    if (moved) this.lookUntil = now + LOOK_AFTER_CHANGE_MS;
    return { moved, candidate: now < this.lookUntil && hasFinderCandidate(plane) };
  }
}

async function decodeOne(frame: VideoFrame, luma: LumaReader, looker: Looker, pace: PreviewPace, deps: FrameStreamDeps): Promise<void> {
  const started = performance.now();
  const plane = await luma.read(frame);
  // At full rate every frame is decoded anyway: no look needed.
  const busy = deps.rate.active(started);
  const { moved, candidate } = busy ? { moved: false, candidate: false } : looker.look(plane, started);
  const lively = pace.next(started, busy, moved);
  if (lively !== null) deps.onPace?.(lively);
  const effort = deps.rate.shouldDecode(started, candidate);
  if (effort === null) return;
  const engine = await deps.engine();
  for (const view of frameViews(plane.width, plane.height)) {
    const { texts } = await decodeFrame(luma.view(plane, view), engine, { source: 'camera', effort });
    if (texts.length > 0) {
      deps.rate.wake(performance.now());
      deps.onTexts({ texts, ms: performance.now() - started, at: performance.timeOrigin + started });
      return;
    }
  }
}
