/** The /demo page: the demo codes as QR images, every one of them clearly marked DEMO. */
import type { DemoCode } from './demo-codes.ts';
import { qrSvg } from '../qr-svg.ts';

/** A demo code as kept in DIR/demo/codes.json. */
export interface StoredDemoCode extends DemoCode {
  label: { en: string; 'zh-CN': string };
  /** The reason a scanner should give (gc1.md §5). */
  expect: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained HTML page (inline SVGs and styles, no scripts). */
export async function renderDemoPage(codes: readonly StoredDemoCode[], appUrl: string): Promise<string> {
  const cards = await Promise.all(
    codes.map(
      async (code) => `
    <figure class="card ${escapeHtml(code.expect)}">
      <div class="qr">${await qrSvg(code.text)}</div>
      <figcaption>
        <strong>DEMO · ${escapeHtml(code.label['zh-CN'])} · ${escapeHtml(code.label.en)}</strong>
        <span>expected: <code>${escapeHtml(code.expect)}</code></span>
        <span>cid <code>${escapeHtml(code.cid)}</code></span>
        <span>valid until ${new Date(code.exp * 1000).toISOString().slice(0, 10)}</span>
        <details><summary>QR text</summary><code>${escapeHtml(code.text)}</code></details>
      </figcaption>
    </figure>`,
    ),
  );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>DEMO codes · 演示码 · gatecheck</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; margin: 0; background: #fff; color: #111; }
  .banner { background: repeating-linear-gradient(45deg, #ffd400, #ffd400 20px, #111 20px, #111 40px); padding: 12px; }
  .banner p { background: #fff; margin: 0; padding: 12px; font-weight: 700; font-size: 1.2em; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 16px; padding: 16px; }
  .card { margin: 0; border: 4px solid #888; border-radius: 8px; padding: 12px; }
  .card.ok { border-color: #0a7d32; } .card.status_yellow { border-color: #b58900; }
  .card.status_red, .card.revoked { border-color: #c0182b; }
  .qr svg { width: 100%; height: auto; display: block; }
  figcaption { display: flex; flex-direction: column; gap: 4px; margin-top: 8px; }
  code { word-break: break-all; }
</style>
</head>
<body>
<div class="banner"><p>DEMO — 演示用码，非真实健康码。These codes are signed with this server's demo keys (DIR/keys)
and are not real health codes.
Scan them with the app at <a href="${escapeHtml(appUrl)}">${escapeHtml(appUrl)}</a>.</p></div>
<main>${cards.join('')}
</main>
</body>
</html>
`;
}
