/**
 * The PostgreSQL schema a store lives in: its tables, its append function and its notification
 * channel are named from it, so several Linkwork deployments (or test runs) share one database.
 * Lower-case letters, digits and `_`, starting with a letter or `_`, at most 48 characters, so
 * that no quoting question arises and the channel name stays under PostgreSQL's 63 bytes.
 */
export const schemaNamePattern = /^[a-z_][a-z0-9_]{0,47}$/;

/** The default schema. */
export const defaultSchema = "linkwork";

/** Every name the store's SQL uses, qualified by its schema. */
export interface SchemaNames {
  readonly schema: string;
  readonly events: string;
  readonly checkpoints: string;
  readonly migrations: string;
  readonly append: string;
  /** The person register: pseudonym, NHS number and details of each registered person. */
  readonly people: string;
  /** The key store: each person's data keys, wrapped. */
  readonly dataKeys: string;
  /** The key store: people whose keys were destroyed, so that none is issued again. */
  readonly erasedPeople: string;
  /** The audit trail: who read which case when, apart from the events. */
  readonly auditTrail: string;
  /** The LISTEN/NOTIFY channel appends notify on commit. */
  readonly channel: string;
}

export function schemaNames(schema: string): SchemaNames {
  return {
    schema,
    events: `${schema}.events`,
    checkpoints: `${schema}.checkpoints`,
    migrations: `${schema}.schema_migrations`,
    append: `${schema}.append_events`,
    people: `${schema}.people`,
    dataKeys: `${schema}.data_keys`,
    erasedPeople: `${schema}.erased_people`,
    auditTrail: `${schema}.audit_trail`,
    channel: `${schema}_events`,
  };
}

/**
 * Positions carry the appending transaction's id: position = xid * 2^16 + n for the n-th event
 * of the append (n from 1). So the global order is the order of transaction ids, which readers can
 * bound with `pg_snapshot_xmin` (see docs/storage.md, "PostgreSQL"), and an append holds at most
 * 2^16 - 1 events.
 */
export const positionsPerTransaction = 65_536;
export const maxEventsPerAppend = positionsPerTransaction - 1;
