/**
 * Start-up of the shipped command (bin/gatecheck.js running dist-node/, after `npm run build`):
 * `gatecheck --help` and `gatecheck verify --help` against `node -e 0` in the same run (target:
 * within 250 ms of it), and `gatecheck serve` until /healthz answers on a PGlite data folder
 * that already exists (target: ≤ 2 s). Each figure is the median of several runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../../src/server/test-support/server-process.ts';
import type { BenchRow } from './row.ts';

const BIN = fileURLToPath(new URL('../../bin/gatecheck.js', import.meta.url));
const RUNS = 7;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** A difference in ms with its sign. */
const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(Math.round(ms))} ms`;

/** Wall time of one process run to its exit, in ms. */
function timed(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, GATECHECK_FROM_SOURCE: '' },
  });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return performance.now() - started;
}

/** ms from spawning `gatecheck serve` on an existing folder to the first 200 from /healthz. */
async function serveReady(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, GATECHECK_LOG_LEVEL: 'warn', GATECHECK_FROM_SOURCE: '' },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`gatecheck serve exited ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function bench(): Promise<BenchRow[]> {
  const node: number[] = [];
  const help: number[] = [];
  const verifyHelp: number[] = [];
  // Interleaved, so a change in the machine's load touches all three alike.
  for (let i = 0; i < RUNS; i++) {
    node.push(timed(['-e', '0']));
    help.push(timed([BIN, '--help']));
    verifyHelp.push(timed([BIN, 'verify', '--help']));
  }
  const base = median(node);
  const rows: BenchRow[] = [
    { group: 'cli start', name: 'node -e 0', value: base, unit: 'ms', note: `median of ${RUNS}` },
    {
      group: 'cli start',
      name: 'gatecheck --help',
      value: median(help),
      unit: 'ms',
      baseline: 'node -e 0',
      note: `${signed(median(help) - base)}; target within 250 ms of node -e 0`,
    },
    {
      group: 'cli start',
      name: 'gatecheck verify --help',
      value: median(verifyHelp),
      unit: 'ms',
      baseline: 'node -e 0',
      note: `${signed(median(verifyHelp) - base)}; target within 250 ms of node -e 0`,
    },
  ];

  // The folder is made by a first start (demo keys, migrations), then timed on restarts.
  const work = mkdtempSync(join(tmpdir(), 'gatecheck-bench-start-'));
  try {
    const dataDir = join(work, 'data');
    const first = await spawnServer(dataDir, { GATECHECK_ADMIN_PASSWORD: 'bench start password' }, 120_000, ['--demo']);
    const port = Number(new URL(first.url).port);
    first.child.kill('SIGTERM');
    await first.exited;
    const ready: number[] = [];
    for (let i = 0; i < 3; i++) ready.push(await serveReady(dataDir, port));
    // Beside the --help rows, against the same run's node -e 0.
    rows.push({
      group: 'cli start',
      name: 'gatecheck serve ready (healthz), existing PGlite folder',
      value: median(ready),
      unit: 'ms',
      baseline: 'node -e 0',
      note: `median of 3; target ≤ 2000 ms; load average ${loadavg()[0]!.toFixed(1)} when measured`,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}
