-- Issue 16: scans a device made before it was enrolled belong to no checkpoint. The device
-- says which ones (an upload's `beforeEnrollment`), and they are stored with a NULL
-- checkpoint_id instead of being credited to the checkpoint the device later enrolled at,
-- where a trace would otherwise place those people at a gate they never passed. The
-- per-checkpoint rollups count them under a NULL checkpoint of their own: their primary
-- keys become unique keys whose NULLs are equal, so an upsert still finds the one row.
-- Existing rows are not touched (which of them came before enrollment was never recorded).

ALTER TABLE entries ALTER COLUMN checkpoint_id DROP NOT NULL;

ALTER TABLE entry_hourly DROP CONSTRAINT entry_hourly_pkey;
ALTER TABLE entry_hourly ALTER COLUMN checkpoint_id DROP NOT NULL;
ALTER TABLE entry_hourly ADD CONSTRAINT entry_hourly_key UNIQUE NULLS NOT DISTINCT (hour_ms, checkpoint_id);

ALTER TABLE entry_daily DROP CONSTRAINT entry_daily_pkey;
ALTER TABLE entry_daily ALTER COLUMN checkpoint_id DROP NOT NULL;
ALTER TABLE entry_daily ADD CONSTRAINT entry_daily_key UNIQUE NULLS NOT DISTINCT (day_ms, checkpoint_id);
