/**
 * The baseline of the scan-to-verdict bench: a page that does what a naive scanner does,
 * jsQR on the main thread on every full 1280x720 frame, and shows the text in an element.
 * It does less than the app (no signature check, no IndexedDB write), so the comparison
 * favours the baseline.
 */
export const JSQR_BASELINE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jsQR main-thread baseline</title></head>
<body>
<video class="camera-video" muted playsinline></video>
<script src="/bench/jsqr.js"></script>
<script type="module">
const video = document.querySelector('video');
video.srcObject = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } });
await video.play();
const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
const context = canvas.getContext('2d', { willReadFrequently: true });
let shown = null;
const tick = () => {
  context.drawImage(video, 0, 0);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  const text = found ? found.data : null;
  if (text && text !== shown) {
    const out = document.createElement('div');
    out.dataset.testid = 'verdict';
    out.textContent = text;
    document.body.append(out);
  }
  shown = text;
  video.requestVideoFrameCallback(tick);
};
video.requestVideoFrameCallback(tick);
document.body.dataset.ready = '1';
</script>
</body></html>`;
