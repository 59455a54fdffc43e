/**
 * Entries and statistics (admin API) as schemas. The query strings keep their pure parsers
 * in core's admin-protocol.ts (parseEntryQuery, parseStatsQuery): one place decides what a
 * filter means for the server and the console; the schemas only bound the raw strings.
 */
import { Type, type Static } from 'typebox';
import { REASONS } from '../reasons.ts';

const Reason = Type.Enum(REASONS);
const Decision = Type.Union([Type.Literal('admit'), Type.Literal('refuse'), Type.Literal('refer')]);
const Int = Type.Integer();
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);
/** A checkpoint id, or null for scans a device made before it was enrolled (no checkpoint). */
const CheckpointRef = Type.Union([Type.String(), Type.Null()]);

/** Raw query parameters: text only, each at most 100 characters (the parsers judge them). */
export const RawQuery = Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 100 }));

export const EntryOverrideSchema = Type.Object({
  decision: Type.Union([Type.Literal('admit'), Type.Literal('refuse')]),
  reason: Type.String(),
  /** The guard's own words when the reason is "other". */
  note: Type.Optional(Type.String()),
  at: Int,
});

/** One stored entry as the console lists it. */
export const AdminEntrySchema = Type.Object({
  id: Type.String(),
  time: Int,
  receivedMs: Int,
  checkpointId: CheckpointRef,
  checkpointName: NullableText,
  checkpointLabel: Type.String(),
  deviceId: Type.String(),
  deviceName: NullableText,
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  reason: Reason,
  decision: Decision,
  cid: NullableText,
  kid: NullableText,
  override: Type.Union([EntryOverrideSchema, Type.Null()]),
  clockNote: NullableText,
});

export const EntriesPageSchema = Type.Object({ entries: Type.Array(AdminEntrySchema), total: Int, next: NullableText });

const Counts = {
  scans: Int,
  admitted: Int,
  refused: Int,
  referred: Int,
  overridden: Int,
};

/** GET /api/admin/stats reply (core's Stats). */
export const StatsSchema = Type.Object({
  from: Int,
  to: Int,
  bucketMs: Int,
  totals: Type.Object({ ...Counts, overriddenToAdmit: Int, overriddenToRefuse: Int }),
  series: Type.Array(Type.Object({ start: Int, ...Counts })),
  byCheckpoint: Type.Array(Type.Object({ checkpointId: CheckpointRef, name: NullableText, ...Counts })),
  byResult: Type.Array(Type.Object({ decision: Decision, reason: Reason, scans: Int })),
  silentDevices: Type.Array(
    Type.Object({
      id: Type.String(),
      checkpointId: Type.String(),
      name: Type.String(),
      createdMs: Int,
      revokedMs: NullableInt,
      lastSeenMs: NullableInt,
      checkpointName: NullableText,
    }),
  ),
  silentAfterMs: Int,
  heatmap: Type.Array(Type.Object({ checkpointId: CheckpointRef, name: NullableText, hours: Type.Array(Int) })),
  sightings: Type.Array(Type.Object({ checkpointId: CheckpointRef, name: NullableText, red: Int, yellow: Int })),
});
export type StatsBody = Static<typeof StatsSchema>;
