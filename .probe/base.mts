import { launchBrowser } from '../test/e2e/support/browser.ts';
import { createServer } from 'node:http';
const mode = process.env.MODE ?? 'video';
const html = `<!doctype html><video autoplay muted playsinline style="width:390px;height:300px;object-fit:cover"></video><script>
navigator.mediaDevices.getUserMedia({video:{width:{ideal:1920},height:{ideal:1080}}}).then((s) => {
  if ('${mode}' !== 'novideo') document.querySelector('video').srcObject = s;
  if ('${mode}' === 'mstp') { const r = new MediaStreamTrackProcessor({track: s.getVideoTracks()[0]}).readable; const w = new Worker('/w.js'); w.postMessage({r}, [r]); }
});
</script>`;
const wjs = `onmessage = async (e) => { const rd = e.data.r.getReader(); for (;;) { const {value} = await rd.read(); value.close(); } };`;
const srv = createServer((req, res) => { if (req.url === '/w.js') { res.setHeader('content-type','text/javascript'); res.end(wjs); } else { res.setHeader('content-type','text/html'); res.end(html); } });
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
const browser = await launchBrowser('/tmp/sc/blank1080.y4m');
const ctx = await browser.newContext({ permissions: ['camera'], viewport: { width: 390, height: 844 } });
const page = await ctx.newPage();
await page.goto(`http://127.0.0.1:${(srv.address() as any).port}/`);
const bcdp = await browser.newBrowserCDPSession();
const per = async () => ((await bcdp.send('SystemInfo.getProcessInfo')) as any).processInfo.map((p: any) => [p.type, p.id, p.cpuTime]);
await page.waitForTimeout(2000);
const pa = await per(); await page.waitForTimeout(4000); const pb = await per();
console.log(mode, pb.map((b: any) => `${b[0]} ${(((b[2] - (pa.find((a: any) => a[1] === b[1])?.[2] ?? 0)) * 1000) / 4).toFixed(0)}`).join(', '));
await browser.close(); srv.close();
