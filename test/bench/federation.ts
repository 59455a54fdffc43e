/**
 * GC1 1.1 §6 on a scanner, in headless Chromium on a real on-disk profile (the status bench's
 * page and set-up): 5 authorities' status chains of 1,000,000 entries each in one IndexedDB,
 * a signed 10,000-entry delta of one authority verified and applied, lookups across the
 * chains, the load into memory after start, the fold of the delta log into the buckets, and the
 * storage they take; the delta and the lookups also as the design before issue 15 made them
 * (the baseline rows, same run, same database). Targets (issue 15): delta <= 1 s with no task over 50 ms,
 * lookup p95 <= 1 ms. Several minutes on 2 cores (the fill builds 5 million entries).
 * `FEDERATION_AUTHORITIES` / `FEDERATION_ENTRIES` shrink it for a quick look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BenchRow } from './row.ts';
import { CHROMIUM, CHROMIUM_ARGS, openPage, pageServer } from './status.ts';

const GROUP = 'federation: status chains per authority (IndexedDB, Chromium)';
const AUTHORITIES = Number(process.env.FEDERATION_AUTHORITIES ?? 5);
const PER_AUTHORITY = Number(process.env.FEDERATION_ENTRIES ?? 1_000_000);
const DELTA = 10_000;
const LOOKUPS = 4000;
const MB = 1024 * 1024;

export async function bench(): Promise<BenchRow[]> {
  const profile = mkdtempSync(join(tmpdir(), 'gatecheck-federation-bench-'));
  const server = await pageServer(null);
  const context = await chromium.launchPersistentContext(join(profile, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await openPage(context, server.origin);
    const r = (await page.evaluate(`statusBench.federation(${AUTHORITIES}, ${PER_AUTHORITY}, ${DELTA}, ${LOOKUPS})`)) as Record<
      string,
      number
    >;
    await page.evaluate('statusBench.cleanup()');
    const millions = r.entries! / 1_000_000;
    const perMillion = (r.usageAfter! - r.usageBefore!) / MB / millions;
    const label = `${AUTHORITIES} authorities x ${PER_AUTHORITY.toLocaleString('en')} entries`;
    const ms = (v: number | undefined) => (v ? `${Math.round(v)} ms` : 'none over 50 ms');
    const deltaName = `${DELTA.toLocaleString('en')}-entry delta of one authority, verified and applied (${label})`;
    const baselineDelta = `baseline: ${DELTA.toLocaleString('en')}-entry delta as IndexedDB bucket read-merge-write (design before issue 15)`;
    const p95Name = `lookup p95 (${label}), from memory`;
    const baselineP95 = 'baseline: lookup p95 reading the bucket from IndexedDB (design before issue 15)';
    return [
      {
        group: GROUP,
        name: baselineDelta,
        value: Math.round(r.baselineDeltaMs!),
        unit: 'ms',
        note: `no verify; longest task ${ms(r.baselineLongestTaskMs)}`,
      },
      {
        group: GROUP,
        name: deltaName,
        value: Math.round(r.deltaMs!),
        unit: 'ms',
        baseline: baselineDelta,
        note: `target <= 1,000 ms, no task over 50 ms; verify ${Math.round(r.verifyMs!)} ms of it; longest task ${ms(r.longestTaskMs)} (${r.longTasks} over 50 ms, the longest starting at ${Math.round(r.longestTaskAtMs!)} ms), longest 10 ms-timer gap ${Math.round(r.maxGapMs!)} ms`,
      },
      {
        group: GROUP,
        name: 'baseline: lookup p50 reading the bucket from IndexedDB',
        value: Number(r.baselineP50!.toFixed(3)),
        unit: 'ms',
      },
      { group: GROUP, name: baselineP95, value: Number(r.baselineP95!.toFixed(3)), unit: 'ms' },
      {
        group: GROUP,
        name: `lookup p50 (${label}), from memory`,
        value: Number(r.p50!.toFixed(3)),
        unit: 'ms',
        baseline: 'baseline: lookup p50 reading the bucket from IndexedDB',
      },
      {
        group: GROUP,
        name: p95Name,
        value: Number(r.p95!.toFixed(3)),
        unit: 'ms',
        baseline: baselineP95,
        note: `target <= 1 ms; ${LOOKUPS} lookups over every chain, half listed (${r.found} found); mean ${r.meanUs!.toFixed(1)} µs (Chromium's timer resolution is 0.1 ms)`,
      },
      {
        group: GROUP,
        name: `every chain loaded into memory after start (${label}; lookups read IndexedDB meanwhile)`,
        value: Math.round(r.loadMs!),
        unit: 'ms',
        note: `longest task ${ms(r.loadLongestTaskMs)}, longest 10 ms-timer gap ${Math.round(r.loadMaxGapMs!)} ms`,
      },
      {
        group: GROUP,
        name: 'log of that delta folded into its chain buckets (housekeeping, at 50,000 logged cids)',
        value: Math.round(r.foldMs!),
        unit: 'ms',
        note: `longest task ${ms(r.foldLongestTaskMs)}, longest 10 ms-timer gap ${Math.round(r.foldMaxGapMs!)} ms`,
      },
      {
        group: GROUP,
        name: 'storage per million entries (origin usage / entries held)',
        value: Math.round(perMillion * 10) / 10,
        unit: 'MB',
        note: `packed 19 bytes per entry = 19 MB per million (the same in memory); ${Math.round((r.usageAfter! - r.usageBefore!) / MB)} MB for ${r.entries!.toLocaleString('en')} entries; fill (not a target) ${Math.round(r.fillMs! / 1000)} s`,
      },
    ];
  } finally {
    await context.close().catch(() => undefined);
    await server.vite.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

// `node --import tsx test/bench/federation.ts` runs this module alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const row of await bench()) console.log(`${row.group} | ${row.name} | ${row.value} ${row.unit}${row.note ? ` | ${row.note}` : ''}`);
}
