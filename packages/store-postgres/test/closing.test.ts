// Closing the store while calls wait for a connection: they are answered at once, as calls to a
// closed store, and were never sent. (pg's pool, ended, leaves a call queued for a connection
// until its connection timeout fires: up to an hour with connectTimeoutMs at its largest.)
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

describe("closing a store over a server", () => {
  it("answers the calls waiting for a connection as closed, without waiting for the connection timeout", async () => {
    // The migration left the pool one idle connection: the calls below queue for it, and close() ends the pool first.
    const stores = await freshStores({ connectTimeoutMs: 3_600_000 });
    schemas.push(stores.schema);
    const calls = [
      stores.store.append("case-closing1", caseEvents(1), "no_stream"),
      stores.store.readAll(),
      stores.store.readStream("case-closing1"),
      stores.checkpoints.get("caseload"),
    ];
    await stores.close();
    for (const answer of await Promise.all(calls)) {
      expect(E.isLeft(answer) && answer.left).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
    }
    const reopened = await freshStores({ schema: stores.schema });
    expect(await reopened.store.readStream("case-closing1")).toEqual(E.right([]));
    await reopened.close();
  }, 20_000);
});
