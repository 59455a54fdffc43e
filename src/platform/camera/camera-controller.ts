/**
 * The camera's lifecycle for the scan screen: open, feed frames, switch, torch, and release
 * the camera while the page is hidden. It takes callbacks and imports no UI code.
 */
import { listCameras, nextCameraId, openCamera, type CameraSession } from './camera.ts';
import { cameraErrorFrom, type CameraProblem } from './camera-error.ts';
import { createFrameGrabber } from './frame-grabber.ts';
import { startFrameLoop, type FrameLoop } from './frame-loop.ts';

/** What the scan screen shows about the camera. */
export type CameraState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'running'; torchSupported: boolean; torchOn: boolean; canSwitch: boolean; width: number; height: number }
  | { kind: 'paused' }
  | { kind: 'error'; problem: CameraProblem; message: string };

/** Callbacks from the controller to its owner. */
export interface CameraControllerOptions {
  video: HTMLVideoElement;
  onState(state: CameraState): void;
  /**
   * One view of a frame (frame-views.ts); the next is only taken after the returned promise
   * settled. True when it read a code: the frame's remaining views are then skipped.
   */
  onFrame(frame: ImageData, presentedAt: number): Promise<boolean> | boolean;
  /**
   * Offered the camera's track first: the owner may read its frames elsewhere (the decoder
   * worker, from its own copy of the track) and return how to stop; null to have this controller
   * grab frames on the main thread. `setPreviewPace` slows or restores this camera's preview
   * (camera.ts), for an owner that knows when nothing is in view.
   */
  takeTrack?(track: MediaStreamTrack, setPreviewPace: (lively: boolean) => void): (() => void) | null;
  /** Asked before each view is grabbed: false while a verdict is on screen saves the copy. */
  wantsFrames(): boolean;
  /** The whole view's long side (frame-views.ts WHOLE_MAX_SIDE by default). */
  maxSide?: number;
}

/** Controls one video element's camera. */
export interface CameraController {
  start(): Promise<void>;
  stop(): void;
  switchCamera(): Promise<void>;
  setTorch(on: boolean): Promise<void>;
  /** Detaches listeners and stops the camera for good. */
  dispose(): void;
}

/** Creates the controller; nothing opens until start(). */
export function createCameraController(options: CameraControllerOptions): CameraController {
  const { video } = options;
  const grabber = createFrameGrabber(video, options.maxSide);
  let session: CameraSession | null = null;
  let loop: FrameLoop | null = null;
  let release: (() => void) | null = null; // the owner reads the track itself
  let wanted = false; // the owner asked for the camera (start without stop)
  let deviceId: string | undefined;
  let canSwitch = false;
  let generation = 0; // guards against an older open() finishing after a newer one

  const report = () => {
    if (!session) return;
    options.onState({
      kind: 'running',
      torchSupported: session.torchSupported,
      torchOn: session.torchOn(),
      canSwitch,
      width: session.width,
      height: session.height,
    });
  };

  const close = () => {
    loop?.stop();
    loop = null;
    release?.();
    release = null;
    session?.stop();
    session = null;
  };

  const open = async () => {
    const mine = ++generation;
    close();
    options.onState({ kind: 'starting' });
    try {
      const opened = await openCamera(video, deviceId ? { deviceId } : {});
      if (mine !== generation || !wanted) {
        opened.stop();
        return;
      }
      session = opened;
      deviceId = opened.deviceId ?? undefined;
      // Device ids and labels are only listed after permission, so ask now, not before.
      canSwitch = (await listCameras()).length > 1;
      const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
      release = track ? (options.takeTrack?.(track, (lively) => void opened.setPreviewPace(lively)) ?? null) : null;
      if (!release)
        loop = startFrameLoop(video, async (presentedAt) => {
          // The whole frame first; the centre at full resolution only when it read nothing.
          for (const view of grabber.views()) {
            if (!options.wantsFrames()) return;
            const frame = grabber.grab(view);
            if (!frame || (await options.onFrame(frame, presentedAt))) return;
          }
        });
      // A camera unplugged or taken by another app ends the track without an error event
      // on the stream: show the problem instead of a frozen picture.
      track?.addEventListener('ended', () => {
        if (mine === generation && wanted) {
          close();
          options.onState({ kind: 'error', problem: 'in_use', message: 'the camera stopped' });
        }
      });
      report();
    } catch (error) {
      if (mine !== generation) return;
      const mapped = cameraErrorFrom(error);
      options.onState({ kind: 'error', problem: mapped.problem, message: mapped.message });
    }
  };

  // Release the camera while hidden: Android keeps the camera light on and other apps
  // locked out otherwise, and some browsers keep delivering black frames in the background.
  const onVisibility = () => {
    if (!wanted) return;
    if (document.visibilityState === 'hidden') {
      generation++;
      close();
      options.onState({ kind: 'paused' });
    } else {
      void open();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);

  return {
    async start() {
      wanted = true;
      if (document.visibilityState === 'hidden') options.onState({ kind: 'paused' });
      else await open();
    },
    stop() {
      wanted = false;
      generation++;
      close();
      options.onState({ kind: 'idle' });
    },
    async switchCamera() {
      const next = nextCameraId(await listCameras(), deviceId ?? null);
      if (!next) return;
      deviceId = next;
      // Phones can hold only one camera open: the old track must stop before the new opens.
      await open();
    },
    async setTorch(on: boolean) {
      if (!session) return;
      await session.setTorch(on);
      report();
    },
    dispose() {
      document.removeEventListener('visibilitychange', onVisibility);
      wanted = false;
      generation++;
      close();
    },
  };
}
