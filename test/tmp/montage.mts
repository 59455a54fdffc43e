import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
const [out, ...files] = process.argv.slice(2);
const imgs = files.map((f) => PNG.sync.read(readFileSync(f)));
const scale = 0.5;
const W = imgs.reduce((s, i) => s + Math.ceil(i.width * scale) + 6, 0);
const H = Math.max(...imgs.map((i) => Math.ceil(i.height * scale)));
const o = new PNG({ width: W, height: H }); o.data.fill(200);
let x0 = 0;
for (const i of imgs) { const w = Math.ceil(i.width * scale), h = Math.ceil(i.height * scale);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const sx = Math.min(i.width - 1, Math.floor(x / scale)), sy = Math.min(i.height - 1, Math.floor(y / scale)); for (let c = 0; c < 4; c++) o.data[(y * W + x0 + x) * 4 + c] = i.data[(sy * i.width + sx) * 4 + c]; }
  x0 += w + 6; }
writeFileSync(out, PNG.sync.write(o));
