-- Persons (issue 14): applications of one identity (ID document type and number, compared
-- as an HMAC-SHA256 keyed with server_secrets.identity, so no plain ID number leaves the
-- issuance tables) belong to one person, and the person holds one status that every code
-- ever issued to them shows through the status list. Existing applications are linked to
-- their persons at start-up (issuance/person-backfill.ts: the hash needs the secret, which
-- SQL here cannot compute without pgcrypto).

-- Server-wide secrets, made once at start-up with the operating system's random source.
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  secret text NOT NULL,
  created_ms bigint NOT NULL
);

CREATE TABLE persons (
  id uuid PRIMARY KEY,
  -- hex HMAC-SHA256(identity secret, id_type NUL normalised id_number)
  identity_hash text NOT NULL UNIQUE,
  -- The name as the latest code prints it (张*明): what consoles, audits and traces show.
  masked_name text NOT NULL,
  -- The status in force (person_statuses.id), and the base it falls back to after its `until`.
  status_id bigint,
  base_status_id bigint,
  -- True once a reviewer (not a rule or an operator) decided on this person: operators'
  -- bulk status then refuses the person's cids.
  reviewed boolean NOT NULL DEFAULT false,
  created_ms bigint NOT NULL,
  updated_ms bigint NOT NULL
);

-- Every status a person ever had, newest last. `until` in Unix seconds; after it the base
-- status (the latest one without `until`) is the person's colour again.
CREATE TABLE person_statuses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  colour text NOT NULL CHECK (colour IN ('green', 'yellow', 'red')),
  until bigint,
  -- core/person-status.ts STATUS_REASONS; null: the colour the person was first approved with.
  reason text,
  reason_text text,
  -- Where and when a close contact overlapped the case ({checkpointName, at}), for the holder.
  detail jsonb,
  -- rule | review | bulk | trace | correction | duplicate
  source text NOT NULL,
  -- The account id that set it (null: a rule).
  set_by uuid,
  confirmed_by uuid,
  set_ms bigint NOT NULL
);
CREATE INDEX person_statuses_person ON person_statuses (person_id, id);
ALTER TABLE persons ADD CONSTRAINT persons_status FOREIGN KEY (status_id) REFERENCES person_statuses (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE persons ADD CONSTRAINT persons_base_status
  FOREIGN KEY (base_status_id) REFERENCES person_statuses (id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE holder_applications ADD COLUMN person_id uuid REFERENCES persons (id);
-- A second application of a person with a live code, a pending application or a non-green status.
ALTER TABLE holder_applications ADD COLUMN duplicate boolean NOT NULL DEFAULT false;
-- Decisions are taken by account id from now on (reviewer names stay on older rows).
ALTER TABLE holder_applications ADD COLUMN reviewer_id uuid;
ALTER TABLE application_decisions ADD COLUMN reviewer_id uuid;
CREATE INDEX holder_applications_person ON holder_applications (person_id, submitted_ms);
CREATE INDEX holder_applications_queue ON holder_applications (state, submitted_ms, id);

-- A code revoked because the person's status could not be shown on it (printed colour other
-- than the person's base while a temporary status is in force) or because a duplicate was
-- approved: the application stays approved and renewal signs a new code.
ALTER TABLE issued_codes ADD COLUMN superseded_ms bigint;
ALTER TABLE issued_codes ADD COLUMN revoked_ms bigint;
CREATE INDEX issued_codes_exp ON issued_codes (exp);

-- Status changes that wait for a second reviewer (a change to red; a change of many persons).
CREATE TABLE status_proposals (
  id uuid PRIMARY KEY,
  -- person | bulk | trace | approve | correction
  kind text NOT NULL,
  -- What confirming it does (issuance/status-proposals.ts), persons by id; never names.
  payload jsonb NOT NULL,
  persons integer NOT NULL,
  to_red boolean NOT NULL,
  proposed_by uuid NOT NULL,
  proposed_by_name text NOT NULL,
  proposed_ms bigint NOT NULL,
  -- pending | confirmed | rejected
  state text NOT NULL DEFAULT 'pending',
  decided_by uuid,
  decided_ms bigint,
  decided_note text
);
CREATE INDEX status_proposals_state ON status_proposals (state, proposed_ms);

-- "This is wrong": a holder's correction request, answered by a reviewer (keep or change)
-- with a reply the holder sees.
CREATE TABLE corrections (
  id uuid PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES holder_applications (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  text text NOT NULL,
  created_ms bigint NOT NULL,
  -- open | kept | changed
  state text NOT NULL DEFAULT 'open',
  reply text,
  answered_by uuid,
  answered_ms bigint
);
CREATE INDEX corrections_open ON corrections (state, created_ms);
CREATE INDEX corrections_application ON corrections (application_id, created_ms);

-- Contact traces: who ran them, why, and what they found (persons by id, masked names).
-- Deleted once older than the entry retention (entries/retention.ts).
CREATE TABLE traces (
  id uuid PRIMARY KEY,
  at_ms bigint NOT NULL,
  account_id uuid,
  account_name text NOT NULL,
  case_person_id uuid,
  reason text NOT NULL,
  days integer NOT NULL,
  window_minutes integer NOT NULL,
  contact_count integer NOT NULL,
  result jsonb NOT NULL
);
CREATE INDEX traces_at ON traces (at_ms);

-- The second-reviewer rule (on by default) and the size of a bulk change that needs it.
ALTER TABLE issuance_settings ADD COLUMN second_reviewer boolean NOT NULL DEFAULT true;
ALTER TABLE issuance_settings ADD COLUMN second_reviewer_bulk integer NOT NULL DEFAULT 100;

-- A tracer role (contact tracing from the entry log).
ALTER TABLE admin_accounts DROP CONSTRAINT IF EXISTS admin_accounts_role_check;
ALTER TABLE admin_accounts ADD CONSTRAINT admin_accounts_role_check CHECK (role IN ('viewer', 'reviewer', 'operator', 'tracer', 'admin'));
