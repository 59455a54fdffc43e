/**
 * The sync API's names as the rest of core's index offers them. The contract itself (every
 * request and response shape, as TypeBox schemas) is src/core/api/sync.ts; this file only
 * re-exports its types (erased at build time, so nothing here pulls TypeBox into a bundle)
 * and the TypeBox-free paths, limits and clock rule of api/sync-rules.ts.
 */
export type {
  AppConfig,
  CheckpointInfo,
  CheckpointResponse,
  DeltasGone,
  DeltasResponse,
  EnrollRequest,
  EnrollResponse,
  EntriesRequest,
  EntriesResponse,
  EntryOverride,
  EntryUpload,
  Health,
  SnapshotRef,
  StatusHead,
  SyncErrorBody as ErrorBody,
} from './api/sync.ts';
export {
  MAX_ENTRIES_PER_BATCH,
  MAX_ENTRIES_BODY_BYTES,
  MAX_ENTRY_TEXT,
  MAX_DEVICE_NAME,
  MAX_OVERRIDE_NOTE,
  EPOCH_MS,
  MAX_CLOCK_AHEAD_MS,
  entryRuleProblems,
  entryTimeProblems,
  describeEntryProblems,
  type EntryProblem,
} from './api/sync-rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical 8-4-4-4-12 hex spelling (any case): api/text.ts's Uuid, for code outside a schema. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
