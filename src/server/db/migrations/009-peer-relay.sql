-- The relay of recognised peers' status chains (issue 15, `gatecheck serve --peer ID=URL`).
-- Every server of a region on one PostgreSQL shares these rows: one stored copy of each
-- peer's envelopes (keyed by authority and position), and one lease per peer so only one
-- server pulls it at a time (no double pulls). Envelopes are stored as the peer signed them.

-- One row per relayed peer: where its chain stands here, when it was last pulled, and the lease.
CREATE TABLE peer_relay (
  authority text PRIMARY KEY,
  url text NOT NULL,
  -- The position of the relayed chain (the head we serve), null before the first snapshot is in.
  seq bigint,
  -- issuedAt of the newest document stored (Unix seconds), 0 before any.
  issued_at bigint NOT NULL DEFAULT 0,
  -- The newest complete snapshot stored (what a scanner without a list fetches).
  snapshot_to bigint,
  snapshot_parts integer,
  -- The peer's own head at the last answer, and its ETag (for If-None-Match).
  peer_seq bigint,
  peer_etag text,
  -- Last successful pull (ms), last attempt (ms), the last failure (plain words) and how
  -- many in a row (the backoff's step).
  last_ok_ms bigint,
  last_attempt_ms bigint,
  last_error text,
  failures integer NOT NULL DEFAULT 0,
  -- Not before this time does any server pull again (the interval, or the backoff after a failure).
  next_pull_ms bigint NOT NULL DEFAULT 0,
  -- The server pulling now, until when (a crashed server's lease lapses).
  lease_owner text,
  lease_until_ms bigint
);

-- The peer's delta envelopes, byte for byte, keyed by authority and position.
CREATE TABLE peer_status_deltas (
  authority text NOT NULL REFERENCES peer_relay (authority) ON DELETE CASCADE,
  from_seq bigint NOT NULL,
  to_seq bigint NOT NULL,
  entry_count integer NOT NULL,
  envelope text NOT NULL,
  PRIMARY KEY (authority, from_seq)
);

-- The peer's snapshot parts, byte for byte; a few recent `to` kept for scanners mid-download.
CREATE TABLE peer_status_snapshots (
  authority text NOT NULL REFERENCES peer_relay (authority) ON DELETE CASCADE,
  to_seq bigint NOT NULL,
  part integer NOT NULL,
  parts integer NOT NULL,
  envelope text NOT NULL,
  PRIMARY KEY (authority, to_seq, part)
);
