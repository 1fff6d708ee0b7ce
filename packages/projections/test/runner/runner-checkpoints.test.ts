import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore } from "@linkwork/core";
import { describe, expect, it } from "vitest";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import { checkpointName, readAllSource, startProjectionRunner, subscriptionSource, type ProjectionRunner } from "../../src/index.js";
import { recordCaseload } from "./runner-caseload.js";
import { allEvents, redeliveringStore, tallyCodec, tallyOf, tallyProjection } from "./runner-fixtures.js";

async function caseloadStore(people = 12, rounds = 1, seed = 7) {
  const store = memoryEventStore();
  const recorded = await recordCaseload(store, { people, rounds, seed });
  expect(recorded.refused).toBe(0);
  return store;
}

function right<L, R>(result: E.Either<L, R>): R {
  if (E.isLeft(result))
    throw new Error(
      `expected Right, got ${JSON.stringify(result.left, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))}`,
    );
  return result.right;
}

describe("checkpoints", () => {
  it("saves each projection's position and snapshot under name@vVERSION by the end of a run", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const checkpoints = memoryCheckpointStore();
    const tally = tallyProjection();
    const runner = startProjectionRunner({ source: readAllSource(store), projections: [tally], checkpoints, batchSize: 25 });
    const status = right(await runner.done);
    expect(status).toMatchObject({ phase: "finished", caughtUp: true, eventsApplied: events.length, duplicatesSkipped: 0 });
    expect(checkpointName(tally)).toBe("tally@v1");
    const saved = right(await checkpoints.get("tally@v1"));
    expect(saved?.position).toBe(events[events.length - 1]!.position);
    expect(right(tallyCodec.decode(saved!.snapshot!))).toEqual(tallyOf(events));
  });

  it("resumes from the checkpoint: a second runner applies only what came after it", async () => {
    const store = await caseloadStore();
    const checkpoints = memoryCheckpointStore();
    right(await startProjectionRunner({ source: readAllSource(store), projections: [tallyProjection()], checkpoints }).done);
    await recordCaseload(store, { people: 12, rounds: 2, seed: 7 }); // round 0 again is refused as duplicate commands; round 1 is new
    const events = await allEvents(store);
    const before = right(await checkpoints.get("tally@v1"))!.position;
    const newer = events.filter((recorded) => recorded.position > before).length;
    expect(newer).toBeGreaterThan(0);

    const tally = tallyProjection();
    const second = startProjectionRunner({ source: readAllSource(store), projections: [tally], checkpoints });
    const status = right(await second.done);
    expect(status.eventsApplied).toBe(newer);
    expect(second.state(tally)).toEqual(tallyOf(events));
  });

  it("gives redelivered events no effect (read-all pages that overlap, subscriptions that repeat batches)", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const expected = tallyOf(events);

    const paged = tallyProjection();
    const overlapping = startProjectionRunner({
      source: readAllSource(redeliveringStore(store, 5)),
      projections: [paged],
      checkpoints: memoryCheckpointStore(),
      batchSize: 20,
    });
    const pagedStatus = right(await overlapping.done);
    expect(pagedStatus.duplicatesSkipped).toBeGreaterThan(0);
    expect(pagedStatus.eventsApplied).toBe(events.length);
    expect(overlapping.state(paged)).toEqual(expected);

    const live = tallyProjection();
    const repeating = startProjectionRunner({
      source: subscriptionSource(redeliveringStore(store, 0)),
      projections: [live],
      checkpoints: memoryCheckpointStore(),
      batchSize: 20,
    });
    right(await repeating.waitUntilCaughtUp());
    const liveStatus = right(await repeating.stop());
    expect(liveStatus.duplicatesSkipped).toBeGreaterThan(0);
    expect(liveStatus.eventsApplied).toBe(events.length);
    expect(repeating.state(live)).toEqual(expected);
    expect(repeating.state(live)!.outOfOrder).toBe(0);
  });

  it("skips events at or below a projection's checkpoint even when the source delivers them again", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const checkpoints = memoryCheckpointStore();
    // Half the history applied and saved by hand, as an earlier run would have.
    const half = events.slice(0, Math.floor(events.length / 2));
    right(
      await checkpoints.compareAndSet("tally@v1", null, {
        position: half[half.length - 1]!.position,
        snapshot: tallyCodec.encode(tallyOf(half)),
      }),
    );
    // A second projection of the set starts from nothing, so the runner reads from the start: the first must pass over its half.
    const tally = tallyProjection();
    const fresh = tallyProjection({ name: "fresh" });
    const runner = startProjectionRunner({ source: readAllSource(store), projections: [tally, fresh], checkpoints, batchSize: 16 });
    const status = right(await runner.done);
    expect(status.eventsApplied).toBe(events.length);
    expect(runner.state(tally)).toEqual(tallyOf(events));
    expect(runner.state(fresh)).toEqual(tallyOf(events));
  });

  it("rebuilds from the start when the projection's version is bumped, leaving the old version's checkpoint alone", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const checkpoints = memoryCheckpointStore();
    right(await startProjectionRunner({ source: readAllSource(store), projections: [tallyProjection({ version: 1 })], checkpoints }).done);
    const v1 = right(await checkpoints.get("tally@v1"));

    const v2 = tallyProjection({ version: 2 });
    const runner = startProjectionRunner({ source: readAllSource(store), projections: [v2], checkpoints });
    const status = right(await runner.done);
    expect(status.eventsApplied).toBe(events.length);
    expect(runner.state(v2)).toEqual(tallyOf(events));
    expect(right(await checkpoints.get("tally@v2"))?.position).toBe(events[events.length - 1]!.position);
    expect(right(await checkpoints.get("tally@v1"))).toEqual(v1);
  });

  it("rebuilds from the start after a restart when the projection has no codec", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const checkpoints = memoryCheckpointStore();
    right(
      await startProjectionRunner({ source: readAllSource(store), projections: [tallyProjection({ codec: false })], checkpoints }).done,
    );
    const saved = right(await checkpoints.get("tally@v1"));
    expect(saved).toEqual({ position: events[events.length - 1]!.position });

    const again = tallyProjection({ codec: false });
    const runner = startProjectionRunner({ source: readAllSource(store), projections: [again], checkpoints, batchSize: 10 });
    const status = right(await runner.done);
    expect(status.eventsApplied).toBe(events.length);
    expect(runner.state(again)).toEqual(tallyOf(events));
    expect(right(await checkpoints.get("tally@v1"))?.position).toBe(events[events.length - 1]!.position);
  });

  it("saves positions only with snapshots: false, so a restart rebuilds a projection that has a codec", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const checkpoints = memoryCheckpointStore();
    const first = tallyProjection();
    const onePass = startProjectionRunner({ source: readAllSource(store), projections: [first], checkpoints, snapshots: false });
    right(await onePass.done);
    expect(onePass.state(first)).toEqual(tallyOf(events));
    expect(right(await checkpoints.get("tally@v1"))).toEqual({ position: events[events.length - 1]!.position });

    const again = tallyProjection();
    const runner = startProjectionRunner({ source: readAllSource(store), projections: [again], checkpoints, batchSize: 10 });
    expect(right(await runner.done).eventsApplied).toBe(events.length);
    expect(runner.state(again)).toEqual(tallyOf(events));
    // Snapshots are back by default.
    expect(right(await checkpoints.get("tally@v1"))?.snapshot).toBeDefined();

    const refused = await startProjectionRunner({
      source: readAllSource(store),
      projections: [tallyProjection()],
      checkpoints,
      snapshots: "no" as unknown as boolean,
    }).done;
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: "INVALID_RUNNER_OPTIONS", issues: [{ path: "snapshots" }] });
  });

  it("stops with CHECKPOINT_CONFLICT when another runner moves the checkpoint, and writes nothing after", async () => {
    const store = await caseloadStore(4);
    const checkpoints = memoryCheckpointStore();
    const tally = tallyProjection();
    const runner: ProjectionRunner = startProjectionRunner({ source: subscriptionSource(store), projections: [tally], checkpoints });
    right(await runner.waitUntilCaughtUp());
    const held = right(await checkpoints.get("tally@v1"))!;
    // Another runner of the same projection takes over and saves further on.
    const taken = { position: held.position + 1000n, snapshot: held.snapshot! };
    right(await checkpoints.compareAndSet("tally@v1", held.position, taken));

    await recordCaseload(store, { people: 4, rounds: 2, seed: 7 });
    const outcome = await runner.done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({ code: "CHECKPOINT_CONFLICT", projection: "tally", checkpoint: "tally@v1" });
    expect(runner.status().phase).toBe("failed");
    expect(right(await checkpoints.get("tally@v1"))).toEqual(taken);
  });

  it("writes checkpoints per batch or per interval, never per event", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const counted = (interval?: number) => {
      const inner = memoryCheckpointStore();
      const writes: bigint[] = [];
      const checkerWrites: bigint[] = [];
      const checkpoints: CheckpointStore = {
        get: (name) => inner.get(name),
        reset: (name) => inner.reset(name),
        compareAndSet: (name, expected, next) => {
          // The history checker's checkpoint is saved with the projection's, at the same positions.
          (name === "tally@v1" ? writes : checkerWrites).push(next.position);
          return inner.compareAndSet(name, expected, next);
        },
      };
      const runner = startProjectionRunner({
        source: readAllSource(store),
        projections: [tallyProjection()],
        checkpoints,
        batchSize: 10,
        ...(interval === undefined ? {} : { checkpointInterval: interval }),
      });
      return { runner, writes, checkerWrites };
    };
    // Without an interval the runner chooses (by how long saves take): never more than once a batch.
    const chosen = counted();
    right(await chosen.runner.done);
    expect(chosen.writes.length).toBeGreaterThan(0);
    expect(chosen.writes.length).toBeLessThanOrEqual(Math.ceil(events.length / 10));
    expect(chosen.writes[chosen.writes.length - 1]).toBe(events[events.length - 1]!.position);

    const perBatch = counted(10);
    right(await perBatch.runner.done);
    expect(perBatch.checkerWrites).toEqual(perBatch.writes);
    // One save per full batch of ten, and one for the last (partial) batch at the end.
    expect(perBatch.writes).toEqual(
      events.filter((_recorded, index) => (index + 1) % 10 === 0 || index === events.length - 1).map((recorded) => recorded.position),
    );

    const sparse = counted(30);
    right(await sparse.runner.done);
    expect(sparse.writes.length).toBe(Math.floor(events.length / 30) + (events.length % 30 === 0 ? 0 : 1));
    expect(sparse.writes[sparse.writes.length - 1]).toBe(events[events.length - 1]!.position);
  });

  it("refuses a snapshot its codec cannot read, naming the checkpoint", async () => {
    const store = await caseloadStore(2);
    const checkpoints = memoryCheckpointStore();
    right(await checkpoints.compareAndSet("tally@v1", null, { position: 3n, snapshot: "{not json" }));
    const outcome = await startProjectionRunner({ source: readAllSource(store), projections: [tallyProjection()], checkpoints }).done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({ code: "SNAPSHOT_INVALID", projection: "tally", checkpoint: "tally@v1" });
  });
});
