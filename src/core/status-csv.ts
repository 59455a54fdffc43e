/**
 * A list of status changes as an administrator pastes or uploads it: CSV lines of
 * `cid,status[,until]` (a header line is allowed; until as Unix seconds or an ISO date/time,
 * read in UTC unless it names a zone). Pure: the console parses, shows what it could not
 * read by line number, and sends the rest; the server validates them again by schema.
 */
import { b64uDecodeLength } from './bytes.ts';
import type { ListedStatus } from './reasons.ts';

const STATUSES: readonly string[] = ['green', 'yellow', 'red', 'revoked'];

/** One readable line. */
export interface CsvStatusChange {
  cid: string;
  status: ListedStatus;
  until?: number;
}

/** Why a line was not read. */
export type CsvLineProblem = 'bad_cid' | 'bad_status' | 'bad_until' | 'too_many_fields';

export interface StatusCsv {
  changes: CsvStatusChange[];
  /** Lines not read, numbered from 1 as in the file. */
  problems: { line: number; problem: CsvLineProblem; text: string }[];
  /** Lines that name a cid given again further down (the later line wins). */
  repeated: number;
}

function untilOf(text: string): number | null {
  if (/^\d{1,12}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return null;
  const iso = text.replace(' ', 'T');
  const ms = Date.parse(/T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? `${iso}Z` : iso);
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 1000) : null;
}

/** Reads the list; blank lines and a leading header (`cid,…`) are skipped. */
export function parseStatusCsv(text: string): StatusCsv {
  const byCid = new Map<string, CsvStatusChange>();
  const problems: StatusCsv['problems'] = [];
  let repeated = 0;
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || (index === 0 && /^"?cid"?\s*[,;\t]/i.test(line))) continue;
    const fields = line.split(/[,;\t]/).map((f) =>
      f
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    );
    const [cid = '', statusText = '', untilText = '', ...rest] = fields;
    const shown = line.slice(0, 80);
    if (rest.some((f) => f !== '')) {
      problems.push({ line: index + 1, problem: 'too_many_fields', text: shown });
      continue;
    }
    if (!b64uDecodeLength(cid, 16)) {
      problems.push({ line: index + 1, problem: 'bad_cid', text: shown });
      continue;
    }
    const status = statusText.toLowerCase();
    if (!STATUSES.includes(status)) {
      problems.push({ line: index + 1, problem: 'bad_status', text: shown });
      continue;
    }
    const change: CsvStatusChange = { cid, status: status as ListedStatus };
    if (untilText !== '') {
      const until = untilOf(untilText);
      if (until === null) {
        problems.push({ line: index + 1, problem: 'bad_until', text: shown });
        continue;
      }
      change.until = until;
    }
    if (byCid.delete(cid)) repeated++;
    byCid.set(cid, change);
  }
  return { changes: [...byCid.values()], problems, repeated };
}
