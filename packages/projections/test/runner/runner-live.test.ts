import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import { readAllSource, startProjectionRunner, subscriptionSource, type ProjectionRunner } from "../../src/index.js";
import { recordCaseload } from "./runner-caseload.js";
import { allEvents, silentSubscriptionStore, tallyOf, tallyProjection } from "./runner-fixtures.js";

describe("a live runner", () => {
  it("catches up, then applies live appends: waitUntilCaughtUp covers everything stored when it is called", async () => {
    const store = memoryEventStore();
    await recordCaseload(store, { people: 8, rounds: 1, seed: 11 });
    const tally = tallyProjection();
    const progress: [number, bigint | null][] = [];
    const runner = startProjectionRunner({
      source: subscriptionSource(store),
      projections: [tally],
      checkpoints: memoryCheckpointStore(),
      batchSize: 10,
      onProgress: (events, position) => progress.push([events, position]),
    });
    const first = await runner.waitUntilCaughtUp();
    let events = await allEvents(store);
    expect(E.isRight(first) && first.right).toMatchObject({
      phase: "running",
      eventsApplied: events.length,
      position: events[events.length - 1]!.position,
    });
    expect(runner.state(tally)).toEqual(tallyOf(events));

    // Appended while the runner is live, then asked for at once: no sleeping.
    await recordCaseload(store, { people: 8, rounds: 3, seed: 11 });
    const second = await runner.waitUntilCaughtUp();
    events = await allEvents(store);
    expect(E.isRight(second) && second.right.eventsApplied).toBe(events.length);
    expect(runner.state(tally)).toEqual(tallyOf(events));

    // Progress is reported per batch, counting up to the same totals.
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(events.length / 10));
    expect(progress.map(([count]) => count)).toEqual([...progress.map(([count]) => count)].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toEqual([events.length, events[events.length - 1]!.position]);

    const stopped = await runner.stop();
    expect(E.isRight(stopped) && stopped.right).toMatchObject({ phase: "stopped", eventsApplied: events.length });
    expect(await runner.stop()).toEqual(stopped);
  });

  it("answers at once when nothing new is stored, and status says caught up", async () => {
    const store = memoryEventStore();
    await recordCaseload(store, { people: 3, rounds: 1, seed: 2 });
    const runner = startProjectionRunner({
      source: subscriptionSource(store),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
    });
    expect(E.isRight(await runner.waitUntilCaughtUp())).toBe(true);
    expect(E.isRight(await runner.waitUntilCaughtUp())).toBe(true);
    expect(runner.status().caughtUp).toBe(true);
    await runner.stop();
  });

  it("catches up an empty store", async () => {
    const runner = startProjectionRunner({
      source: subscriptionSource(memoryEventStore()),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
    });
    const waited = await runner.waitUntilCaughtUp();
    expect(E.isRight(waited) && waited.right).toMatchObject({ position: null, eventsApplied: 0 });
    await runner.stop();
  });

  it("tells a waiter the runner stopped before catching up", async () => {
    const store = memoryEventStore();
    await recordCaseload(store, { people: 3, rounds: 1, seed: 2 });
    // The subscription never delivers, so the runner never gets there.
    const runner = startProjectionRunner({
      source: subscriptionSource(silentSubscriptionStore(store)),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
    });
    const waiting = runner.waitUntilCaughtUp();
    const stopped = await runner.stop();
    expect(E.isRight(stopped) && stopped.right).toMatchObject({ phase: "stopped", eventsApplied: 0 });
    const waited = await waiting;
    expect(E.isLeft(waited) && waited.left.code).toBe("STOPPED_BEFORE_CAUGHT_UP");
  });

  it("a read-all runner is caught up when it reaches the end, and a stopped one is not", async () => {
    const store = memoryEventStore();
    await recordCaseload(store, { people: 6, rounds: 1, seed: 5 });
    const events = await allEvents(store);
    const complete = startProjectionRunner({
      source: readAllSource(store),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
      batchSize: 4,
    });
    const waited = await complete.waitUntilCaughtUp();
    expect(E.isRight(waited) && waited.right).toMatchObject({ phase: "finished", caughtUp: true, eventsApplied: events.length });

    let batches = 0;
    const runner: ProjectionRunner = startProjectionRunner({
      source: readAllSource(store),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
      batchSize: 4,
      onProgress: () => {
        if (++batches === 2) void runner.stop();
      },
    });
    const early = await runner.waitUntilCaughtUp();
    expect(E.isLeft(early) && early.left.code).toBe("STOPPED_BEFORE_CAUGHT_UP");
    expect(runner.status()).toMatchObject({ phase: "stopped", caughtUp: false, eventsApplied: 8 });
  });
});
