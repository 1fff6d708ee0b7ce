// The core's store contract against PostgreSQL: the server of this test run (a throwaway one the
// global setup starts, or DATABASE_URL), and PGlite in this process. Each store gets a fresh
// schema, dropped after it.
import { PGlite } from "@electric-sql/pglite";
import * as E from "fp-ts/lib/Either.js";
import { afterAll } from "vitest";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { pgliteStores } from "../src/index.js";
import { freshSchema, freshStores } from "../test-support/test-database.js";

describeEventStoreContract(
  "store-postgres over a server",
  async () => {
    const stores = await freshStores();
    return { store: stores.store, checkpoints: stores.checkpoints, dispose: stores.dropSchema };
  },
  { modelRuns: 15, maxOperations: 25, writers: 8 },
);

// One PGlite for the file (starting one takes about a second), a schema per store.
let embedded: PGlite | undefined;
afterAll(async () => {
  await embedded?.close();
});

describeEventStoreContract(
  "store-postgres over PGlite",
  async () => {
    embedded ??= await PGlite.create();
    const database = embedded;
    const schema = freshSchema();
    const stores = await pgliteStores({ database, schema });
    if (E.isLeft(stores)) throw new Error(stores.left.message);
    const migrated = await stores.right.migrate();
    if (E.isLeft(migrated)) throw new Error(migrated.left.message);
    return {
      store: stores.right.store,
      checkpoints: stores.right.checkpoints,
      dispose: async () => {
        await database.exec(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  },
  { modelRuns: 15, maxOperations: 25, writers: 8 },
);
