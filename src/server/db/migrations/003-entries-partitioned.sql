-- City scale (issue 9): entries partitioned by scan time, one partition per UTC day, so
-- retention drops whole partitions; a global table of entry ids so an upload stays
-- idempotent by id across partitions (a partitioned table's unique keys must include the
-- partition key, and a re-sent entry must never add a row whatever time it claims); and
-- hourly rollups kept up to date in the insert's own transaction, which statistics read.
-- Existing entries are moved over; nothing is lost.

ALTER TABLE entries RENAME TO entries_v2;
ALTER INDEX entries_time RENAME TO entries_v2_time;
ALTER INDEX entries_checkpoint_time RENAME TO entries_v2_checkpoint_time;
ALTER INDEX entries_cid RENAME TO entries_v2_cid;

-- The same columns as before. No primary key: entry_ids holds the one unique id.
CREATE TABLE entries (
  id uuid NOT NULL,
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
) PARTITION BY RANGE (time_ms);
CREATE INDEX entries_time ON entries (time_ms);
CREATE INDEX entries_checkpoint_time ON entries (checkpoint_id, time_ms);
CREATE INDEX entries_cid ON entries (cid) WHERE cid IS NOT NULL;
-- Scans claiming a time no day partition was made for (a device clock years off, or a
-- device offline for over a month): small, and deleted row by row by retention.
CREATE TABLE entries_default PARTITION OF entries DEFAULT;

-- Every stored entry's id and the time it was stored under (which partition holds it).
-- Inserting here first, ON CONFLICT DO NOTHING, is the dedup. BRIN on time: rows arrive
-- roughly in time order, and retention deletes by time once a day.
CREATE TABLE entry_ids (
  id uuid PRIMARY KEY,
  time_ms bigint NOT NULL
);
CREATE INDEX entry_ids_time ON entry_ids USING brin (time_ms);

-- Creates the partition for UTC day `day` (Unix ms / 86400000) if it does not exist,
-- moving any rows of that day out of the default partition first; true when it made one.
-- Built detached and then attached with a matching CHECK, so inserts into other
-- partitions are not blocked. The advisory lock serialises creators (also across servers).
CREATE FUNCTION gatecheck_entry_partition(day bigint) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  lo bigint := day * 86400000;
  hi bigint := lo + 86400000;
  part text := 'entries_d' || to_char(to_timestamp(day * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
  PERFORM pg_advisory_xact_lock(7215190);
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE entries INCLUDING DEFAULTS)', part);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (time_ms >= %s AND time_ms < %s)', part, part || '_range', lo, hi);
  EXECUTE format('WITH moved AS (DELETE FROM entries_default WHERE time_ms >= %s AND time_ms < %s RETURNING *)
                  INSERT INTO %I SELECT * FROM moved', lo, hi, part);
  EXECUTE format('ALTER TABLE entries ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', part, lo, hi);
  RETURN true;
END $$;

-- Hourly counts per checkpoint (UTC hours), by the decision that stands (an override wins:
-- core's effectiveDecision), plus overrides and red/yellow sightings.
CREATE TABLE entry_hourly (
  hour_ms bigint NOT NULL,
  checkpoint_id uuid NOT NULL,
  scans bigint NOT NULL,
  admitted bigint NOT NULL,
  refused bigint NOT NULL,
  referred bigint NOT NULL,
  overridden bigint NOT NULL,
  to_admit bigint NOT NULL,
  to_refuse bigint NOT NULL,
  red bigint NOT NULL,
  yellow bigint NOT NULL,
  PRIMARY KEY (hour_ms, checkpoint_id)
);

-- The counts the time series needs per UTC hour, all checkpoints together: a month is 720
-- rows per shard. `shard` (a byte of the checkpoint id, mod 8) spreads concurrent uploads
-- over several rows, so every upload of the hour does not wait for one row's lock;
-- readers sum the shards.
CREATE TABLE entry_hourly_totals (
  hour_ms bigint NOT NULL,
  shard smallint NOT NULL,
  scans bigint NOT NULL,
  admitted bigint NOT NULL,
  refused bigint NOT NULL,
  referred bigint NOT NULL,
  overridden bigint NOT NULL,
  to_admit bigint NOT NULL,
  to_refuse bigint NOT NULL,
  PRIMARY KEY (hour_ms, shard)
);

-- The same counts per UTC day and checkpoint, with the scans of each UTC hour of the day
-- (hours[1] is 00:00-00:59 UTC): a month's statistics per checkpoint and the checkpoint ×
-- hour-of-day heatmap read 30 rows per checkpoint instead of 720.
CREATE TABLE entry_daily (
  day_ms bigint NOT NULL,
  checkpoint_id uuid NOT NULL,
  scans bigint NOT NULL,
  admitted bigint NOT NULL,
  refused bigint NOT NULL,
  referred bigint NOT NULL,
  overridden bigint NOT NULL,
  to_admit bigint NOT NULL,
  to_refuse bigint NOT NULL,
  red bigint NOT NULL,
  yellow bigint NOT NULL,
  hours bigint[] NOT NULL,
  PRIMARY KEY (day_ms, checkpoint_id)
);

-- Adds two arrays element by element (the daily rollup's hours).
CREATE FUNCTION gatecheck_add_hours(a bigint[], b bigint[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
$$;

-- Hourly scans per (decision that stands, reason), sharded as entry_hourly_totals.
CREATE TABLE entry_hourly_results (
  hour_ms bigint NOT NULL,
  shard smallint NOT NULL,
  decision text NOT NULL,
  reason text NOT NULL,
  scans bigint NOT NULL,
  PRIMARY KEY (hour_ms, shard, decision, reason)
);

-- Existing entries: a partition for every day they cover, then the rows, ids and rollups.
SELECT gatecheck_entry_partition(d) FROM (SELECT DISTINCT time_ms / 86400000 AS d FROM entries_v2) days ORDER BY d;
INSERT INTO entries
  SELECT id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, override, clock_note, received_ms
  FROM entries_v2;
INSERT INTO entry_ids (id, time_ms) SELECT id, time_ms FROM entries_v2;
INSERT INTO entry_hourly
  SELECT (e.time_ms / 3600000) * 3600000, e.checkpoint_id,
    count(*),
    count(*) FILTER (WHERE COALESCE(e.override->>'decision', e.decision) = 'admit'),
    count(*) FILTER (WHERE COALESCE(e.override->>'decision', e.decision) = 'refuse'),
    count(*) FILTER (WHERE COALESCE(e.override->>'decision', e.decision) = 'refer'),
    count(*) FILTER (WHERE e.override IS NOT NULL),
    count(*) FILTER (WHERE e.override->>'decision' = 'admit'),
    count(*) FILTER (WHERE e.override->>'decision' = 'refuse'),
    count(*) FILTER (WHERE e.reason = 'status_red'),
    count(*) FILTER (WHERE e.reason = 'status_yellow')
  FROM entries_v2 e GROUP BY 1, 2;
INSERT INTO entry_daily
  SELECT (e.time_ms / 86400000) * 86400000, e.checkpoint_id,
    count(*),
    count(*) FILTER (WHERE COALESCE(e.override->>'decision', e.decision) = 'admit'),
    count(*) FILTER (WHERE COALESCE(e.override->>'decision', e.decision) = 'refuse'),
    count(*) FILTER (WHERE COALESCE(e.override->>'decision', e.decision) = 'refer'),
    count(*) FILTER (WHERE e.override IS NOT NULL),
    count(*) FILTER (WHERE e.override->>'decision' = 'admit'),
    count(*) FILTER (WHERE e.override->>'decision' = 'refuse'),
    count(*) FILTER (WHERE e.reason = 'status_red'),
    count(*) FILTER (WHERE e.reason = 'status_yellow'),
    ARRAY[
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 0),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 1),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 2),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 3),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 4),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 5),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 6),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 7),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 8),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 9),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 10),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 11),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 12),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 13),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 14),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 15),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 16),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 17),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 18),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 19),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 20),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 21),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 22),
      count(*) FILTER (WHERE (e.time_ms % 86400000) / 3600000 = 23)
    ]::bigint[]
  FROM entries_v2 e GROUP BY 1, 2;
INSERT INTO entry_hourly_totals
  SELECT h.hour_ms, get_byte(uuid_send(h.checkpoint_id), 15) % 8,
         sum(h.scans), sum(h.admitted), sum(h.refused), sum(h.referred), sum(h.overridden), sum(h.to_admit), sum(h.to_refuse)
  FROM entry_hourly h GROUP BY 1, 2;
INSERT INTO entry_hourly_results
  SELECT (e.time_ms / 3600000) * 3600000, get_byte(uuid_send(e.checkpoint_id), 15) % 8,
         COALESCE(e.override->>'decision', e.decision), e.reason, count(*)
  FROM entries_v2 e GROUP BY 1, 2, 3, 4;
DROP TABLE entries_v2;
