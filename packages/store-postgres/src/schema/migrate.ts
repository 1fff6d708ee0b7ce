import * as E from "fp-ts/lib/Either.js";
import { type StoreError } from "@linkwork/core";
import type { SqlClient } from "../sql/sql-client.js";
import { storeErrorOf } from "../sql/sql-errors.js";
import { latestSchemaVersion, migrations } from "./migrations.js";
import { type SchemaNames } from "./schema-names.js";

/** What `migrate` did. */
export interface MigrationReport {
  readonly schema: string;
  /** Versions applied by this call, in order (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema's version now. */
  readonly version: number;
}

/**
 * Brings the schema up to the latest version, in one transaction under an advisory lock, so two
 * processes migrating at once apply each step once and a failed step leaves nothing half done.
 * Safe to run any number of times. A schema newer than this package is refused, not touched.
 */
export async function migrate(client: SqlClient, names: SchemaNames): Promise<E.Either<StoreError, MigrationReport>> {
  try {
    return await client.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`linkwork-migrations/${names.schema}`]);
      await tx.execute(
        `CREATE SCHEMA IF NOT EXISTS ${names.schema};
         CREATE TABLE IF NOT EXISTS ${names.migrations} (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`,
      );
      const rows = await tx.query(`SELECT version FROM ${names.migrations} ORDER BY version`);
      const done = new Set(rows.map((row) => Number(row["version"])));
      const newest = Math.max(0, ...done);
      if (newest > latestSchemaVersion) {
        return E.left<StoreError, MigrationReport>({
          code: "STORE_UNAVAILABLE",
          message: `schema ${names.schema} is at version ${newest}, newer than this package knows (${latestSchemaVersion}): upgrade @linkwork/store-postgres`,
          retryable: false,
        });
      }
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await tx.execute(migration.sql(names));
        await tx.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        applied.push(migration.version);
      }
      return E.right({ schema: names.schema, applied, version: latestSchemaVersion });
    });
  } catch (error) {
    return E.left(storeErrorOf(error, `migrate schema ${names.schema}`));
  }
}
