// The same store and SQL over PGlite persisting to a folder: the whole contract (a schema per
// store, in one database, as starting PGlite takes seconds), then the folder reopened by a new
// PGlite still holds what was written.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { latestSchemaVersion, pgliteStores, type PostgresStores } from "../src/index.js";
import { freshSchema } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";

const folder = mkdtempSync(join(tmpdir(), "linkwork-pglite-"));
let shared: PGlite | undefined;
afterAll(async () => {
  await shared?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function openStores(options: Parameters<typeof pgliteStores>[0]): Promise<PostgresStores> {
  const stores = await pgliteStores(options);
  if (E.isLeft(stores)) throw new Error(stores.left.message);
  const migrated = await stores.right.migrate();
  if (E.isLeft(migrated)) throw new Error(migrated.left.message);
  return stores.right;
}

describeEventStoreContract(
  "store-postgres over PGlite",
  async () => {
    shared ??= await PGlite.create({ dataDir: join(folder, "contract") });
    const stores = await openStores({ database: shared, schema: freshSchema() });
    return { store: stores.store, checkpoints: stores.checkpoints };
  },
  { modelRuns: 15, maxOperations: 25, writers: 8 },
);

describe("store-postgres over PGlite in a folder", () => {
  it("keeps events and checkpoints when the folder is opened again", async () => {
    // The contract's database is closed first: one PGlite at a time may hold a folder.
    await shared?.close();
    shared = undefined;
    const dataDir = join(folder, "contract");
    const first = await openStores({ dataDir, schema: "kept" });
    const events = caseEvents(3);
    const appended = await first.store.append("case-kept-1", events, "no_stream");
    expect(E.isRight(appended)).toBe(true);
    expect(E.isRight(await first.checkpoints.compareAndSet("caseload", null, { position: 7n, snapshot: "{}" }))).toBe(true);
    await first.close();

    const again = await openStores({ dataDir, schema: "kept" });
    const read = await again.store.readStream("case-kept-1");
    expect(E.isRight(read) && read.right.map((recorded) => recorded.event)).toEqual(events);
    expect(await again.checkpoints.get("caseload")).toEqual(E.right({ position: 7n, snapshot: "{}" }));
    // Migrating an up-to-date schema applies nothing.
    expect(await again.migrate()).toEqual(E.right({ schema: "kept", applied: [], version: latestSchemaVersion }));
    await again.close();
  });

  it("refuses a second opening of a folder while it is open, which would corrupt it, and takes over a dead process's lock", async () => {
    const dataDir = join(folder, "locked");
    const first = await openStores({ dataDir, schema: "locked" });
    const second = await pgliteStores({ dataDir, schema: "locked" });
    expect(E.isLeft(second) && second.left).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
    expect(E.isLeft(second) && second.left.message).toContain(`process ${process.pid}`);
    // A second close() made while the first runs resolves when the stores are closed: the folder is free.
    void first.close();
    await first.close();
    expect(existsSync(`${dataDir}.linkwork-lock`)).toBe(false);
    // A lock left by a process that has ended (killed before it could close) does not keep the folder shut.
    const ended = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(`${dataDir}.linkwork-lock`, String(ended));
    const reopened = await openStores({ dataDir, schema: "locked" });
    expect(await reopened.migrate()).toEqual(E.right({ schema: "locked", applied: [], version: latestSchemaVersion }));
    await reopened.close();
    expect(existsSync(`${dataDir}.linkwork-lock`)).toBe(false);
  });
});
