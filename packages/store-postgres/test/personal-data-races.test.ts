// Two processes (two stores with pools of their own, one schema) racing on the same people: an
// erasure racing new keys leaves no key behind, whatever the interleaving, and one NHS number
// registered by both at once is registered once, the loser told who holds it.
import { randomBytes } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { arbitraryPersonDetails } from "@linkwork/core/testing";
import fc from "fast-check";
import { postgresStores, type PostgresStores } from "../src/index.js";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

/** A first store on a fresh migrated schema and a second one, as another process would open it. */
async function twoProcesses(): Promise<[PostgresStores, PostgresStores]> {
  const first = await freshStores({ maxConnections: 4 });
  schemas.push(first.schema);
  const second = postgresStores({ connectionString: testDatabaseUrl(), schema: first.schema, maxConnections: 4 });
  if (E.isLeft(second)) throw new Error(second.left.message);
  return [first, second.right];
}

const wrapped = () => randomBytes(60).toString("base64");

describe("store-postgres personal data under concurrent processes", () => {
  it("an erasure racing new keys of the same person leaves no key row, and later adds are refused", async () => {
    const [one, two] = await twoProcesses();
    const people = Array.from({ length: 20 }, (_, index) => `person_race${index}`);
    await Promise.all(
      people.flatMap((personId) => [
        one.keys.add({ personId, version: 1, kekId: "kek-1", wrapped: wrapped() }),
        two.keys.destroy(personId),
        one.keys.add({ personId, version: 2, kekId: "kek-1", wrapped: wrapped() }),
      ]),
    );
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    const left = await client.query(`SELECT count(*)::int AS n FROM ${one.schema}.data_keys`);
    await client.end();
    expect(left.rows[0]).toEqual({ n: 0 });
    for (const personId of people) {
      const added = await two.keys.add({ personId, version: 3, kekId: "kek-1", wrapped: wrapped() });
      expect(E.isLeft(added) && added.left.code).toBe("PERSON_ERASED");
    }
    await one.close();
    await two.close();
  });

  it("one NHS number registered by two processes at once is registered once; the other is told who holds it", async () => {
    const [one, two] = await twoProcesses();
    await fc.assert(
      fc.asyncProperty(arbitraryPersonDetails(), async (details) => {
        const [a, b] = await Promise.all([one.people.register(details), two.people.register(details)]);
        const won = [a, b].filter(E.isRight);
        const lost = [a, b].filter(E.isLeft);
        expect(won).toHaveLength(1);
        expect(lost[0]?.left).toMatchObject({ code: "ALREADY_REGISTERED", personId: won[0]?.right.personId });
        expect(E.isRight(await one.people.erase(won[0]!.right.personId))).toBe(true);
      }),
      { numRuns: 15 },
    );
    await one.close();
    await two.close();
  });
});
