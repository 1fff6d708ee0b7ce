import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import pg from "pg";
import { inject } from "vitest";
import { postgresStores, type PostgresServerOptions, type PostgresStores } from "../src/index.js";

/** The server of this test run (the global setup's, or DATABASE_URL). */
export function testDatabaseUrl(): string {
  return inject("postgresUrl");
}

/** A schema name no other test uses. */
export function freshSchema(): string {
  return `t_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
}

/** Stores in a fresh, migrated schema of the test server; `dropSchema` removes it afterwards. */
export async function freshStores(
  options: Partial<PostgresServerOptions> = {},
): Promise<PostgresStores & { readonly dropSchema: () => Promise<void> }> {
  const url = options.connectionString ?? testDatabaseUrl();
  const schema = options.schema ?? freshSchema();
  const stores = postgresStores({ maxConnections: 4, ...options, connectionString: url, schema });
  if (E.isLeft(stores)) throw new Error(stores.left.message);
  const migrated = await stores.right.migrate();
  if (E.isLeft(migrated)) throw new Error(migrated.left.message);
  return { ...stores.right, dropSchema: () => dropSchema(url, schema) };
}

/** Drops a test schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
