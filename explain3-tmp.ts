import { readFileSync } from 'node:fs';
import { openPostgres } from './src/server/db/postgres-db.ts';
const [url, nowText] = readFileSync('/tmp/explain-url', 'utf8').split(' ');
const now = Number(nowText);
const db = await openPostgres(url!, 4);
const a = Math.ceil((now - 30 * 86400000) / 3600000) * 3600000, b = Math.floor(now / 3600000) * 3600000;
const cols = ['scans','admitted','refused','referred','overridden','to_admit','to_refuse','red','yellow'];
const sums = cols.map((c) => `sum(${c})`).join(', ');
const variants: Record<string, string> = {
  scanOnly: `SELECT count(*) FROM entry_hourly WHERE hour_ms >= $1 AND hour_ms < $2`,
  sumAll: `SELECT ${sums} FROM entry_hourly WHERE hour_ms >= $1 AND hour_ms < $2`,
  byBucket: `SELECT (hour_ms + 28800000) / 86400000, ${sums} FROM entry_hourly WHERE hour_ms >= $1 AND hour_ms < $2 GROUP BY 1`,
  byCkpt: `SELECT checkpoint_id, ${sums} FROM entry_hourly WHERE hour_ms >= $1 AND hour_ms < $2 GROUP BY 1`,
  heat1: `SELECT checkpoint_id, (hour_ms % 86400000), sum(scans) FROM entry_hourly WHERE hour_ms >= $1 AND hour_ms < $2 GROUP BY 1, 2`,
  grouping4: `SELECT ${sums} FROM entry_hourly WHERE hour_ms >= $1 AND hour_ms < $2 GROUP BY GROUPING SETS ((), ((hour_ms + 28800000) / 86400000), (checkpoint_id), (checkpoint_id, hour_ms % 86400000))`,
  grouping2: `SELECT ${sums} FROM entry_hourly WHERE hour_ms >= $1 AND hour_ms < $2 GROUP BY GROUPING SETS (((hour_ms + 28800000) / 86400000), (checkpoint_id, hour_ms % 86400000))`,
};
for (const [name, sql] of Object.entries(variants)) {
  const ts: number[] = [];
  for (let i = 0; i < 15; i++) { const t = performance.now(); await db.query(sql, [a, b]); ts.push(performance.now() - t); }
  ts.sort((x, y) => x - y);
  console.log(name.padEnd(10), 'min', ts[0]!.toFixed(1), 'median', ts[7]!.toFixed(1));
}
await db.close();
