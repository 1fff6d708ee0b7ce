// What the person register and key store leave in the database, read with plain SQL beside the
// store: an erased person's rows are deleted, not marked; keys are held wrapped only; and a schema
// made by migration 1 (events written) is upgraded to 2 without losing them.
import * as E from "fp-ts/lib/Either.js";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { dataKeys, newKeyEncryptionKey } from "@linkwork/core/personal-data";
import { latestSchemaVersion, postgresStores } from "../src/index.js";
import { migrations } from "../src/schema/migrations.js";
import { schemaNames } from "../src/schema/schema-names.js";
import { dropSchemas, freshSchema, freshStores, testDatabaseUrl } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

/** Runs `work` over a connection of its own, as an operator's psql would. */
async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every row of a table as one text, to look for a value anywhere in it. */
async function tableText(schema: string, table: string): Promise<string> {
  return admin(async (client) => {
    const rows = await client.query<{ all: string | null }>(`SELECT string_agg(t::text, ' ') AS all FROM ${schema}.${table} t`);
    return rows.rows[0]?.all ?? "";
  });
}

const jane = {
  nhsNumber: "943 476 5919",
  name: { given: "Jane", family: "Smith" },
  dateOfBirth: "1950-01-01",
  contact: { phone: "07700 900123" },
};

describe("store-postgres personal data at rest", () => {
  it("erasing a person deletes their register row and destroying their keys deletes the key rows", async () => {
    const stores = await freshStores();
    schemas.push(stores.schema);
    const registered = await stores.people.register(jane);
    if (E.isLeft(registered)) throw new Error(registered.left.message);
    const { personId } = registered.right;
    const keys = dataKeys(stores.keys, { current: newKeyEncryptionKey("kek-1") });
    const key = await keys.sealingKey(personId);
    if (E.isLeft(key)) throw new Error(key.left.message);
    const other = await stores.people.register({ ...jane, nhsNumber: "4010232137", name: { given: "Ann", family: "Jones" } });
    expect(E.isRight(other)).toBe(true);

    // Held: the details in the register, the key only wrapped (neither its base64 nor its hex).
    expect(await tableText(stores.schema, "people")).toContain("9434765919");
    const keyRows = await tableText(stores.schema, "data_keys");
    expect(keyRows).toContain(personId);
    expect(keyRows).not.toContain(key.right.key.toString("base64"));
    expect(keyRows).not.toContain(key.right.key.toString("hex"));

    expect(await stores.people.erase(personId)).toEqual(E.right({ erased: true }));
    expect(E.isRight(await keys.destroy(personId))).toBe(true);
    const people = await tableText(stores.schema, "people");
    expect(people).not.toContain("9434765919");
    expect(people).not.toContain("Jane");
    expect(people).toContain("4010232137");
    expect(await tableText(stores.schema, "data_keys")).toBe("");
    // What stays is the tombstone: the pseudonym, which no longer leads to anyone, and when it was erased.
    expect(await tableText(stores.schema, "erased_people")).toMatch(new RegExp(`^\\(${personId},"\\d{4}-\\d{2}-\\d{2} [0-9:.+]+"\\)$`));
    await stores.close();
  });

  it("a row changed by hand so that its details no longer validate is answered as REGISTER_UNAVAILABLE, never handed on", async () => {
    const stores = await freshStores();
    schemas.push(stores.schema);
    const registered = await stores.people.register(jane);
    if (E.isLeft(registered)) throw new Error(registered.left.message);
    await admin((client) =>
      client.query(`UPDATE ${stores.schema}.people SET details = $1::json`, [
        JSON.stringify({ ...jane, nhsNumber: "9434765919", dateOfBirth: "1 Jan 1950" }),
      ]),
    );
    for (const answer of [await stores.people.get(registered.right.personId), await stores.people.findByNhsNumber("9434765919")]) {
      expect(E.isLeft(answer) && answer.left).toMatchObject({ code: "REGISTER_UNAVAILABLE", retryable: false });
      expect(JSON.stringify(answer)).not.toContain("1950");
    }
    await stores.close();
  });

  it("upgrades a schema at version 1 to the latest, keeping its events; a second migrate applies nothing", async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const names = schemaNames(schema);
    // The schema as the previous release left it: migration 1 only, recorded.
    await admin(async (client) => {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(
        `CREATE TABLE ${names.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      await client.query(migrations[0]!.sql(names));
      await client.query(`INSERT INTO ${names.migrations} (version, name) VALUES (1, $1)`, [migrations[0]!.name]);
    });
    const opened = postgresStores({ connectionString: testDatabaseUrl(), schema, maxConnections: 2 });
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    const stores = opened.right;
    // Before the upgrade the event store works and the register says to migrate.
    const events = caseEvents(2);
    expect(E.isRight(await stores.store.append("case-old-1", events, "no_stream"))).toBe(true);
    const early = await stores.people.findByNhsNumber("9434765919");
    expect(E.isLeft(early) && early.left).toMatchObject({ code: "REGISTER_UNAVAILABLE", retryable: false });

    expect(await stores.migrate()).toEqual(E.right({ schema, applied: [2, 3, 4, 5], version: latestSchemaVersion }));
    expect(await stores.migrate()).toEqual(E.right({ schema, applied: [], version: latestSchemaVersion }));
    const read = await stores.store.readStream("case-old-1");
    expect(E.isRight(read) && read.right.map((recorded) => recorded.event)).toEqual(events);
    expect(E.isRight(await stores.people.register(jane))).toBe(true);
    await stores.close();
  });
});
