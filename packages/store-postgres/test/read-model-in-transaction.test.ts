// A read model kept in PostgreSQL moves its rows and its checkpoint in one transaction: after a
// failure between the two, neither moved, so a restarted runner applies no event twice. The read
// model here counts unmet needs by need, in a table of its own beside the store's schema.
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import type { GlobalPosition, RecordedEvent } from "@linkwork/core";
import { readCheckpointIn, saveCheckpointIn, type PostgresStores, type SqlQuery } from "../src/index.js";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

const projection = "unmet-needs-by-need";

/** Applies one page of events: the counts and the checkpoint in one transaction. */
async function applyPage(stores: PostgresStores, events: readonly RecordedEvent[], failBeforeCommit = false) {
  return stores.transaction(async (tx: SqlQuery) => {
    const saved = await readCheckpointIn(tx, stores.schema, projection);
    for (const recorded of events) {
      if (recorded.event.type !== "UnmetNeedRecorded") continue;
      await tx.query(
        `INSERT INTO ${stores.schema}.unmet_needs (need, count) VALUES ($1, 1) ON CONFLICT (need) DO UPDATE SET count = unmet_needs.count + 1`,
        [(recorded.event.data as { need: string }).need],
      );
    }
    const moved = await saveCheckpointIn(tx, stores.schema, projection, saved?.position ?? null, { position: events.at(-1)!.position });
    if (E.isLeft(moved)) throw new Error(moved.left.message);
    if (failBeforeCommit) throw new Error("the process died before the commit");
  });
}

async function counts(stores: PostgresStores): Promise<Record<string, number>> {
  const rows = await stores.transaction((tx) => tx.query(`SELECT need, count FROM ${stores.schema}.unmet_needs ORDER BY need`));
  if (E.isLeft(rows)) throw new Error(rows.left.message);
  return Object.fromEntries(rows.right.map((row) => [row["need"] as string, Number(row["count"])]));
}

describe("a read model kept in PostgreSQL", () => {
  it("writes its rows and its checkpoint together, or neither", async () => {
    const stores = await freshStores();
    schemas.push(stores.schema);
    expect(
      E.isRight(
        await stores.transaction((tx) =>
          tx.execute(`CREATE TABLE ${stores.schema}.unmet_needs (need text PRIMARY KEY, count integer NOT NULL)`),
        ),
      ),
    ).toBe(true);
    for (let index = 0; index < 3; index++)
      expect(E.isRight(await stores.store.append(`case-rm-${index}`, caseEvents(2), "no_stream"))).toBe(true);
    const all = await stores.store.readAll();
    if (E.isLeft(all)) throw new Error(all.left.message);
    const [first, second] = [all.right.events.slice(0, 4), all.right.events.slice(4)];

    expect(E.isRight(await applyPage(stores, first))).toBe(true);
    expect(await counts(stores)).toEqual({ loneliness: 4 });
    // The second page fails after writing its rows and moving the checkpoint: both roll back.
    const failed = await applyPage(stores, second, true);
    expect(E.isLeft(failed) && failed.left).toMatchObject({
      code: "STORE_UNAVAILABLE",
      message: "transaction rolled back: the process died before the commit",
    });
    expect(await counts(stores)).toEqual({ loneliness: 4 });
    const saved = await stores.checkpoints.get(projection);
    const checkpoint: GlobalPosition | undefined = E.isRight(saved) ? saved.right?.position : undefined;
    expect(checkpoint).toBe(first.at(-1)!.position);
    // A restarted runner resumes after the checkpoint and counts each event once.
    const rest = await stores.store.readAll({ after: checkpoint! });
    expect(E.isRight(rest) && rest.right.events).toEqual(second);
    expect(E.isRight(await applyPage(stores, second))).toBe(true);
    expect(await counts(stores)).toEqual({ loneliness: 6 });
    // Another runner holding a stale checkpoint is refused, and its rows roll back with it.
    const stale = await stores.transaction(async (tx) => {
      await tx.query(`UPDATE ${stores.schema}.unmet_needs SET count = count + 100`);
      const moved = await saveCheckpointIn(tx, stores.schema, projection, first.at(-1)!.position, { position: second.at(-1)!.position });
      if (E.isLeft(moved)) throw new Error(moved.left.code);
    });
    expect(E.isLeft(stale) && stale.left.message).toContain("CHECKPOINT_CONFLICT");
    expect(await counts(stores)).toEqual({ loneliness: 6 });
    await stores.close();
  });

  it("answers a snapshot PostgreSQL text cannot hold as a bad call, not a throw, inside the transaction", async () => {
    const stores = await freshStores();
    schemas.push(stores.schema);
    const answers = await stores.transaction(async (tx) => [
      await saveCheckpointIn(tx, stores.schema, projection, null, { position: 1n, snapshot: "{\u0000}" }),
      await saveCheckpointIn(tx, stores.schema, `${projection}\ud800`, null, { position: 1n }),
    ]);
    expect(E.isRight(answers) && answers.right).toMatchObject([
      { left: { code: "INVALID_STORE_CALL", issues: [{ path: "next.snapshot" }] } },
      { left: { code: "INVALID_STORE_CALL", issues: [{ path: "name" }] } },
    ]);
    expect(await stores.checkpoints.get(projection)).toEqual(E.right(null));
    await stores.close();
  });
});
