-- Administrator accounts with roles (core/roles.ts), sessions per account, an append-only
-- audit log, status batches (who published which delta, and its undo), and checkpoint
-- names unique within a site.

CREATE TABLE admin_accounts (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('viewer', 'reviewer', 'operator', 'admin')),
  password_hash text NOT NULL,
  created_ms bigint NOT NULL,
  disabled_ms bigint
);

-- A database from before had one password: it becomes the account named admin.
INSERT INTO admin_accounts (id, name, role, password_hash, created_ms)
  SELECT gen_random_uuid(), 'admin', 'admin', password_hash, created_ms FROM admin;
DROP TABLE admin;

-- Sessions now belong to an account; the old ones (of no account) end with the upgrade.
DELETE FROM admin_sessions;
ALTER TABLE admin_sessions ADD COLUMN account_id uuid NOT NULL REFERENCES admin_accounts (id) ON DELETE CASCADE;
CREATE INDEX admin_sessions_account ON admin_sessions (account_id);

-- Every state change made through the console or the admin CLI, written in the transaction
-- of the change. `details` hold ids, counts and statuses, never a person's name.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at_ms bigint NOT NULL,
  account_id uuid,
  account_name text NOT NULL,
  action text NOT NULL,
  target text NOT NULL DEFAULT '',
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  client text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at_ms);

-- Append-only: rows are never changed or removed (not even by the server's own code).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- One row per published status delta made by an administrator: who, and what it undid.
CREATE TABLE status_batches (
  id uuid PRIMARY KEY,
  at_ms bigint NOT NULL,
  account_id uuid,
  account_name text NOT NULL,
  from_seq bigint NOT NULL,
  to_seq bigint NOT NULL,
  undo_of uuid REFERENCES status_batches (id),
  undone_by uuid REFERENCES status_batches (id)
);
CREATE INDEX status_batches_at ON status_batches (at_ms);

-- Checkpoint names unique within a site. Duplicates from before get a number appended.
UPDATE checkpoints c SET name = c.name || ' (' || d.n || ')'
  FROM (SELECT id, row_number() OVER (PARTITION BY site, lower(name) ORDER BY created_ms, id) AS n FROM checkpoints) d
  WHERE c.id = d.id AND d.n > 1;
CREATE UNIQUE INDEX checkpoints_site_name ON checkpoints (site, lower(name));
