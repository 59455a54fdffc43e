import { renderLuma } from '../test/fixtures/y4m.ts';
import { finderRows } from '../src/decoder/finder-candidates.ts';
import { lumaView } from '../src/decoder/luma-views.ts';
const W = 1920, H = 1080;
const blank = renderLuma(null, W, H);
for (let i = 0; i < blank.length; i++) blank[i] = Math.max(0, Math.min(255, blank[i]! + ((i * 2654435761) >>> 24) % 17 - 8));
const code = renderLuma('GC1:' + 'ABCDEFGH'.repeat(30), W, H, 0.2);
for (const [name, y] of [['blank', blank], ['code', code]] as const) {
  const plane = { data: y, offset: 0, stride: W, width: W, height: H };
  let r = 0; const t = performance.now();
  for (let i = 0; i < 50; i++) r = finderRows(plane, 1000);
  console.log(name, 'rows', r, 'ms', ((performance.now() - t) / 50).toFixed(2));
  const t2 = performance.now();
  for (let i = 0; i < 20; i++) lumaView(plane, { sx: 0, sy: 0, sw: W, sh: H }, 1024);
  console.log('view ms', ((performance.now() - t2) / 20).toFixed(2));
}
import { SceneChange } from '../src/decoder/scene-change.ts';
{ const sc = new SceneChange(); const plane = { data: blank, offset: 0, stride: W, width: W, height: H };
  const t = performance.now(); let c = 0; for (let i = 0; i < 200; i++) c += sc.changed(plane) ? 1 : 0;
  console.log('scene ms', ((performance.now() - t) / 200).toFixed(3), c, sc.changed({ ...plane, data: code })); }
