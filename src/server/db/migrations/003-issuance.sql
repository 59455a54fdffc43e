-- Issuance (issue 10): holder applications, the codes issued for them, each decision, and
-- the authority's review rules. These are the only tables that hold a person's full name,
-- ID number and health declaration. They are readable only with the `review` permission,
-- and deleted (with their codes and decisions) a documented time after the last code
-- expires (src/server/issuance/application-retention.ts). Nothing joins them to entries or
-- statistics: an entry keeps the code's random cid only, and issued_codes is never read by
-- the entry or statistics queries.

CREATE TABLE holder_applications (
  id uuid PRIMARY KEY,
  -- The holder's credential is a random token; only its SHA-256 is stored (as for devices).
  credential_hash text NOT NULL UNIQUE,
  full_name text NOT NULL,
  id_type text NOT NULL,
  id_number text NOT NULL,
  region integer NOT NULL,
  phone text NOT NULL DEFAULT '',
  declaration jsonb NOT NULL,
  -- b64u of the Ed25519 public key the codes are bound to (the agent's for a family member).
  holder_key text NOT NULL,
  relation text NOT NULL,
  language text NOT NULL DEFAULT '',
  -- pending | approved | rejected | revoked
  state text NOT NULL,
  -- What the review rules said on arrival: green | yellow | red | queue.
  rule_outcome text NOT NULL,
  -- rule | reviewer, once decided.
  decided_by text,
  decided_colour text,
  reviewer text,
  reject_reason text,
  submitted_ms bigint NOT NULL,
  updated_ms bigint NOT NULL,
  decided_ms bigint
);
CREATE INDEX holder_applications_state ON holder_applications (state, submitted_ms);

-- Codes issued for an application: holder-bound (kind 2) for the app, static (kind 1) when
-- printed on paper. `bytes` is the issued code without a holder proof (the app adds one).
CREATE TABLE issued_codes (
  cid text PRIMARY KEY,
  -- Issue order (two codes of one application can share a millisecond).
  n bigint GENERATED ALWAYS AS IDENTITY,
  application_id uuid NOT NULL REFERENCES holder_applications (id) ON DELETE CASCADE,
  kind smallint NOT NULL,
  colour text NOT NULL,
  iat bigint NOT NULL,
  exp bigint NOT NULL,
  masked_name text NOT NULL,
  hint text NOT NULL,
  bytes text NOT NULL,
  issued_ms bigint NOT NULL
);
CREATE INDEX issued_codes_application ON issued_codes (application_id, n);

-- Every decision on an application, with who took it (a rule, or the reviewer's identity).
CREATE TABLE application_decisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES holder_applications (id) ON DELETE CASCADE,
  at_ms bigint NOT NULL,
  -- rule_approve | approve | reject | revoke | status (a colour change) | paper_code
  action text NOT NULL,
  colour text,
  reason text,
  reviewer text NOT NULL
);
CREATE INDEX application_decisions_application ON application_decisions (application_id, at_ms);

-- The authority's review rules and the validity of issued codes (one row, edited in the console).
CREATE TABLE issuance_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  rules jsonb NOT NULL,
  validity_days integer NOT NULL,
  updated_ms bigint NOT NULL,
  updated_by text NOT NULL
);
INSERT INTO issuance_settings (id, rules, validity_days, updated_ms, updated_by)
VALUES (1, '{"nothing":"green","symptoms":"queue","travel":"queue","contact":"queue"}', 7, 0, 'default');
