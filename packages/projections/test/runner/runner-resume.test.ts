import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeHistoryFile, type CheckpointStore, type EventStore } from "@linkwork/core";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import {
  historyFileSource,
  readAllSource,
  startProjectionRunner,
  subscriptionSource,
  type ProjectionRunner,
  type ProjectionSource,
  type ProjectionSourceKind,
} from "../../src/index.js";
import { recordCaseload } from "./runner-caseload.js";
import { allEvents, dyingCheckpointStore, redeliveringStore, tallyOf, tallyProjection } from "./runner-fixtures.js";

let directory = "";
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "linkwork-resume-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** How a runner is killed: stopped after some batches, or its checkpoint store dies after some writes. */
type Kill = { readonly kind: "stop"; readonly afterBatches: number } | { readonly kind: "crash"; readonly afterWrites: number };

const kill: fc.Arbitrary<Kill> = fc.oneof(
  fc.record({ kind: fc.constant("stop" as const), afterBatches: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant("crash" as const), afterWrites: fc.integer({ min: 0, max: 8 }) }),
);

const scenario = fc.record({
  people: fc.integer({ min: 1, max: 5 }),
  rounds: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  source: fc.constantFrom<ProjectionSourceKind>("read-all", "subscription", "history-file"),
  batchSize: fc.integer({ min: 1, max: 8 }),
  /** Batches between checkpoint saves; null leaves it to the runner (by how long saves take). */
  batchesPerCheckpoint: fc.option(fc.integer({ min: 1, max: 3 })),
  /** Redelivered events per read (read-all pages overlap, subscriptions repeat), so resumption meets duplicates too. */
  redeliver: fc.boolean(),
  kills: fc.array(kill, { minLength: 1, maxLength: 4 }),
});

function sourceFor(kind: ProjectionSourceKind, store: EventStore, path: string, redeliver: boolean, batchSize: number): ProjectionSource {
  const feeding = redeliver ? redeliveringStore(store, batchSize - 1) : store;
  switch (kind) {
    case "read-all":
      return readAllSource(feeding);
    case "subscription":
      return subscriptionSource(feeding);
    case "history-file":
      return historyFileSource(path);
  }
}

describe("resuming", () => {
  it("killing the runner anywhere and starting a new one on the same checkpoints gives the state of one uninterrupted pass", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (plan) => {
        const store = memoryEventStore();
        await recordCaseload(store, plan);
        const events = await allEvents(store);
        const path = join(directory, `history-${run++}.ndjson`);
        if (plan.source === "history-file") expect(E.isRight(await writeHistoryFile(store, path))).toBe(true);
        const source = sourceFor(plan.source, store, path, plan.redeliver, plan.batchSize);
        const checkpoints = memoryCheckpointStore();
        // Two snapshotting projections and one without a codec (which rebuilds from the start on every restart).
        const set = () =>
          [tallyProjection(), tallyProjection({ name: "second" }), tallyProjection({ name: "plain", codec: false })] as const;
        const start = (store: CheckpointStore, onProgress?: () => void): ProjectionRunner =>
          startProjectionRunner({
            source,
            projections: set(),
            checkpoints: store,
            batchSize: plan.batchSize,
            ...(plan.batchesPerCheckpoint === null ? {} : { checkpointInterval: plan.batchSize * plan.batchesPerCheckpoint }),
            ...(onProgress === undefined ? {} : { onProgress }),
          });

        for (const death of plan.kills) {
          let runner: ProjectionRunner | undefined;
          let batches = 0;
          runner =
            death.kind === "stop"
              ? start(checkpoints, () => {
                  if (++batches === death.afterBatches) void runner?.stop();
                })
              : start(dyingCheckpointStore(checkpoints, death.afterWrites));
          // Ends one way or another: stopped early, the checkpoint store died, or (a short history) it got to the end.
          const waited = await runner.waitUntilCaughtUp();
          const ended = await runner.stop();
          if (E.isLeft(ended)) expect(ended.left.code).toBe("STORE_FAILED");
          if (E.isLeft(waited)) expect(["STOPPED_BEFORE_CAUGHT_UP", "STORE_FAILED"]).toContain(waited.left.code);
          runner = undefined;
        }

        const projections = set();
        const last = startProjectionRunner({ source, projections, checkpoints, batchSize: plan.batchSize });
        expect(E.isRight(await last.waitUntilCaughtUp())).toBe(true);
        expect(E.isRight(await last.stop())).toBe(true);
        const expected = tallyOf(events);
        expect(expected.outOfOrder).toBe(0);
        for (const projection of projections) expect(last.state(projection)).toEqual(expected);
        const saved = await checkpoints.get("tally@v1");
        expect(E.isRight(saved) && saved.right?.position).toBe(events.length === 0 ? undefined : events[events.length - 1]!.position);
      }),
      { numRuns: 60 },
    );
  });
});
