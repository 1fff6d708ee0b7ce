// The core's person register, key store and audit trail contracts against both forms of the store: the
// PostgreSQL server of this test run and PGlite in memory. Every fixture is a fresh, migrated
// schema (dropped at the end), so each test and each property run starts empty.
import { PGlite } from "@electric-sql/pglite";
import * as E from "fp-ts/lib/Either.js";
import { afterAll } from "vitest";
import {
  describeAuditTrailContract,
  describeKeyStoreContract,
  describePersonRegisterContract,
  type KeyStoreContractFixture,
} from "@linkwork/core/testing";
import { pgliteStores, type PostgresStores } from "../src/index.js";
import { dropSchemas, freshSchema, freshStores, testDatabaseUrl } from "../test-support/test-database.js";

const schemas: string[] = [];
let shared: PGlite | undefined;
afterAll(async () => {
  await dropSchemas(testDatabaseUrl(), schemas);
  await shared?.close();
});

async function onServer(): Promise<PostgresStores> {
  const stores = await freshStores({ maxConnections: 2 });
  schemas.push(stores.schema);
  return stores;
}

/** Stores in a fresh schema of one in-memory PGlite (starting PGlite takes a second or more). */
async function onPglite(schema = freshSchema()): Promise<PostgresStores> {
  shared ??= await PGlite.create();
  const stores = await pgliteStores({ database: shared, schema });
  if (E.isLeft(stores)) throw new Error(stores.left.message);
  const migrated = await stores.right.migrate();
  if (E.isLeft(migrated)) throw new Error(migrated.left.message);
  return stores.right;
}

/** The key store of fresh stores, and a second one over the same schema (another process's, on its own connection). */
async function keysOnServer(): Promise<KeyStoreContractFixture> {
  const stores = await onServer();
  return { keys: stores.keys, sameStorage: async () => (await freshStores({ maxConnections: 2, schema: stores.schema })).keys };
}

async function keysOnPglite(): Promise<KeyStoreContractFixture> {
  const stores = await onPglite();
  return { keys: stores.keys, sameStorage: async () => (await onPglite(stores.schema)).keys };
}

describePersonRegisterContract("store-postgres over a server", async () => ({ register: (await onServer()).people }), { runs: 10 });
describeKeyStoreContract("store-postgres over a server", keysOnServer, { modelRuns: 10 });
describePersonRegisterContract("store-postgres over PGlite", async () => ({ register: (await onPglite()).people }), { runs: 10 });
describeKeyStoreContract("store-postgres over PGlite", keysOnPglite, { modelRuns: 10 });
describeAuditTrailContract("store-postgres over a server", async () => ({ trail: (await onServer()).auditTrail }), { modelRuns: 10 });
describeAuditTrailContract("store-postgres over PGlite", async () => ({ trail: (await onPglite()).auditTrail }), { modelRuns: 10 });
