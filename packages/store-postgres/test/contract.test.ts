// The core's store contract against the PostgreSQL server of this test run (a throwaway one the
// global setup starts, or DATABASE_URL). Each store gets a fresh schema; all are dropped at the end.
import { afterAll } from "vitest";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

describeEventStoreContract(
  "store-postgres over a server",
  async () => {
    const stores = await freshStores();
    schemas.push(stores.schema);
    return { store: stores.store, checkpoints: stores.checkpoints };
  },
  { modelRuns: 15, maxOperations: 25, writers: 8 },
);
