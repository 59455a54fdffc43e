-- The whole server state. Times are Unix milliseconds (bigint, *_ms) unless named
-- issued_at/expires_at (Unix seconds, as in the signed documents). No table holds a
-- person's name: entries keep the code's random cid only.

CREATE TABLE checkpoints (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  site text NOT NULL DEFAULT '',
  policy jsonb NOT NULL,
  created_ms bigint NOT NULL
);

-- A device's credential is a random token; only its SHA-256 is stored.
CREATE TABLE devices (
  id uuid PRIMARY KEY,
  checkpoint_id uuid NOT NULL REFERENCES checkpoints (id),
  name text NOT NULL DEFAULT '',
  credential_hash text NOT NULL UNIQUE,
  created_ms bigint NOT NULL,
  revoked_ms bigint,
  last_seen_ms bigint
);

-- One-time enrollment tokens, stored hashed like credentials.
CREATE TABLE enrollment_tokens (
  token_hash text PRIMARY KEY,
  checkpoint_id uuid NOT NULL REFERENCES checkpoints (id),
  created_ms bigint NOT NULL,
  expires_ms bigint NOT NULL,
  used_ms bigint,
  device_id uuid
);

-- Scans uploaded by devices, idempotent by the device-chosen id. No foreign keys here:
-- device and checkpoint come from the authenticated device row, and per-row referential
-- checks would cost a good part of the ingest rate.
CREATE TABLE entries (
  id uuid PRIMARY KEY,
  device_id uuid NOT NULL,
  checkpoint_id uuid NOT NULL,
  checkpoint_label text NOT NULL,
  time_ms bigint NOT NULL,
  direction text NOT NULL,
  reason text NOT NULL,
  decision text NOT NULL,
  cid text,
  kid text,
  override jsonb,
  clock_note text,
  received_ms bigint NOT NULL
);
CREATE INDEX entries_time ON entries (time_ms);
CREATE INDEX entries_checkpoint_time ON entries (checkpoint_id, time_ms);

-- Every status change, one row per cid, numbered by the status-list sequence it moves to.
CREATE TABLE status_changes (
  seq bigint PRIMARY KEY,
  cid text NOT NULL,
  status text NOT NULL,
  until bigint,
  at_ms bigint NOT NULL
);
CREATE INDEX status_changes_cid ON status_changes (cid, seq);

-- The signed delta envelopes as published (exact bytes, so ETags and signatures hold).
CREATE TABLE status_deltas (
  from_seq bigint PRIMARY KEY,
  to_seq bigint NOT NULL UNIQUE,
  issued_at bigint NOT NULL,
  entry_count integer NOT NULL,
  envelope text NOT NULL
);

-- Signed snapshot parts, a few recent `to` sequences kept for clients mid-download.
CREATE TABLE status_snapshots (
  to_seq bigint NOT NULL,
  part integer NOT NULL,
  parts integer NOT NULL,
  entry_count integer NOT NULL,
  issued_at bigint NOT NULL,
  envelope text NOT NULL,
  created_ms bigint NOT NULL,
  PRIMARY KEY (to_seq, part)
);

-- The head of the status list. It starts at 1 (an empty list) because a delta can never
-- start at 0: `from: 0` means a snapshot (gc1.md §4.2).
CREATE TABLE status_state (
  id integer PRIMARY KEY CHECK (id = 1),
  head bigint NOT NULL,
  issued_at bigint NOT NULL
);
INSERT INTO status_state (id, head, issued_at) VALUES (1, 1, 0);

-- Trust bundles as imported (signed offline by the root key); the highest seq is published.
CREATE TABLE trust_bundles (
  seq bigint PRIMARY KEY,
  envelope text NOT NULL,
  etag text NOT NULL,
  issued_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  imported_ms bigint NOT NULL
);

-- The administrator's password as an scrypt hash, and signed-in sessions (hashed tokens).
CREATE TABLE admin (
  id integer PRIMARY KEY CHECK (id = 1),
  password_hash text NOT NULL,
  created_ms bigint NOT NULL
);
CREATE TABLE admin_sessions (
  token_hash text PRIMARY KEY,
  created_ms bigint NOT NULL,
  expires_ms bigint NOT NULL
);
