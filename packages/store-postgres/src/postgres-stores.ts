import * as E from "fp-ts/lib/Either.js";
import { printable, type CheckpointStore, type EventStore, type PersonRegister, type StoreError } from "@linkwork/core";
import { invalidStoreCall, type KeyStore } from "@linkwork/core/store-kit";
import type { AuditTrail } from "@linkwork/core/authorisation";
import { PostgresAuditTrail } from "./audit/postgres-audit-trail.js";
import { PostgresCheckpointStore } from "./checkpoints/postgres-checkpoint-store.js";
import { PostgresConnection, type ConnectionSettings } from "./connection/postgres-connection.js";
import { PostgresEventStore } from "./events/postgres-event-store.js";
import { PostgresKeyStore } from "./personal-data/postgres-key-store.js";
import { PostgresPersonRegister } from "./personal-data/postgres-person-register.js";
import { migrate, type MigrationReport } from "./schema/migrate.js";
import { defaultSchema, schemaNamePattern, schemaNames } from "./schema/schema-names.js";
import type { SqlClient, SqlQuery } from "./sql/sql-client.js";
import { sqlState, storeErrorOf } from "./sql/sql-errors.js";

/** Options every form of the store takes. */
export interface PostgresStoreSettings {
  /** The PostgreSQL schema of the tables: lower-case letters, digits, `_`, at most 48. Default `linkwork`. */
  readonly schema?: string;
  /** Tries of a call that failed transiently (lost connection, server restarting). Default 8. */
  readonly maxAttempts?: number;
  /** Wait before the first repeat, doubling each time. Default 50 ms. */
  readonly initialRetryDelayMs?: number;
  /** Longest wait between repeats. Default 2000 ms. */
  readonly maxRetryDelayMs?: number;
  /** How often a live subscription looks for events when no notification arrives. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** How long `readAll` waits for an older transaction still writing before it answers STORE_UNAVAILABLE. Default 5000 ms. */
  readonly horizonWaitMs?: number;
}

/** The stores over one PostgreSQL database and schema; closing any of them closes all. */
export interface PostgresStores {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  /** The person register (table `people`): erasing a person DELETEs their row. */
  readonly people: PersonRegister;
  /** The key store (tables `data_keys`, `erased_people`): keys held only as the port gives them, wrapped. */
  readonly keys: KeyStore;
  /** The audit trail of reads of cases (table `audit_trail`), apart from the events, purged by age. */
  readonly auditTrail: AuditTrail;
  /** The schema the stores use. */
  readonly schema: string;
  /** Creates or upgrades the schema (events, checkpoints, register, key and audit tables, append function); safe to call any number of times. */
  migrate(): Promise<E.Either<StoreError, MigrationReport>>;
  /**
   * Runs `work` in one transaction on this database, for a read model kept in PostgreSQL: write
   * its rows and move its checkpoint with `saveCheckpointIn` through the same `tx`, and both
   * commit or neither does. A rejection of `work` rolls back and is answered as STORE_UNAVAILABLE.
   */
  transaction<T>(work: (tx: SqlQuery) => Promise<T>): Promise<E.Either<StoreError, T>>;
  close(): Promise<void>;
}

export function settingsOf(options: unknown): E.Either<StoreError, { readonly schema: string; readonly connection: ConnectionSettings }> {
  if (typeof options !== "object" || options === null) return E.left(invalidStoreCall("options", "must be an object"));
  const given = options as Partial<Record<keyof PostgresStoreSettings, unknown>>;
  const schema = given.schema ?? defaultSchema;
  if (typeof schema !== "string" || !schemaNamePattern.test(schema)) {
    return E.left(invalidStoreCall("options.schema", "must be lower-case letters, digits and _, starting with a letter or _, at most 48"));
  }
  const numbers: [keyof ConnectionSettings, number, number][] = [
    ["maxAttempts", 8, 1],
    ["initialRetryDelayMs", 50, 0],
    ["maxRetryDelayMs", 2000, 0],
    ["pollIntervalMs", 1000, 1],
    ["horizonWaitMs", 5000, 0],
  ];
  const connection: Record<string, number> = {};
  for (const [key, fallback, least] of numbers) {
    const value = given[key] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < least || value > 3_600_000) {
      return E.left(invalidStoreCall(`options.${key}`, `must be a whole number from ${least} to 3600000`));
    }
    connection[key] = value;
  }
  return E.right({ schema, connection: connection as unknown as ConnectionSettings });
}

/** The stores over any SqlClient (the `pg` pool or PGlite). */
export function storesOver(client: SqlClient, schema: string, settings: ConnectionSettings): PostgresStores {
  const names = schemaNames(schema);
  const connection = new PostgresConnection(client, names, settings);
  return {
    store: new PostgresEventStore(connection),
    checkpoints: new PostgresCheckpointStore(connection),
    people: new PostgresPersonRegister(connection),
    keys: new PostgresKeyStore(connection),
    auditTrail: new PostgresAuditTrail(connection),
    schema,
    migrate: () => migrate(client, names),
    transaction: async (work) => {
      try {
        return E.right(await client.transaction(work));
      } catch (error) {
        return E.left(transactionError(error));
      }
    },
    close: () => connection.close(),
  };
}

/**
 * Why a transaction rolled back: the database's or the connection's failure, or the caller's own
 * error thrown out of `work` (an Error with no code: not retryable, its message kept).
 */
function transactionError(error: unknown): StoreError {
  const ownError = error instanceof Error && sqlState(error) === undefined && (error as { code?: unknown }).code === undefined;
  if (!ownError || /connection|terminat/i.test(error.message)) return storeErrorOf(error, "transaction rolled back");
  return { code: "STORE_UNAVAILABLE", message: `transaction rolled back: ${printable(error.message)}`, retryable: false };
}
