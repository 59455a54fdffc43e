-- /healthz writes this one row on every call: a database that answers reads but refuses
-- writes (read-only, failing storage) is reported unhealthy instead of "ok".
CREATE TABLE health_probe (
  id integer PRIMARY KEY CHECK (id = 1),
  at_ms bigint NOT NULL
);
