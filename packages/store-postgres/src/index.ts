// The public API of @linkwork/store-postgres, one named export at a time.

/** The stores over a PostgreSQL server (the `pg` driver). */
export { postgresStores } from "./postgres-server.js";
/** Options of `postgresStores`: the connection string, pool size and the shared settings. */
export type { PostgresServerOptions } from "./postgres-server.js";
/** The same stores over PGlite in this process, in memory or persisted to a folder. */
export { pgliteStores } from "./pglite-stores.js";
/** Options of `pgliteStores`: the data folder (or an open PGlite) and the shared settings. */
export type { PgliteOptions } from "./pglite-stores.js";
/** The stores over one database and schema, with `migrate()`, `transaction()` and `close()`. */
export type { PostgresStores } from "./postgres-stores.js";
/** Settings both forms take: schema, retries, polling, how long readers wait for older transactions. */
export type { PostgresStoreSettings } from "./postgres-stores.js";
/** What `migrate()` applied and the schema's version now. */
export type { MigrationReport } from "./schema/migrate.js";
/** The newest schema version this package ships. */
export { latestSchemaVersion } from "./schema/migrations.js";
/** Moves a checkpoint inside a transaction of `PostgresStores.transaction`, with a read model's rows. */
export { saveCheckpointIn } from "./checkpoints/checkpoint-in-transaction.js";
/** Reads a checkpoint inside a transaction of `PostgresStores.transaction`. */
export { readCheckpointIn } from "./checkpoints/checkpoint-in-transaction.js";
/** Runs statements inside `PostgresStores.transaction`. */
export type { SqlQuery } from "./sql/sql-client.js";
/** A row as a statement answers it. */
export type { Row } from "./sql/sql-client.js";
