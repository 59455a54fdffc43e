/**
 * The public and device API (scanners and the server): every request and response shape as
 * a TypeBox schema. The server validates requests and serialises responses with them
 * (src/server/routes/public-routes.ts, device-routes.ts); the scanner's sync client takes
 * its types from here (`import type`) and checks an entry with the same `EntryUpload`
 * schema before upload (src/platform/sync/entry-check.ts), so both sides agree on what a
 * valid entry is. Paths, limits and the clock rule on times are in sync-rules.ts (no
 * TypeBox, safe for the scanner's start-up bundle) and re-exported here.
 *
 * Import this module by path, never through core's index.
 */
import { Type, type Static } from 'typebox';
import { REASONS } from '../reasons.ts';
import { B64u, SafeText, Uuid } from './text.ts';
import { EPOCH_MS, LATEST_TIME_MS, MAX_DEVICE_NAME, MAX_ENTRIES_PER_BATCH, MAX_ENTRY_TEXT, MAX_OVERRIDE_NOTE } from './sync-rules.ts';

export * from './sync-rules.ts';

/** A scan or override time: Unix ms from the product's epoch; the server also refuses times over a day after its now. */
export const EntryTime = Type.Integer({ minimum: EPOCH_MS, maximum: LATEST_TIME_MS });
/** A whole number as JSON numbers carry one exactly. */
const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** An enrollment token or device credential: base64url, 16-128 characters. */
export const Token = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });

/** GET /config.json: deployment configuration served with the app. */
export const AppConfig = Type.Object({
  /** base64url of the pinned root public key. */
  rootKey: B64u(32),
  /** Prefix for API paths; '' means the app's own origin. */
  apiBase: Type.String(),
});
export type AppConfig = Static<typeof AppConfig>;

/** GET /healthz: 200 when the database answers and takes a write; 503 otherwise, saying why. */
export const Health = Type.Object({
  ok: Type.Boolean(),
  database: Type.Enum(['pglite', 'postgres']),
  /** Server time, Unix ms. */
  time: Count,
  /** Why the server is not healthy (503 only), in plain words. */
  error: Type.Optional(Type.String()),
  /** False until the server holds its keys and serves a trust bundle: it then signs and issues nothing. */
  setUp: Type.Optional(Type.Boolean()),
  /** What set-up still lacks, in plain words (`root key`, `status key`, `trust bundle`); absent once set up. */
  missing: Type.Optional(Type.Array(Type.String())),
});
export type Health = Static<typeof Health>;

/** A checkpoint's policy (core's CheckpointPolicy), as the server sends it. */
export const Policy = Type.Object({
  yellow: Type.Enum(['refuse', 'refer']),
  expiredTrust: Type.Enum(['admit', 'refer']),
  /** Data-age warning thresholds in seconds. */
  warnAfter: Type.Number(),
  staleAfter: Type.Number(),
});

/** A checkpoint as a device sees it. */
export const CheckpointInfo = Type.Object({ id: Uuid, name: Type.String(), site: Type.String() });
export type CheckpointInfo = Static<typeof CheckpointInfo>;

/** POST /api/devices/enroll request. */
export const EnrollRequest = Type.Object(
  {
    token: Token,
    /** How the device calls itself in the console; trimmed by the server. */
    deviceName: Type.Optional(SafeText(MAX_DEVICE_NAME)),
  },
  { additionalProperties: false },
);
export type EnrollRequest = Static<typeof EnrollRequest>;

/** POST /api/devices/enroll/preview request: the token of an enrollment QR, not spent. */
export const EnrollPreviewRequest = Type.Object({ token: Token }, { additionalProperties: false });
export type EnrollPreviewRequest = Static<typeof EnrollPreviewRequest>;

/**
 * POST /api/devices/enroll/preview 200 response: where the token would enroll, and the number
 * the scanner offers in the device's name ("East Gate phone 2"): one more than the devices
 * ever enrolled at that checkpoint.
 */
export const EnrollPreviewResponse = Type.Object({
  checkpoint: Type.Object({ id: Uuid, name: Type.String() }),
  deviceNumber: Type.Integer({ minimum: 1 }),
});
export type EnrollPreviewResponse = Static<typeof EnrollPreviewResponse>;

/** POST /api/devices/enroll 201 response: keep `credential` secret (Bearer for later calls). */
export const EnrollResponse = Type.Object({
  deviceId: Uuid,
  credential: Token,
  checkpoint: Type.Object({ id: Uuid, name: Type.String(), site: Type.String(), policy: Policy }),
});
export type EnrollResponse = Static<typeof EnrollResponse>;

/** GET /api/checkpoint response (Bearer). */
export const CheckpointResponse = Type.Object({
  checkpoint: CheckpointInfo,
  policy: Policy,
  /** Unix milliseconds. */
  serverTime: Count,
  /** How this device is called in the console ('' when unnamed): a rename there reaches the phone. */
  deviceName: Type.Optional(Type.String()),
});
export type CheckpointResponse = Static<typeof CheckpointResponse>;

/** PATCH /api/device response (Bearer): the name now stored for the calling device (trimmed; '' when unnamed). */
export const DeviceNameReply = Type.Object({ deviceId: Uuid, name: Type.String() });
export type DeviceNameReply = Static<typeof DeviceNameReply>;

/** A guard's override of a verdict, recorded on the entry. */
export const EntryOverride = Type.Object(
  {
    decision: Type.Enum(['admit', 'refuse']),
    reason: SafeText(MAX_ENTRY_TEXT, 1),
    /** The guard's own words when the reason is "other" (sync-rules' entryRuleProblems checks its characters). */
    note: Type.Optional(SafeText(MAX_OVERRIDE_NOTE, 1)),
    /** Unix milliseconds. */
    at: EntryTime,
  },
  { additionalProperties: false },
);
export type EntryOverride = Static<typeof EntryOverride>;

/** One scan as uploaded. Never a name: only the code's random id (cid) and key id (kid); unknown fields are refused. */
export const EntryUpload = Type.Object(
  {
    /** A UUID chosen by the device; uploads are idempotent by it (in any letter case). */
    id: Uuid,
    /** Unix milliseconds, device clock. */
    time: EntryTime,
    /** The device's checkpoint label at scan time (may be '' before the device was named). */
    checkpoint: SafeText(MAX_ENTRY_TEXT),
    direction: Type.Enum(['in', 'out']),
    reason: Type.Enum(REASONS),
    decision: Type.Enum(['admit', 'refuse', 'refer']),
    /** base64url of the 16-byte cid, when the code got that far. */
    cid: Type.Optional(B64u(16)),
    /** base64url of the 8-byte issuer kid. */
    kid: Type.Optional(B64u(8)),
    override: Type.Optional(EntryOverride),
    /** Set when the device's clock was off or went backwards at scan time. */
    clockNote: Type.Optional(SafeText(MAX_ENTRY_TEXT, 1)),
    /**
     * True when the scan was made while the device was not enrolled: the server stores it with
     * no checkpoint rather than the one the device enrolled at later.
     */
    beforeEnrollment: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type EntryUpload = Static<typeof EntryUpload>;

/** POST /api/entries request (Bearer): all or nothing, at most MAX_ENTRIES_PER_BATCH entries. */
export const EntriesRequest = Type.Object(
  { entries: Type.Array(EntryUpload, { maxItems: MAX_ENTRIES_PER_BATCH }) },
  { additionalProperties: false },
);
export type EntriesRequest = Static<typeof EntriesRequest>;

/** POST /api/entries response: mark exactly these ids synced. */
export const EntriesResponse = Type.Object({
  acknowledged: Type.Array(Type.String()),
  /** Unix milliseconds; the device records its clock offset from it. */
  serverTime: Count,
});
export type EntriesResponse = Static<typeof EntriesResponse>;

/** A signed JSON envelope (gc1.md §4). */
export const Envelope = Type.Object({ payload: Type.String(), kid: Type.String(), sig: Type.String() });

/** Where the current snapshot lives: fetch parts 1..parts of `to`. */
export const SnapshotRef = Type.Object({ to: Count, parts: Count });
export type SnapshotRef = Static<typeof SnapshotRef>;

/** GET /api/status/head response. */
export const StatusHead = Type.Object({
  seq: Count,
  /** Unix seconds of the latest published status document. */
  issuedAt: Count,
  snapshot: SnapshotRef,
  /**
   * Unix seconds when a relayed peer's chain was last confirmed current at the peer (the relay's
   * last successful pull). Absent for the server's own chain, which is current when served. A
   * scanner dates its copy of a relayed chain by it, so a relay that lost its peer never makes
   * that peer's list look fresh (GC1 1.1 §6: the data age of the code's own authority).
   */
  confirmedAt: Type.Optional(Count),
});
export type StatusHead = Static<typeof StatusHead>;

/** A sequence number in a path or query: digits only, as JSON numbers carry them exactly. */
export const SeqText = Type.String({ pattern: '^[0-9]{1,15}$' });

/** A snapshot part number: at most 9 digits (a part number is a 32-bit integer on the server). */
export const PartText = Type.String({ pattern: '^[0-9]{1,9}$' });

/**
 * Which authority's chain a status route serves (GC1 1.1 §6): absent, or the home authority's
 * id, is this server's own chain (what scanners always fetched); a recognised peer's id is
 * that peer's chain as this server relays it, envelopes unmodified (404 when it relays none).
 */
export const AuthoritySelector = Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }));

/** GET /api/status/head and /api/status/snapshot/:to/:part query. */
export const StatusQuery = Type.Object({ authority: AuthoritySelector }, { additionalProperties: false });

/** GET /api/status/snapshot/:to/:part parameters. */
export const SnapshotParams = Type.Object({ to: SeqText, part: PartText });
/** GET /api/status/deltas query. */
export const DeltasQuery = Type.Object({ from: SeqText, authority: AuthoritySelector }, { additionalProperties: false });

/** GET /api/status/deltas?from=N response: envelopes from N up to the head, in order. */
export const DeltasResponse = Type.Object({ envelopes: Type.Array(Envelope) });
export type DeltasResponse = Static<typeof DeltasResponse>;

/** GET /api/status/deltas 410 body: too old or unknown `from`; fetch the snapshot instead. */
export const DeltasGone = Type.Object({ error: Type.String(), snapshot: SnapshotRef });
export type DeltasGone = Static<typeof DeltasGone>;

/** One reason an uploaded entry was refused. */
export const EntryProblemSchema = Type.Object({
  index: Type.Integer(),
  field: Type.String(),
  problem: Type.Enum(['missing', 'wrong_type', 'invalid', 'unknown_field']),
});

/** Every 4xx/5xx body of this API: `field` names the wrong field; POST /api/entries adds `problems` per entry. */
export const SyncErrorBody = Type.Object({
  error: Type.String(),
  field: Type.Optional(Type.String()),
  problems: Type.Optional(Type.Array(EntryProblemSchema)),
});
export type SyncErrorBody = Static<typeof SyncErrorBody>;

/** The Authorization header of the device routes. */
export const BearerHeaders = Type.Object({ authorization: Type.Optional(Type.String()) });
