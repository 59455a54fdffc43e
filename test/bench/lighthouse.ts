/**
 * Lighthouse rows (issue 7, item 8): the scanner's first load from `gatecheck serve` (an
 * empty data folder, so demo data) on 127.0.0.1, Lighthouse 12.2.3's mobile profile (simulated
 * slow 4G, 4x CPU slowdown) in Debian's Chromium, each run with a fresh profile. 5 runs of the
 * build as served (precompressed), and in the same bench run the same build without its .br/.gz
 * copies (served uncompressed) as the baseline. Targets: performance >= 95 in every run,
 * first-load transfer <= 600 KB.
 *
 *   npm run bench -- lighthouse
 *   LIGHTHOUSE_RUNS=5 LIGHTHOUSE_BASELINE_RUNS=2 LIGHTHOUSE_REPORTS=/tmp/lh BENCH_VERBOSE=1 npm run bench -- lighthouse
 *
 * BENCH_VERBOSE=1 prints each run's longest tasks and main-thread time by kind.
 * LIGHTHOUSE_REPORTS keeps every run's full JSON report there (open one in the Lighthouse
 * viewer, or read its audits: long-tasks, mainthread-work-breakdown, network-requests).
 * Lighthouse's simulation multiplies the main-thread time it observes by 4, so a busy host
 * (other builds and browsers on the same cores) lowers the scores: run it on a quiet machine.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import { buildApp } from '../e2e/support/build-app.ts';
import { runLighthouse, type LighthouseCamera, type LighthouseFigures } from './lighthouse-run.ts';
import type { BenchRow } from './row.ts';

const GROUP = 'lighthouse mobile, scanner first load (gatecheck serve, 127.0.0.1)';
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const BASELINE_RUNS = Number(process.env.LIGHTHOUSE_BASELINE_RUNS ?? 2);
/** Runs with a phone's camera (1920x1080, 30 fps), issue 16: targets score >= 95 and TBT <= 200 ms in each. */
const HD_RUNS = Number(process.env.LIGHTHOUSE_HD_RUNS ?? 5);
const HD_CAMERA: LighthouseCamera = { width: 1920, height: 1080, fps: 30 };

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Deletes the build's .br and .gz copies: what the server sends is then the files themselves. */
function dropPrecompressed(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) dropPrecompressed(path);
    else if (/\.(?:br|gz)$/.test(name)) rmSync(path);
  }
}

async function runs(dist: string, count: number, label: string, work: string, camera?: LighthouseCamera): Promise<LighthouseFigures[]> {
  // An empty data folder: the server creates its demo keys, trust data and codes.
  const server: ServerProcess = await spawnServer(join(work, `data-${label}`), {}, 60_000, ['--demo', '--dist', dist]);
  const reports = process.env.LIGHTHOUSE_REPORTS;
  if (reports) mkdirSync(reports, { recursive: true });
  try {
    const figures: LighthouseFigures[] = [];
    for (let i = 1; i <= count; i++) {
      const run = await runLighthouse(`${server.url}/`, {
        ...(reports ? { reportPath: join(reports, `${label}-${i}.json`) } : {}),
        ...(camera ? { camera } : {}),
      });
      process.stderr.write(
        `bench: lighthouse ${label} run ${i}: score ${run.score}, TBT ${Math.round(run.tbtMs)} ms, TTI ${Math.round(run.ttiMs)} ms, LCP ${Math.round(run.lcpMs)} ms, ${Math.round(run.transferKb)} KB, host benchmarkIndex ${Math.round(run.benchmarkIndex)}\n`,
      );
      if (process.env.BENCH_VERBOSE) {
        const tasks = run.longTasks.slice(0, 6).map((t) => `${Math.round(t.ms)} ms ${t.url.replace(server.url, '')}`);
        const work = Object.entries(run.mainThread).map(([kind, ms]) => `${kind} ${Math.round(ms)} ms`);
        process.stderr.write(`  longest tasks (simulated): ${tasks.join('; ')}\n  main thread (simulated): ${work.join('; ')}\n`);
      }
      figures.push(run);
    }
    return figures;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

/** The rows of one set of runs; `prefix` names the set, `baseline` the set it is compared with. */
function rows(figures: LighthouseFigures[], prefix: string, baseline?: string, baselineRuns = BASELINE_RUNS): BenchRow[] {
  const base = (name: string) => (baseline === undefined ? {} : { baseline: `${baseline}: ${name}` });
  const n = figures.length;
  return [
    {
      group: GROUP,
      name: `${prefix}: performance score, worst of ${n}`,
      value: Math.min(...figures.map((f) => f.score)),
      unit: 'score',
      ...(baseline ? { baseline: `${baseline}: performance score, worst of ${baselineRuns}` } : {}),
      note: `each run: ${figures.map((f) => f.score).join(', ')}${baseline ? '; target >= 95 in every run' : ''}; host benchmarkIndex ${figures.map((f) => Math.round(f.benchmarkIndex)).join(', ')}`,
    },
    {
      group: GROUP,
      name: `${prefix}: total blocking time, median`,
      value: median(figures.map((f) => f.tbtMs)),
      unit: 'ms',
      ...base('total blocking time, median'),
      note: `each run: ${figures.map((f) => Math.round(f.tbtMs)).join(', ')}`,
    },
    {
      group: GROUP,
      name: `${prefix}: time to interactive, median`,
      value: median(figures.map((f) => f.ttiMs)),
      unit: 'ms',
      ...base('time to interactive, median'),
      note: `each run: ${figures.map((f) => Math.round(f.ttiMs)).join(', ')}`,
    },
    {
      group: GROUP,
      name: `${prefix}: largest contentful paint, median`,
      value: median(figures.map((f) => f.lcpMs)),
      unit: 'ms',
      ...base('largest contentful paint, median'),
      note: `each run: ${figures.map((f) => Math.round(f.lcpMs)).join(', ')}; FCP median ${Math.round(median(figures.map((f) => f.fcpMs)))} ms`,
    },
    {
      group: GROUP,
      name: `${prefix}: first-load transfer, largest`,
      value: Math.max(...figures.map((f) => f.transferKb)),
      unit: 'KB',
      ...base('first-load transfer, largest'),
      note: baseline ? 'every response of the load, headers included; target <= 600 KB' : 'every response of the load, headers included',
    },
  ];
}

export async function bench(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'gatecheck-bench-lighthouse-'));
  try {
    const dist = join(work, 'dist');
    await buildApp(dist);
    const plain = join(work, 'dist-uncompressed');
    cpSync(dist, plain, { recursive: true });
    dropPrecompressed(plain);

    const uncompressed = BASELINE_RUNS > 0 ? await runs(plain, BASELINE_RUNS, 'uncompressed', work) : [];
    const served = RUNS > 0 ? await runs(dist, RUNS, 'precompressed', work) : [];
    const hd = HD_RUNS > 0 ? await runs(dist, HD_RUNS, 'precompressed-1080p30', work, HD_CAMERA) : [];
    return [
      ...(uncompressed.length ? rows(uncompressed, 'same build served uncompressed') : []),
      ...(served.length ? rows(served, 'as served (brotli)', uncompressed.length ? 'same build served uncompressed' : undefined) : []),
      ...(hd.length ? rows(hd, 'as served, 1920x1080 30 fps camera', served.length ? 'as served (brotli)' : undefined, RUNS) : []),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
