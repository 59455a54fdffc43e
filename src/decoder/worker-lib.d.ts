// What Chromium and Safari give a dedicated worker that TypeScript's WebWorker lib (5.9) does not
// type yet: the camera's MediaStreamTrack transferred from the page (the spec exposes it to
// dedicated workers) and the processor's init that takes it. Only src/decoder/tsconfig.json reads
// this file; the page's code has the DOM lib's full MediaStreamTrack.
interface MediaStreamTrack extends EventTarget {
  readonly kind: string;
  stop(): void;
}

interface MediaStreamTrackProcessorInit {
  track: MediaStreamTrack;
}
