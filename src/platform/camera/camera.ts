/**
 * The camera: opens a video stream on the rear camera, switches between cameras, drives the
 * torch where the track can, and releases everything on stop. Every browser quirk is handled
 * here, with the reason next to it; the app sees a CameraSession or a CameraError.
 */
import { CameraError, cameraErrorFrom } from './camera-error.ts';
import { PREVIEW_CALM_FPS } from '../../decoder/preview-pace.ts';

/** An open camera attached to a <video> element. */
export interface CameraSession {
  readonly deviceId: string | null;
  readonly width: number;
  readonly height: number;
  /** True when the track reports a torch capability. */
  readonly torchSupported: boolean;
  torchOn(): boolean;
  setTorch(on: boolean): Promise<boolean>;
  /**
   * The preview's pace (src/decoder/preview-pace.ts): lively shows the camera's full rate,
   * calm caps the preview's track at PREVIEW_CALM_FPS. Only for a preview whose track nothing
   * else reads (the decoder worker reads its own copy).
   */
  setPreviewPace(lively: boolean): Promise<void>;
  /** Stops every track (the camera light goes off) and detaches the video. */
  stop(): void;
}

/** What to open: a specific camera, or the rear one by default. */
export interface CameraRequest {
  deviceId?: string;
  /**
   * Ideal capture size, 1920x1080 by default: every phone's rear camera delivers it, and a
   * code held at arm's length needs its pixels (frame-views.ts decodes the centre of such a
   * frame at full resolution). A camera that cannot gives its nearest size; `ideal` never fails.
   */
  width?: number;
  height?: number;
}

/** Capabilities as Chrome reports them; `torch` is not in TypeScript's DOM lib. */
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };

/** Opens the camera into `video` and waits for its first frame's size. */
export async function openCamera(video: HTMLVideoElement, request: CameraRequest = {}): Promise<CameraSession> {
  // navigator.mediaDevices is undefined outside secure contexts (plain http on a LAN
  // address), not just on old browsers: say so instead of throwing a TypeError.
  if (!globalThis.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    throw new CameraError('unsupported', 'camera access needs a secure context (https or localhost)');
  }
  const size = { width: { ideal: request.width ?? 1920 }, height: { ideal: request.height ?? 1080 } };
  const preferred: MediaStreamConstraints = {
    audio: false,
    // `ideal`, never `exact`: an exact facingMode fails with OverconstrainedError on laptops
    // and on the fake capture device that only has one, unnamed camera.
    video: request.deviceId ? { deviceId: { exact: request.deviceId }, ...size } : { facingMode: { ideal: 'environment' }, ...size },
  };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(preferred);
  } catch (error) {
    const mapped = cameraErrorFrom(error);
    // A camera that cannot do the requested size or id (unplugged USB camera) still beats
    // no camera: retry once with no constraints before giving up.
    if (mapped.problem !== 'no_camera' && mapped.problem !== 'in_use') throw mapped;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
    } catch (retryError) {
      throw cameraErrorFrom(retryError);
    }
  }
  const track = stream.getVideoTracks()[0];
  if (!track) {
    stream.getTracks().forEach((t) => {
      t.stop();
    });
    throw new CameraError('no_camera', 'the stream has no video track');
  }

  // iOS Safari only plays inline, muted video without a user gesture; without these
  // attributes it opens a full-screen player or stays on a black frame.
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.srcObject = stream;
  try {
    await video.play();
  } catch (error) {
    // play() rejects with AbortError when a newer srcObject replaced this one (fast camera
    // switching); anything else is a real failure.
    stream.getTracks().forEach((t) => {
      t.stop();
    });
    throw cameraErrorFrom(error);
  }
  if (video.videoWidth === 0) {
    await new Promise<void>((resolve) => video.addEventListener('loadedmetadata', () => resolve(), { once: true }));
  }

  // getCapabilities is missing in Firefox (https://bugzilla.mozilla.org/1179084).
  const capabilities: TorchCapabilities = typeof track.getCapabilities === 'function' ? track.getCapabilities() : {};
  const torchSupported = capabilities.torch === true;
  let torch = false;
  let calm = false;
  let stopped = false;
  /**
   * applyConstraints replaces every constraint of the track, so the torch and the preview's
   * pace are always applied together, with the size asked for at the start.
   */
  const constrain = (next: { torch: boolean; calm: boolean }) =>
    track.applyConstraints({
      ...size,
      ...(next.calm ? { frameRate: { max: PREVIEW_CALM_FPS } } : {}),
      // `torch` goes in `advanced`: as a basic constraint Chrome ignores it silently.
      ...(torchSupported ? { advanced: [{ torch: next.torch } as MediaTrackConstraintSet] } : {}),
    });

  return {
    deviceId: track.getSettings().deviceId ?? null,
    width: video.videoWidth,
    height: video.videoHeight,
    torchSupported,
    torchOn: () => torch,
    async setTorch(on: boolean): Promise<boolean> {
      if (!torchSupported || stopped) return false;
      try {
        await constrain({ torch: on, calm });
        torch = on;
      } catch {
        // Some Android devices report the capability but refuse it while another app holds
        // the flash: keep the previous state rather than lie on the button.
      }
      return torch;
    },
    async setPreviewPace(lively: boolean): Promise<void> {
      if (stopped || calm === !lively) return;
      calm = !lively;
      try {
        await constrain({ torch, calm });
      } catch {
        // A camera that refuses a frame-rate cap keeps its full rate: only the saving is lost.
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stream.getTracks().forEach((t) => {
        t.stop();
      });
      if (video.srcObject === stream) video.srcObject = null;
    },
  };
}

/** The cameras of this device; labels and ids are only filled in once permission was given. */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== '');
}

/** The camera after `currentId` in the list, wrapping around; null when there is no other. */
export function nextCameraId(cameras: readonly Pick<MediaDeviceInfo, 'deviceId'>[], currentId: string | null): string | null {
  if (cameras.length < 2) return null;
  const index = cameras.findIndex((c) => c.deviceId === currentId);
  return cameras[(index + 1) % cameras.length]!.deviceId;
}
