/**
 * `npm run bench [-- NAME… [--json FILE]]`: runs every registered bench module in order and
 * prints one table, each row with its ratio to the baseline row of its group (measured in
 * the same run). A module is registered by being listed in MODULES; a listed module that
 * does not exist yet is skipped with a note.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BenchModule, BenchRow } from './row.ts';

/** Bench modules next to this file, run in this order. */
const MODULES = [
  'startup.ts',
  'crypto.ts',
  'decode.ts',
  'server.ts',
  'status.ts',
  'federation.ts',
  'peer-relay.ts',
  'scan.ts',
  'scan-cost.ts',
  'scan-wedge.ts',
  'holder.ts',
  'scale.ts',
  'persons.ts',
  'lighthouse.ts',
];

interface Section {
  module: string;
  rows: BenchRow[];
  seconds: number;
  note?: string;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The ratio column: value / baseline value, or why there is none. */
function ratioOf(row: BenchRow, rows: BenchRow[]): string {
  if (row.baseline === undefined) return rows.some((r) => r.group === row.group && r.baseline === row.name) ? 'baseline' : '';
  const base = rows.find((r) => r.group === row.group && r.name === row.baseline);
  if (!base) return `? (no baseline "${String(row.baseline)}")`;
  if (base.unit !== row.unit) return `? (${base.unit} vs ${row.unit})`;
  if (base.value === 0) return row.value === 0 ? '– (both 0)' : '∞';
  return `×${formatValue(row.value / base.value)}`;
}

function table(sections: Section[]): string {
  const all = sections.flatMap((s) => s.rows);
  const header = ['group', 'name', 'value', 'unit', 'ratio', 'note'];
  const body = all.map((row) => [row.group, row.name, formatValue(row.value), row.unit, ratioOf(row, all), row.note ?? '']);
  for (const s of sections) if (s.note) body.push([s.module, s.note, '', '', '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { json: { type: 'string' } }, allowPositionals: true, strict: true });
  const wanted = positionals.map((p) => p.replace(/\.ts$/, ''));
  const sections: Section[] = [];
  let failures = 0;
  for (const module of MODULES) {
    if (wanted.length > 0 && !wanted.includes(module.replace(/\.ts$/, ''))) continue;
    const url = new URL(`./${module}`, import.meta.url);
    if (!existsSync(url)) {
      sections.push({ module, rows: [], seconds: 0, note: 'skipped: not written yet' });
      continue;
    }
    const started = performance.now();
    process.stderr.write(`bench: ${module} …\n`);
    try {
      const loaded = (await import(url.href)) as Partial<BenchModule>;
      if (typeof loaded.bench !== 'function') throw new Error('exports no bench()');
      const rows = await loaded.bench();
      const seconds = (performance.now() - started) / 1000;
      sections.push({ module, rows, seconds });
      process.stderr.write(`bench: ${module} done in ${seconds.toFixed(1)} s\n`);
    } catch (error) {
      failures++;
      sections.push({
        module,
        rows: [],
        seconds: (performance.now() - started) / 1000,
        note: `failed: ${(error as Error).message.split('\n')[0]}`,
      });
    }
  }
  process.stdout.write(`${table(sections)}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(sections, null, 2)}\n`);
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
