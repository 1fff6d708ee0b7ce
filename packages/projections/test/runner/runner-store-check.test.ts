import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { EventStore, LinkworkEvent, ReadAllOptions, RecordedEvent, SubscriptionMessage } from "@linkwork/core";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import { readAllSource, startProjectionRunner, subscriptionSource, type EventFailure } from "../../src/index.js";
import { recordCaseload } from "./runner-caseload.js";
import { allEvents, delegate, tallyOf, tallyProjection } from "./runner-fixtures.js";

/**
 * A store's events get the history checker's verdict, as a file's lines do: the same rules and
 * codes, the runner's error policy, and a checker that carries on from its checkpoint.
 */

async function caseloadStore(people = 8): Promise<EventStore> {
  const store = memoryEventStore();
  const recorded = await recordCaseload(store, { people, rounds: 1, seed: 11 });
  expect(recorded.refused).toBe(0);
  return store;
}

/** A store that no longer holds the first `upTo` events of one stream, as EventStoreDB after retention or a truncate-before. */
function truncatedStore(store: EventStore, streamId: string, upTo: number): EventStore {
  const kept = (events: readonly RecordedEvent[]) => events.filter((event) => event.streamId !== streamId || event.streamVersion > upTo);
  return {
    ...delegate(store),
    readAll: async (options) => {
      const page = await store.readAll(options);
      return E.isLeft(page) ? page : E.right({ ...page.right, events: kept(page.right.events) });
    },
    subscribe: (options) => {
      const inner = store.subscribe(options);
      async function* filtered(): AsyncGenerator<SubscriptionMessage> {
        for await (const message of inner) yield message.kind === "events" ? { kind: "events", events: kept(message.events) } : message;
      }
      const messages = filtered();
      return { [Symbol.asyncIterator]: () => messages, close: () => inner.close() };
    },
  };
}

/** A copy of an event with a new id, dated a minute after its stream's last event. */
function later(event: LinkworkEvent, last: LinkworkEvent, id: number): LinkworkEvent {
  const occurredAt = new Date(Date.parse(last.metadata.occurredAt) + 60_000).toISOString();
  return { ...event, metadata: { ...event.metadata, occurredAt, eventId: `0190f000-0000-7000-8000-${id.toString(16).padStart(12, "0")}` } };
}

/** A case that ended, and one of its own earlier events appended again after its closure (a store written by another tool). */
async function afterClosure(store: EventStore): Promise<{ readonly streamId: string; readonly appended: RecordedEvent }> {
  const events = await allEvents(store);
  const closed = events.find((event) => event.event.type === "CaseClosed");
  if (closed === undefined) throw new Error("the caseload should close a case");
  const own = events.filter((event) => event.streamId === closed.streamId);
  const contact = own.find((event) => event.event.type !== "ReferralReceived") ?? own[0]!;
  const appended = await store.append(closed.streamId, [later(contact.event, closed.event, 1)], "any");
  if (E.isLeft(appended)) throw new Error(appended.left.message);
  const all = await allEvents(store);
  return { streamId: closed.streamId, appended: all[all.length - 1]! };
}

describe("a store's events through the history checker", () => {
  it('"stop" ends a store replay at an event its stream\'s lifecycle refuses, with the code and place a file would get', async () => {
    const store = await caseloadStore();
    const { streamId, appended } = await afterClosure(store);
    const events = await allEvents(store);
    const tally = tallyProjection();
    const runner = startProjectionRunner({
      source: readAllSource(store),
      projections: [tally],
      checkpoints: memoryCheckpointStore(),
      batchSize: 10,
    });
    const outcome = await runner.done;
    expect(E.isLeft(outcome) && outcome.left).toMatchObject({
      code: "EVENT_INVALID",
      position: appended.position,
      streamId,
      problem: { code: "INVALID_TRANSITION", line: events.length, streamId },
    });
    // Everything before it was applied.
    expect(runner.state(tally)).toEqual(tallyOf(events.slice(0, -1)));
  });

  it('"skip" passes the refused event and the rest of its stream over, names the stream, and goes on live', async () => {
    const store = await caseloadStore();
    const { streamId } = await afterClosure(store);
    const failures: EventFailure[] = [];
    const tally = tallyProjection();
    const runner = startProjectionRunner({
      source: subscriptionSource(store),
      projections: [tally],
      checkpoints: memoryCheckpointStore(),
      onError: "skip",
      onFailure: (failure) => failures.push(failure),
    });
    expect(E.isRight(await runner.waitUntilCaughtUp())).toBe(true);
    // A later event of the same stream follows the hole: refused too; another stream's is applied.
    const events = await allEvents(store);
    const own = events.filter((event) => event.streamId === streamId);
    const again = await store.append(streamId, [later(own[1]!.event, own[own.length - 1]!.event, 2)], "any");
    expect(E.isRight(again)).toBe(true);
    expect(E.isRight(await runner.waitUntilCaughtUp())).toBe(true);
    await runner.stop();
    expect(failures.map((failure) => failure.code === "EVENT_INVALID" && [failure.problem.code, failure.problem.streamId])).toEqual([
      ["INVALID_TRANSITION", streamId],
      ["FOLLOWS_SKIPPED_LINE", streamId],
    ]);
    expect(runner.status().failures).toBe(2);
    expect(runner.state(tally)).toEqual(tallyOf(events.slice(0, -1)));
  });

  it("says so when a stream's first events are gone from the store, and under skip replays every other stream", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const streamId = events.find((event) => event.streamId.startsWith("case-") && event.streamVersion === 4)!.streamId;
    const truncated = truncatedStore(store, streamId, 2);
    for (const source of [readAllSource(truncated), subscriptionSource(truncated)]) {
      const stopped = await startProjectionRunner({ source, projections: [tallyProjection()], checkpoints: memoryCheckpointStore() }).done;
      expect(E.isLeft(stopped) && stopped.left.code === "EVENT_INVALID" && stopped.left.problem).toMatchObject({
        code: "STREAM_VERSION_MISMATCH",
        streamId,
        message: expect.stringContaining("events 1 to 2 are missing, the store no longer holds them") as unknown,
      });
      const tally = tallyProjection();
      const skipping = startProjectionRunner({ source, projections: [tally], checkpoints: memoryCheckpointStore(), onError: "skip" });
      expect(E.isRight(await skipping.waitUntilCaughtUp())).toBe(true);
      expect(E.isRight(await skipping.stop())).toBe(true);
      const lost = events.filter((event) => event.streamId === streamId);
      expect(skipping.status().failures).toBe(lost.length - 2);
      expect(skipping.state(tally)).toEqual(tallyOf(events.filter((event) => event.streamId !== streamId)));
    }
  });

  it("checks whole streams under an event-type filter and delivers only the types asked for", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const types = ["ReferralReceived", "CaseClosed"];
    const tally = tallyProjection();
    const runner = startProjectionRunner({
      source: readAllSource(store, { eventTypes: types }),
      projections: [tally],
      checkpoints: memoryCheckpointStore(),
    });
    expect(E.isRight(await runner.done)).toBe(true);
    expect(runner.state(tally)?.events).toBe(events.filter((event) => types.includes(event.event.type)).length);
    expect(runner.state(tally)?.byType).toEqual(tallyOf(events.filter((event) => types.includes(event.event.type))).byType);
  });

  it("resumes checking from its checkpoint: the next run reads on from there and numbers events as one pass would", async () => {
    const store = await caseloadStore();
    const checkpoints = memoryCheckpointStore();
    const first = await startProjectionRunner({ source: readAllSource(store), projections: [tallyProjection()], checkpoints }).done;
    expect(E.isRight(first)).toBe(true);
    const before = (await allEvents(store)).length;
    await afterClosure(store);
    const reads: (bigint | undefined)[] = [];
    const watched: EventStore = {
      ...delegate(store),
      readAll: (options?: ReadAllOptions) => {
        reads.push(options?.after);
        return store.readAll(options);
      },
    };
    const resumed = await startProjectionRunner({ source: readAllSource(watched), projections: [tallyProjection()], checkpoints }).done;
    // Read on from the checker's position, not from the start, and yet the event is number before + 1, as in one pass.
    expect(reads[0]).toBe((await allEvents(store))[before - 1]!.position);
    expect(E.isLeft(resumed) && resumed.left.code === "EVENT_INVALID" && resumed.left.problem).toMatchObject({
      code: "INVALID_TRANSITION",
      line: before + 1,
    });
    const onePass = await startProjectionRunner({
      source: readAllSource(store),
      projections: [tallyProjection()],
      checkpoints: memoryCheckpointStore(),
    }).done;
    expect(E.isLeft(onePass) && onePass.left.code === "EVENT_INVALID" && onePass.left.problem.line).toBe(before + 1);
  });

  it("checks from the start again when a projection of the set rebuilds (reset), and the others pass over what they have", async () => {
    const store = await caseloadStore();
    const events = await allEvents(store);
    const checkpoints = memoryCheckpointStore();
    const set = () => [tallyProjection(), tallyProjection({ name: "second" })] as const;
    expect(E.isRight(await startProjectionRunner({ source: readAllSource(store), projections: set(), checkpoints }).done)).toBe(true);
    expect(E.isRight(await checkpoints.reset("second@v1"))).toBe(true);
    const projections = set();
    const again = startProjectionRunner({ source: readAllSource(store), projections, checkpoints });
    const status = await again.done;
    expect(E.isRight(status) && status.right).toMatchObject({ eventsApplied: events.length, duplicatesSkipped: 0 });
    for (const projection of projections) expect(again.state(projection)).toEqual(tallyOf(events));
  });
});
