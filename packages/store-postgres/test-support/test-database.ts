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

/**
 * Stores in a fresh, migrated schema of the test server; `dropSchema` removes it. (A test file
 * with many stores may rather collect the schemas and drop them in one go, `dropSchemas`.)
 */
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
export function dropSchema(url: string, schema: string): Promise<void> {
  return dropSchemas(url, [schema]);
}

/** Drops test schemas and everything in them, over one connection. */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
