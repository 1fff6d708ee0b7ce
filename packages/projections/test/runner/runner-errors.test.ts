import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { EventStore } from "@linkwork/core";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import { historyFileSource, readAllSource, startProjectionRunner, subscriptionSource } from "../../src/index.js";
import { recordCaseload } from "./runner-caseload.js";
import { allEvents, delegate, tallyOf, tallyProjection } from "./runner-fixtures.js";

async function caseloadStore(): Promise<EventStore> {
  const store = memoryEventStore();
  await recordCaseload(store, { people: 10, rounds: 1, seed: 3 });
  return store;
}

describe("error policy", () => {
  it('"stop" ends the run at the failing event with its position and reason; the rest of the set keeps its progress', async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const bad = events.find((recorded) => recorded.event.type === "ConversationHeld")!;
    const checkpoints = memoryCheckpointStore();
    const failing = tallyProjection({ name: "failing", failOn: (recorded) => recorded.position === bad.position });
    const healthy = tallyProjection({ name: "healthy" });
    const runner = startProjectionRunner({
      source: readAllSource(store),
      projections: [healthy, failing],
      checkpoints,
      batchSize: 7,
      onError: "stop",
    });
    const outcome = await runner.done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({
      code: "APPLY_FAILED",
      projection: "failing",
      position: bad.position,
      streamId: bad.streamId,
      eventType: "ConversationHeld",
      line: null,
      reason: `refused ConversationHeld at ${bad.position}`,
    });
    expect(runner.status().phase).toBe("failed");
    const before = events.filter((recorded) => recorded.position < bad.position);
    // The healthy projection (first in the set) applied the failing event too, and saved it.
    expect(runner.state(healthy)).toEqual(tallyOf([...before, bad]));
    expect(await checkpoints.get("healthy@v1")).toEqual(E.right(expect.objectContaining({ position: bad.position })));
    // The failing one is never saved past its last batch: a fixed projection resumes before the event.
    const saved = await checkpoints.get("failing@v1");
    expect(E.isRight(saved) && (saved.right?.position ?? 0n) < bad.position).toBe(true);

    const fixed = tallyProjection({ name: "failing" });
    const resumed = startProjectionRunner({ source: readAllSource(store), projections: [healthy, fixed], checkpoints });
    expect(E.isRight(await resumed.done)).toBe(true);
    expect(resumed.state(fixed)).toEqual(tallyOf(events));
    expect(resumed.state(healthy)).toEqual(tallyOf(events));
  });

  it('"skip" records the failing event and goes on; only the projection that threw misses it', async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const refused = new Set(events.filter((recorded) => recorded.event.type === "ReferralAccepted").map((recorded) => recorded.position));
    expect(refused.size).toBeGreaterThan(1);
    const failing = tallyProjection({ name: "failing", failOn: (recorded) => refused.has(recorded.position) });
    const healthy = tallyProjection({ name: "healthy" });
    const runner = startProjectionRunner({
      source: readAllSource(store),
      projections: [failing, healthy],
      checkpoints: memoryCheckpointStore(),
      batchSize: 9,
      onError: "skip",
    });
    const outcome = await runner.done;
    expect(E.isRight(outcome) && outcome.right).toMatchObject({ phase: "finished", failures: refused.size, eventsApplied: events.length });
    expect(runner.failures().map((failure) => failure.code === "APPLY_FAILED" && failure.position)).toEqual([...refused]);
    expect(runner.failures()[0]).toMatchObject({ code: "APPLY_FAILED", projection: "failing", eventType: "ReferralAccepted" });
    expect(runner.state(failing)).toEqual(tallyOf(events.filter((recorded) => !refused.has(recorded.position))));
    expect(runner.state(healthy)).toEqual(tallyOf(events));
  });

  it("ends with STORE_FAILED when the store answers with an error", async () => {
    const store = await caseloadStore();
    let reads = 0;
    const failing: EventStore = {
      ...delegate(store),
      readAll: async (options) =>
        ++reads > 2 ? E.left({ code: "STORE_UNAVAILABLE", message: "connection refused", retryable: true }) : store.readAll(options),
    };
    const tally = tallyProjection();
    const checkpoints = memoryCheckpointStore();
    const runner = startProjectionRunner({ source: readAllSource(failing), projections: [tally], checkpoints, batchSize: 5 });
    const outcome = await runner.done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({ code: "STORE_FAILED", error: { code: "STORE_UNAVAILABLE" } });
    // What was applied before the failure is saved, so a restart does not redo it.
    expect(await checkpoints.get("tally@v1")).toEqual(E.right(expect.objectContaining({ position: 10n })));
  });

  it("ends with STORE_FAILED when a subscription reports failed", async () => {
    const store = await caseloadStore();
    const refusing: EventStore = {
      ...delegate(store),
      subscribe: () => {
        async function* failed() {
          yield { kind: "failed" as const, error: { code: "STORE_UNAVAILABLE" as const, message: "gave up", retryable: false } };
        }
        const messages = failed();
        return { [Symbol.asyncIterator]: () => messages, close: async () => undefined };
      },
    };
    const runner = startProjectionRunner({
      source: subscriptionSource(refusing),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
    });
    const waited = await runner.waitUntilCaughtUp();
    expect(E.isLeft(waited) && waited.left.code).toBe("STORE_FAILED");
    expect(E.isLeft(await runner.done)).toBe(true);
  });

  it("refuses bad options with every problem named, and reads nothing", async () => {
    const store = await caseloadStore();
    const outcome = await startProjectionRunner({
      source: readAllSource(store),
      projections: [tallyProjection(), tallyProjection(), tallyProjection({ name: "", version: 1.5 })],
      checkpoints: memoryCheckpointStore(),
      batchSize: 0,
      onError: "ignore" as "skip",
    }).done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({ code: "INVALID_RUNNER_OPTIONS" });
    const paths = E.isLeft(outcome) && outcome.left.code === "INVALID_RUNNER_OPTIONS" ? outcome.left.issues.map((issue) => issue.path) : [];
    expect(paths).toEqual(["projections[1].name", "projections[2].name", "projections[2].version", "batchSize", "onError"]);
  });

  it("stops at LINE_TOO_LONG on line 1 for a file with no line ends at all (/dev/zero), with memory bounded", async () => {
    const outcome = await startProjectionRunner({
      source: historyFileSource("/dev/zero"),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
      onError: "stop",
    }).done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({ code: "LINE_INVALID", line: 1, problem: { code: "LINE_TOO_LONG" } });
  });

  it("ends with FILE_UNREADABLE for a history file that does not exist", async () => {
    const outcome = await startProjectionRunner({
      source: historyFileSource("/nonexistent/history.ndjson"),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
    }).done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({ code: "FILE_UNREADABLE", path: "/nonexistent/history.ndjson" });
  });
});
