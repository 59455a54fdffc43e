import { writeY4m } from '/work/wt/scanner/test/fixtures/y4m.ts';
import { launchBrowser } from '/work/wt/scanner/test/e2e/support/browser.ts';
import { createServer } from 'node:http';
const video = '/tmp/sc/blank1080.y4m';
writeY4m(video, [{ text: null, seconds: 1 }], { width: 1920, height: 1080, fps: 30, noise: 8 });
const html = `<!doctype html><video autoplay muted playsinline></video><script>
window.run = async () => {
  const s = await navigator.mediaDevices.getUserMedia({video:{width:{ideal:1920},height:{ideal:1080}}});
  const track = s.getVideoTracks()[0];
  document.querySelector('video').srcObject = s;
  const w = new Worker('/w.js');
  const out = await new Promise((res) => { w.onmessage = (e) => res(e.data); try { const readable = new MediaStreamTrackProcessor({track}).readable; w.postMessage({readable}, [readable]); } catch (e) { res('transfer failed: ' + e.message); } });
  return { mainHasMSTP: typeof MediaStreamTrackProcessor, out };
};
</script>`;
const wjs = `onmessage = async (e) => {
  try {
    const r = e.data.readable.getReader();
    const res = [];
    let t0 = performance.now(); let n = 0; let copyMs = 0; let drawMs = 0;
    const c = new OffscreenCanvas(1024, 576); const ctx = c.getContext('2d', {willReadFrequently:true});
    let buf;
    while (n < 60) {
      const { value } = await r.read();
      n++;
      if (n === 1) res.push({ format: value.format, coded: [value.codedWidth, value.codedHeight], display: [value.displayWidth, value.displayHeight], ts: value.timestamp });
      let a = performance.now();
      buf ??= new Uint8Array(value.allocationSize());
      const layout = await value.copyTo(buf);
      copyMs += performance.now() - a;
      if (n===1) res.push(layout);
      a = performance.now();
      ctx.drawImage(value, 0, 0, 1024, 576); ctx.getImageData(0,0,1024,576);
      drawMs += performance.now() - a;
      value.close();
    }
    postMessage({ res, fps: n / ((performance.now() - t0) / 1000), copyMs: copyMs / n, drawMs: drawMs / n });
  } catch (err) { postMessage('worker error: ' + err.message); }
};`;
const srv = createServer((req, res) => { if (req.url === '/w.js') { res.setHeader('content-type','text/javascript'); res.end(wjs); } else { res.setHeader('content-type','text/html'); res.end(html); } });
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
const port = (srv.address() as any).port;
const browser = await launchBrowser(video);
const ctx = await browser.newContext({ permissions: ['camera'] });
const page = await ctx.newPage();
await page.goto(`http://127.0.0.1:${port}/`);
console.log(JSON.stringify(await page.evaluate('window.run()'), null, 1));
await browser.close(); srv.close();
