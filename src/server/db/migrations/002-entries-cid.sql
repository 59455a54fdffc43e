-- The console finds every scan of one code by its cid (who presented a revoked code, and
-- where). Partial: unreadable and non-GC1 scans have no cid. Measured cost on ingest is
-- within the bench's run-to-run noise (see src/server/README.md).
CREATE INDEX entries_cid ON entries (cid) WHERE cid IS NOT NULL;
