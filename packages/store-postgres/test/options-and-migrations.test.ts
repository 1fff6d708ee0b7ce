// Bad options are INVALID_STORE_CALL naming the option, never a throw; migrations are applied by
// an explicit call, once, even by two processes at once; a store on an unmigrated or newer schema
// says so; what PostgreSQL cannot store is refused as a bad call, and nothing is written.
import * as E from "fp-ts/lib/Either.js";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { LinkworkEvent } from "@linkwork/core";
import { latestSchemaVersion, postgresStores, pgliteStores } from "../src/index.js";
import { migrations } from "../src/schema/migrations.js";
import { schemaNames } from "../src/schema/schema-names.js";
import { dropSchemas, freshSchema, freshStores, testDatabaseUrl } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

describe("store-postgres options", () => {
  it("answers INVALID_STORE_CALL naming the option", async () => {
    const url = testDatabaseUrl();
    const bad: [unknown, string][] = [
      [{ connectionString: "mysql://x" }, "options.connectionString"],
      [{ connectionString: 42 }, "options.connectionString"],
      [{ connectionString: url, schema: "Linkwork" }, "options.schema"],
      [{ connectionString: url, schema: "a; DROP TABLE x" }, "options.schema"],
      [{ connectionString: url, maxConnections: 0 }, "options.maxConnections"],
      [{ connectionString: url, pollIntervalMs: 0.5 }, "options.pollIntervalMs"],
      [{ connectionString: url, maxAttempts: 0 }, "options.maxAttempts"],
      [null, "options"],
    ];
    for (const [options, path] of bad) {
      const opened = postgresStores(options as never);
      expect(E.isLeft(opened) && opened.left, JSON.stringify(options)).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path }] });
    }
    expect(await pgliteStores({ dataDir: "" })).toMatchObject(
      E.left({ code: "INVALID_STORE_CALL", issues: [{ path: "options.dataDir" }] }),
    );
  });
});

describe("store-postgres migrations", () => {
  it("are applied once, recorded, even when two stores migrate at the same time", async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const open = () => {
      const stores = postgresStores({ connectionString: testDatabaseUrl(), schema, maxConnections: 2 });
      if (E.isLeft(stores)) throw new Error(stores.left.message);
      return stores.right;
    };
    const [one, two] = [open(), open()];
    const reports = await Promise.all([one.migrate(), two.migrate()]);
    const applied = reports.map((report) => (E.isRight(report) ? report.right.applied : ["failed"]));
    expect(applied.flat()).toEqual([1, 2, 3, 4, 5]);
    expect(await one.migrate()).toEqual(E.right({ schema, applied: [], version: latestSchemaVersion }));
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    const recorded = await admin.query(`SELECT version, name FROM ${schema}.schema_migrations`);
    expect(recorded.rows.map((row: { version: number }) => row.version)).toEqual([1, 2, 3, 4, 5]);
    // A schema newer than the package is refused, not touched.
    await admin.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (99, 'from the future')`);
    await admin.end();
    const newer = await one.migrate();
    expect(E.isLeft(newer) && newer.left).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
    expect(E.isLeft(newer) && newer.left.message).toContain("version 99");
    await one.close();
    await two.close();
  });

  it("migration 4 keeps the audit trail of a version 3 schema and lets it hold reads of the person register", async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const names = schemaNames(schema);
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    // The schema as version 3 left it, with one access to a case recorded.
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE TABLE ${names.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    for (const migration of migrations.filter((step) => step.version <= 3)) {
      await admin.query(migration.sql(names));
      await admin.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    }
    await admin.query(
      `INSERT INTO ${names.auditTrail} (at, at_ms, who, role, pcn_id, case_id, action, allowed) VALUES ($1, $2, 'lw_ann1', 'linkWorker', 'U00001', 'case_a1', 'readCase', true)`,
      ["2026-03-01T09:00:00.000Z", Date.parse("2026-03-01T09:00:00.000Z")],
    );
    await admin.end();
    const stores = postgresStores({ connectionString: testDatabaseUrl(), schema });
    if (E.isLeft(stores)) throw new Error(stores.left.message);
    expect(await stores.right.migrate()).toEqual(E.right({ schema, applied: [4, 5], version: latestSchemaVersion }));
    const lookup = {
      at: "2026-03-01T10:00:00.000Z",
      who: "lw_ann1",
      role: "linkWorker",
      pcnId: "U00001",
      action: "lookupPerson",
      personId: "person_p1",
      allowed: true,
    } as const;
    expect(await stores.right.auditTrail.record(lookup)).toEqual(E.right(undefined));
    expect(await stores.right.auditTrail.entries()).toEqual(
      E.right([
        {
          at: "2026-03-01T09:00:00.000Z",
          who: "lw_ann1",
          role: "linkWorker",
          pcnId: "U00001",
          caseId: "case_a1",
          action: "readCase",
          allowed: true,
        },
        lookup,
      ]),
    );
    await stores.right.close();
  });

  it("migration 5 keeps the erased people of a version 4 schema: counted, still erased, and a second destroy does not count", async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const names = schemaNames(schema);
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    // The schema as version 4 left it, with two people erased and one person's key kept.
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE TABLE ${names.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    for (const migration of migrations.filter((step) => step.version <= 4)) {
      await admin.query(migration.sql(names));
      await admin.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    }
    await admin.query(`INSERT INTO ${names.erasedPeople} (person_id) VALUES ('person_e1'), ('person_e2')`);
    await admin.end();
    const stores = postgresStores({ connectionString: testDatabaseUrl(), schema });
    if (E.isLeft(stores)) throw new Error(stores.left.message);
    expect(await stores.right.migrate()).toEqual(E.right({ schema, applied: [5], version: latestSchemaVersion }));
    const { keys } = stores.right;
    const before = await keys.erasures();
    expect(E.isRight(before) && before.right.count).toBe(2);
    // Tombstones from before the column take the migration's time: a time, never null, once someone was erased.
    expect(E.isRight(before) && typeof before.right.lastAt).toBe("string");
    expect(await keys.keysOf("person_e1")).toMatchObject(E.left({ code: "PERSON_ERASED" }));
    expect(await keys.destroy("person_e1")).toEqual(E.right(undefined));
    expect(await keys.erasures()).toEqual(before);
    expect(await keys.destroy("person_e3")).toEqual(E.right(undefined));
    const after = await keys.erasures();
    expect(E.isRight(after) && after.right.count).toBe(3);
    await stores.right.close();
  });

  it("a store used before its schema is migrated says to migrate, and a read does not throw", async () => {
    const stores = postgresStores({ connectionString: testDatabaseUrl(), schema: freshSchema(), maxAttempts: 1 });
    if (E.isLeft(stores)) throw new Error(stores.left.message);
    const answer = await stores.right.store.append("case-nomig-1", caseEvents(1), "no_stream");
    expect(E.isLeft(answer) && answer.left).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
    expect(E.isLeft(answer) && answer.left.message).toContain("apply the migrations first");
    expect(E.isLeft(await stores.right.store.readAll())).toBe(true);
    expect(E.isLeft(await stores.right.checkpoints.get("caseload"))).toBe(true);
    await stores.right.close();
  });
});

describe("store-postgres refuses what PostgreSQL cannot hold", () => {
  it("as INVALID_STORE_CALL naming the field, writing nothing", async () => {
    const stores = await freshStores();
    schemas.push(stores.schema);
    const [event] = caseEvents(1) as [LinkworkEvent];
    const cyclic: Record<string, unknown> = { need: "loneliness" };
    cyclic["self"] = cyclic;
    const bad: [unknown, string][] = [
      [{ ...event, schemaVersion: "1" }, "events[0].schemaVersion"],
      [{ ...event, schemaVersion: 0 }, "events[0].schemaVersion"],
      [{ ...event, data: { big: 10n } }, "events[0].data"],
      [{ ...event, data: cyclic }, "events[0].data"],
    ];
    for (const [wrong, path] of bad) {
      const answer = await stores.store.append("case-bad-json", [wrong as LinkworkEvent], "any");
      expect(E.isLeft(answer) && answer.left, path).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path }] });
    }
    expect(await stores.checkpoints.compareAndSet("nul\u0000name", null, { position: 1n })).toMatchObject(
      E.left({ code: "INVALID_STORE_CALL", issues: [{ path: "name" }] }),
    );
    expect(await stores.checkpoints.compareAndSet("caseload", null, { position: 1n, snapshot: "a\u0000b" })).toMatchObject(
      E.left({ code: "INVALID_STORE_CALL", issues: [{ path: "next.snapshot" }] }),
    );
    // A NUL inside event data is fine: JSON escapes it, and the json column keeps the escape.
    const withNul = { ...event, data: { need: "loneliness", reason: "waiting_list", note: "a\u0000b" } } as unknown as LinkworkEvent;
    expect(E.isRight(await stores.store.append("case-nul-1", [withNul], "no_stream"))).toBe(true);
    const read = await stores.store.readStream("case-nul-1");
    expect(E.isRight(read) && read.right[0]!.event).toEqual(withNul);
    const all = await stores.store.readAll();
    expect(E.isRight(all) && all.right.events.map((recorded) => recorded.streamId)).toEqual(["case-nul-1"]);
    // A page asked for a billion events holds what there is (a page never holds more than 10,000).
    expect(await stores.store.readAll({ maxCount: 1_000_000_000 })).toEqual(all);
    await stores.close();
  });
});
