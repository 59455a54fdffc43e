/**
 * Runs the camera for the scan screen while it is mounted: frames go to the decoder worker,
 * every text decoded in a frame to the scan flow (several codes make one group verdict). The screen renders the returned
 * state and controls.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { createCameraController, type CameraController, type CameraState } from '../../platform/camera/camera-controller.ts';
import { useApp } from './app-context.ts';
import { markScanStage } from '../services/scan-timing.ts';

/** Camera state plus the controls the scan screen offers. */
export interface CameraHandle {
  state: CameraState;
  retry(): void;
  switchCamera(): void;
  setTorch(on: boolean): void;
}

/** Starts the camera into `videoRef` on mount and stops it on unmount. */
export function useCamera(videoRef: RefObject<HTMLVideoElement>): CameraHandle {
  const { flow, decoder } = useApp().services;
  const [state, setState] = useState<CameraState>({ kind: 'idle' });
  const controller = useRef<CameraController | null>(null);

  useEffect(() => {
    /**
     * The first stage of a scan's User Timing marks. Only from the scan screen: the frames after
     * it (the same code while it is checked and shown) would otherwise clear the marks of the
     * scan they belong to.
     */
    const markDecoded = (presentedAt: number, decodeMs: number, decoder: string) => {
      if (!flow.isBusy()) markScanStage('gatecheck:decoded', { presentedAt, decodeMs, decoder });
    };
    const video = videoRef.current;
    if (!video) return;
    const camera = createCameraController({
      video,
      onState: setState,
      // Frames off the main thread where the worker can read the camera (decoder-client.ts).
      takeTrack(track, setPreviewPace) {
        const watch = decoder?.watchCamera(track, {
          onTexts(reply) {
            if (!flow.wantsFrames()) return;
            // `at` is on the Unix clock: the page's own clock for the mark the bench reads.
            markDecoded(reply.at - performance.timeOrigin, reply.ms, reply.decoder);
            void flow.scannedFrame(reply.texts);
          },
          // Nothing moved for a while: a calm preview (src/decoder/preview-pace.ts).
          onPace: setPreviewPace,
        });
        if (!watch) return null;
        watch.want(flow.wantsFrames());
        const unsubscribe = flow.subscribe(() => watch.want(flow.wantsFrames()));
        // The guard touching the screen: a code is probably coming, decode every frame for a while
        // (not on keys: a keyboard-wedge scanner's burst is no code in front of the camera).
        let wokeAt = 0;
        const wake = () => {
          if (performance.now() - wokeAt < 500) return;
          wokeAt = performance.now();
          watch.wake();
        };
        document.addEventListener('pointerdown', wake, { capture: true, passive: true });
        return () => {
          document.removeEventListener('pointerdown', wake, { capture: true });
          unsubscribe();
          watch.stop();
          // Nobody tells the preview to wake any more.
          setPreviewPace(true);
        };
      },
      wantsFrames: () => decoder !== null && flow.wantsFrames(),
      async onFrame(frame, presentedAt) {
        const result = await decoder!.decode(frame);
        if (!result) return false;
        markDecoded(presentedAt, result.ms, result.decoder);
        // Not awaited: the flow's check and log run while the next frame is grabbed
        // (and skipped, since the flow then no longer wants frames).
        void flow.scannedFrame(result.texts);
        return true;
      },
    });
    controller.current = camera;
    void camera.start();
    return () => {
      camera.dispose();
      controller.current = null;
    };
  }, [videoRef, flow, decoder]);

  return {
    state,
    retry: () => void controller.current?.start(),
    switchCamera: () => void controller.current?.switchCamera(),
    setTorch: (on) => void controller.current?.setTorch(on),
  };
}
