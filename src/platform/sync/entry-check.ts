/**
 * Whether a stored entry may be uploaded: the contract's own `EntryUpload` schema
 * (src/core/api/sync.ts, the one the server's Fastify validates with) checked by TypeBox's
 * interpreter (no eval, so it runs under the app's CSP), plus the clock rule on times.
 * Imported statically by push.ts: the service worker's Background Sync runs push.ts as a
 * classic script, where a dynamic import (and the import.meta it brings) does not parse.
 * Cost: about 11 KB gzip in the scanner's start-up JavaScript (measured with the bench's
 * startup-js.ts; budget 120 KB).
 */
import { Check } from 'typebox/schema';
import { EntryUpload, entryRuleProblems } from '../../core/api/sync.ts';

/** True when the server would accept `upload` at `nowMs` (the device's best guess of the server's clock). */
export function isUploadable(upload: unknown, nowMs: number): boolean {
  return Check(EntryUpload, upload) && entryRuleProblems(upload as EntryUpload, nowMs).length === 0;
}
