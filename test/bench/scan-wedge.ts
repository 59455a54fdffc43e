/**
 * The keyboard-wedge run of issue 16 at full length: 200 scans typed at 2 ms and 200 at 15 ms
 * a character, the page CPU-throttled 4x with a 1920x1080 30 fps camera running
 * (test/e2e/support/throttled-wedge.ts; the e2e test runs a few). Rows: scans with a wrong or
 * missing verdict or entry (target 0), and seconds per scan.
 *
 *   npm run bench -- scan-wedge          (WEDGE_SCANS=50 for a shorter run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../e2e/support/build-app.ts';
import { runThrottledWedge } from '../e2e/support/throttled-wedge.ts';
import type { BenchRow } from './row.ts';
import { percentile } from './stats.ts';

const GROUP = 'wedge scans, page CPU-throttled 4x, 1080p30 camera';
const SCANS = Number(process.env.WEDGE_SCANS ?? 200);

/** The samples in ascending order, as percentile() takes them. */
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

export async function bench(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'gatecheck-bench-wedge-'));
  try {
    const dist = join(work, 'dist');
    await buildApp(dist);
    const results = await runThrottledWedge({ dist, work, scans: SCANS, delays: [2, 15] });
    return results.flatMap((r) => [
      {
        group: GROUP,
        name: `${r.delay} ms a key: scans wrong or missing`,
        value: r.wrong.length,
        unit: `of ${r.scans}`,
        note: r.wrong.length ? r.wrong.slice(0, 3).join('; ') : `every scan its reason; ${r.entries} entries`,
      },
      { group: GROUP, name: `${r.delay} ms a key: Enter to verdict, p50`, value: percentile(sorted(r.msToVerdict), 50), unit: 'ms' },
      {
        group: GROUP,
        name: `${r.delay} ms a key: Enter to verdict, p95`,
        value: percentile(sorted(r.msToVerdict), 95),
        unit: 'ms',
        note: `${r.msToVerdict.length} verdicts timed; the page's own clock, throttled page`,
      },
      { group: GROUP, name: `${r.delay} ms a key: time per scan, typing included`, value: r.msPerScan / 1000, unit: 's' },
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
