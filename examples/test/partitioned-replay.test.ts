// Issue 16, beyond one machine: three consumer processes (examples/partitioned-replay/consume.ts), each a
// filtered catch-up subscription to the EventStoreDB test server holding partition I of 3, checkpoint
// and snapshot kept in the server; merge.ts then merges them from the server's checkpoints alone. The
// merged figures must be a one-pass replay's of the same store.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergePartitions, mergeStoredPartitions } from "@linkwork/projections";
import { simulate } from "@linkwork/simulation";
import { eventStoreDb, type EventStoreDb } from "@linkwork/store-eventstore";
import { startTestServer, type TestServer } from "../../packages/store-eventstore/test-support/index.js";
import { figures, partitionedReadModels } from "../partitioned-replay/read-models.js";

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the example's programs in a Node process of its own, as a user would. */
function run(program: "consume.ts" | "merge.ts", args: readonly string[]): Promise<Finished> {
  const entry = fileURLToPath(new URL(`../partitioned-replay/${program}`, import.meta.url));
  const child = spawn(process.execPath, ["--conditions=@linkwork/source", "--import", "tsx", entry, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** The one-pass states of the example's read models over the whole store, applied in a plain loop. */
async function onePass(db: EventStoreDb) {
  const models = partitionedReadModels();
  const states = models.all.map((projection) => projection.initialState());
  let events = 0;
  let position: bigint | null = null;
  for (;;) {
    const page = await db.store.readAll(position === null ? { maxCount: 1000 } : { after: position, maxCount: 1000 });
    if (E.isLeft(page)) throw new Error(page.left.message);
    for (const event of page.right.events) {
      models.all.forEach((projection, at) => (states[at] = projection.apply(states[at] as never, event)));
      position = event.position;
      events += 1;
    }
    if (page.right.isEnd || page.right.events.length === 0) break;
  }
  return { models, events, position, states };
}

describe("a partitioned replay by three consumer processes over EventStoreDB", () => {
  let server: TestServer;
  let db: EventStoreDb;

  beforeAll(async () => {
    server = await startTestServer();
    const connected = eventStoreDb({ connectionString: server.connectionString });
    if (E.isLeft(connected)) throw new Error(connected.left.message);
    db = connected.right;
    // Three months of one PCN: a few hundred people, every kind of event, small enough for the server's 1 MiB appends.
    const simulated = await simulate({ seed: 16, pcns: 1, months: 3 }, { store: db.store });
    if (E.isLeft(simulated)) throw new Error(simulated.left.message);
  }, 180_000);

  afterAll(async () => {
    await db.close();
    await server.stop();
  });

  it("merges from the server's checkpoints into the one-pass figures; refuses before every partition has run", async () => {
    const before = await run("merge.ts", [server.connectionString, "3"]);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/partition 1 of 3 has no checkpoint/);

    const consumers = await Promise.all([1, 2, 3].map((index) => run("consume.ts", [server.connectionString, `${String(index)}/3`])));
    consumers.forEach((consumer, at) => {
      expect(consumer.stderr, `consumer ${String(at + 1)}`).toMatch(
        new RegExp(`partition ${String(at + 1)} of 3: stopped at position \\d+`),
      );
      expect(consumer.code, `consumer ${String(at + 1)}`).toBe(0);
    });

    const single = await onePass(db);
    expect(single.events).toBeGreaterThan(1000);
    const merged = await run("merge.ts", [server.connectionString, "3"]);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(0);
    const printed = JSON.parse(merged.stdout) as { position: string; figures: unknown };
    expect(printed.position).toBe(String(single.position));
    expect(printed.figures).toEqual(JSON.parse(JSON.stringify(figures(single.models, single.states))));

    // The states themselves, not only the figures printed: the one-pass state in merged form (through
    // the snapshot codecs, as the consumers' states came).
    const stored = await mergeStoredPartitions(db.checkpoints, single.models.all, 3);
    const roundTripped = single.states.map((state, at) => {
      const codec = single.models.all[at]!.codec!;
      const decoded = codec.decode(codec.encode(state as never));
      if (E.isLeft(decoded)) throw new Error(decoded.left);
      return decoded.right;
    });
    expect(E.isRight(stored) && stored.right.states).toEqual(mergePartitions(single.models.all, [roundTripped]));
  }, 300_000);
  it("keeps the checkpoints in PostgreSQL when told (a PGlite folder here, the consumers one after another)", async () => {
    const folder = await mkdtemp(join(tmpdir(), "linkwork-partition-checkpoints-"));
    try {
      const place = join(folder, "pglite");
      for (const index of [1, 2]) {
        const consumer = await run("consume.ts", [server.connectionString, `${String(index)}/2`, "--checkpoints", place]);
        expect(consumer.stderr).toMatch(new RegExp(`partition ${String(index)} of 2: stopped at position \\d+`));
        expect(consumer.code).toBe(0);
      }
      const single = await onePass(db);
      const merged = await run("merge.ts", [server.connectionString, "2", "--checkpoints", place]);
      expect(merged.code).toBe(0);
      const printed = JSON.parse(merged.stdout) as { position: string; figures: unknown };
      expect(printed.position).toBe(String(single.position));
      expect(printed.figures).toEqual(JSON.parse(JSON.stringify(figures(single.models, single.states))));
      // Nothing of these consumers went to the event store's own checkpoint streams.
      const inStore = await mergeStoredPartitions(db.checkpoints, single.models.all, 2);
      expect(inStore).toEqual(E.left(expect.objectContaining({ code: "PARTITION_MISSING", partition: 1 })));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 300_000);
});
