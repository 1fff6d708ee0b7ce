import { type SchemaNames } from "./schema-names.js";

/** One step of the schema, applied once, in order, and recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (names: SchemaNames) => string;
}

/**
 * The schema, step by step. Never edit a step that has shipped: add the next one.
 *
 * 1. `events`: one row per event. `global_position` = appending transaction id * 65,536 + the
 *    event's index in its append, so positions follow transaction ids (the visibility rule readers
 *    rely on). Unique (stream, version) enforces expected versions even against a writer that
 *    bypasses the function; unique (stream, event id) makes a retried append recognisable.
 *    `data` and `metadata` are `json`, kept as written (`jsonb` would refuse a \u0000 escape).
 *    `checkpoints`: one row per projection; `append_events`: an append in one statement, hence
 *    one transaction and one round trip.
 * 2. `people` (the person register: details as `json`, the NHS number unique), `data_keys` (each
 *    person's data keys, only ever wrapped by a KEK the database never sees) and `erased_people`
 *    (tombstones: a destroyed person is never issued a key again). Erasure is a DELETE; see
 *    docs/storage.md for what PostgreSQL keeps of deleted rows until VACUUM.
 * 3. `audit_trail`: who read which case when (docs/service.md), apart from the events and kept for
 *    its own retention: `entry_id` orders entries as recorded, `at` is kept as written and `at_ms`
 *    serves time ranges and purging by age.
 * 4. `audit_trail` also holds reads of the person register (`lookupPerson`): they name a person's
 *    pseudonym (`person_id`, null when none was found or the read was refused) and no case, so
 *    `case_id` may be null. Never an NHS number.
 * 5. `erased_people.erased_at`: when each tombstone was written, so the key store can answer how
 *    many people were erased and when the last was (`erasures()`: runners compare it to rebuild read
 *    models after an erasure). Tombstones from before this step take the time of the migration.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "events, checkpoints and the append function",
    sql: (n) => `
CREATE TABLE ${n.events} (
  global_position bigint PRIMARY KEY,
  stream_id text NOT NULL,
  stream_version integer NOT NULL CHECK (stream_version >= 1),
  category text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data json NOT NULL,
  metadata json NOT NULL,
  CONSTRAINT events_stream_version UNIQUE (stream_id, stream_version),
  CONSTRAINT events_stream_event_id UNIQUE (stream_id, event_id)
);

CREATE TABLE ${n.checkpoints} (
  name text PRIMARY KEY,
  position numeric NOT NULL CHECK (position >= 0),
  snapshot text,
  saved_at timestamptz NOT NULL DEFAULT now()
);

-- One append: lock the stream, tell a retry (same event ids, same order) from a new append, check
-- the expected version, insert, notify. p_expected is NULL for "any" ("no_stream" is 0).
-- The stream is locked with an advisory lock, which takes no transaction id: the id is assigned
-- by the INSERT, after the lock, so appends to one stream get increasing ids and positions.
CREATE FUNCTION ${n.append}(
  p_stream text, p_category text, p_expected integer,
  p_ids text[], p_types text[], p_schema_versions integer[], p_data text[], p_metadata text[],
  OUT o_outcome text, OUT o_version integer, OUT o_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := cardinality(p_ids);
  v_current integer;
  v_stored integer;
  v_matched integer;
  v_base bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('${n.schema}/' || p_stream, 0));
  SELECT coalesce(max(stream_version), 0) INTO v_current FROM ${n.events} WHERE stream_id = p_stream;
  o_version := v_current;
  SELECT stream_version INTO v_stored FROM ${n.events} WHERE stream_id = p_stream AND event_id = p_ids[1];
  IF FOUND THEN
    -- A retry must find the whole batch, in order, from where its first event is.
    SELECT count(*) INTO v_matched
      FROM ${n.events} e JOIN unnest(p_ids) WITH ORDINALITY AS u(id, ord)
        ON e.stream_id = p_stream AND e.stream_version = v_stored - 1 + u.ord AND e.event_id = u.id;
    IF v_matched <> v_count THEN
      o_outcome := 'partial';
    ELSIF p_expected IS NOT NULL AND p_expected <> v_stored - 1 THEN
      o_outcome := 'retry_elsewhere';
    ELSE
      o_outcome := 'retried';
      o_version := v_stored - 1 + v_count;
      SELECT global_position INTO o_position FROM ${n.events} WHERE stream_id = p_stream AND stream_version = o_version;
    END IF;
    RETURN;
  END IF;
  IF v_count > 1 AND EXISTS (SELECT 1 FROM ${n.events} WHERE stream_id = p_stream AND event_id = ANY (p_ids[2:])) THEN
    o_outcome := 'partial';
    RETURN;
  END IF;
  IF p_expected IS NOT NULL AND p_expected <> v_current THEN
    o_outcome := 'conflict';
    RETURN;
  END IF;
  v_base := pg_current_xact_id()::text::bigint * 65536;
  INSERT INTO ${n.events} (global_position, stream_id, stream_version, category, event_id, type, schema_version, data, metadata)
    SELECT v_base + u.ord, p_stream, v_current + u.ord, p_category, u.id, p_types[u.ord], p_schema_versions[u.ord],
           p_data[u.ord]::json, p_metadata[u.ord]::json
      FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord);
  PERFORM pg_notify('${n.channel}', '');
  o_outcome := 'appended';
  o_version := v_current + v_count;
  o_position := v_base + v_count;
END
$fn$;
`,
  },
  {
    version: 2,
    name: "the person register and the key store",
    sql: (n) => `
CREATE TABLE ${n.people} (
  person_id text PRIMARY KEY,
  nhs_number text NOT NULL CONSTRAINT people_nhs_number UNIQUE,
  details json NOT NULL
);

CREATE TABLE ${n.dataKeys} (
  person_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  kek_id text NOT NULL,
  wrapped text NOT NULL,
  PRIMARY KEY (person_id, version)
);
CREATE INDEX data_keys_kek_id ON ${n.dataKeys} (kek_id);

CREATE TABLE ${n.erasedPeople} (
  person_id text PRIMARY KEY
);
`,
  },
  {
    version: 3,
    name: "the audit trail",
    sql: (n) => `
CREATE TABLE ${n.auditTrail} (
  entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at text NOT NULL,
  at_ms bigint NOT NULL,
  who text NOT NULL,
  role text NOT NULL,
  pcn_id text,
  case_id text NOT NULL,
  action text NOT NULL,
  allowed boolean NOT NULL
);
CREATE INDEX audit_trail_case ON ${n.auditTrail} (case_id, entry_id);
CREATE INDEX audit_trail_who ON ${n.auditTrail} (who, entry_id);
CREATE INDEX audit_trail_at ON ${n.auditTrail} (at_ms);
`,
  },
  {
    version: 4,
    name: "reads of the person register in the audit trail",
    sql: (n) => `
ALTER TABLE ${n.auditTrail} ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE ${n.auditTrail} ADD COLUMN person_id text;
CREATE INDEX audit_trail_person ON ${n.auditTrail} (person_id, entry_id) WHERE person_id IS NOT NULL;
`,
  },
  {
    version: 5,
    name: "when each erasure was recorded",
    sql: (n) => `
ALTER TABLE ${n.erasedPeople} ADD COLUMN erased_at timestamptz NOT NULL DEFAULT now();
`,
  },
];

/** The newest schema version this package knows. */
export const latestSchemaVersion = migrations.at(-1)!.version;
