// One file, over 400 lines on purpose: it is one suite, read top to bottom by a store author, and
// every store runs the same describe blocks in this order; split, the contract would be scattered.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LinkworkEvent } from "../events/catalogue.js";
import { caseStream } from "../events/streams.js";
import type { CheckpointStore } from "../store/checkpoint-store.js";
import type {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  GlobalPosition,
  ReadAllOptions,
  RecordedEvent,
  SubscriptionMessage,
} from "../store/event-store.js";
import { linkwork } from "../store/linkwork-handler.js";
import type { StoreError } from "../store/store-error.js";
import { largestReadPage } from "../store/event-store.js";
import { storeTestEvents } from "./store-test-events.js";

/** A store under test, new and empty for every test and every run of the model-based property. */
export interface StoreContractFixture {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  /** Called after the store has been closed, e.g. to stop a test server. */
  readonly dispose?: () => Promise<void>;
}

export interface StoreContractOptions {
  /** Runs of the model-based property. Default 100; a store behind a network may want fewer. */
  readonly modelRuns?: number;
  /** Most operations in one run of the model-based property. Default 30. */
  readonly maxOperations?: number;
  /** Commands racing on one case in the concurrency test, per kind. Default 12. */
  readonly writers?: number;
  /** fast-check seed, to replay a failure it reported. */
  readonly seed?: number;
}

/**
 * The contract every EventStore and CheckpointStore passes (see docs/storage.md). Call it at the
 * top level of a test file: `describeEventStoreContract("store-memory", async () => ({ store, checkpoints }))`.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<StoreContractFixture>,
  options: StoreContractOptions = {},
): void {
  const modelRuns = options.modelRuns ?? 100;
  const maxOperations = options.maxOperations ?? 30;
  const writers = options.writers ?? 12;
  const seed = options.seed === undefined ? {} : { seed: options.seed };

  describe(`${name} honours the EventStore contract`, () => {
    let fixture: StoreContractFixture;
    let store: EventStore;
    let checkpoints: CheckpointStore;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      checkpoints = fixture.checkpoints;
    });
    afterEach(async () => {
      await fixture.store.close();
      await fixture.dispose?.();
    });

    describe("expected version", () => {
      it("no_stream appends to a stream that does not exist and is refused once it does", async () => {
        const stream = "case-case_ev1";
        expect(accepted(await store.append(stream, storeTestEvents(stream, 2), "no_stream")).nextExpectedVersion).toBe(2);
        const error = refused(await store.append(stream, storeTestEvents(stream, 1), "no_stream"));
        expect(error).toMatchObject({ code: "CONCURRENCY_CONFLICT", streamId: stream, expected: "no_stream", actual: 2 });
        expect(await versionsOf(store, stream)).toEqual([1, 2]);
      });

      it("an exact version appends only when the stream has exactly that many events", async () => {
        const stream = "case-case_ev2";
        expect(accepted(await store.append(stream, storeTestEvents(stream, 2), 0)).nextExpectedVersion).toBe(2);
        for (const wrong of [0, 1, 3]) {
          expect(refused(await store.append(stream, storeTestEvents(stream, 1), wrong))).toMatchObject({
            code: "CONCURRENCY_CONFLICT",
            streamId: stream,
            expected: wrong,
            actual: 2,
          });
        }
        expect(accepted(await store.append(stream, storeTestEvents(stream, 1), 2)).nextExpectedVersion).toBe(3);
        expect(await versionsOf(store, stream)).toEqual([1, 2, 3]);
      });

      it("an exact version above 0 is refused for a stream that does not exist", async () => {
        const stream = "case-case_ev3";
        expect(refused(await store.append(stream, storeTestEvents(stream, 1), 1))).toMatchObject({
          code: "CONCURRENCY_CONFLICT",
          streamId: stream,
          expected: 1,
          actual: 0,
        });
        expect(await versionsOf(store, stream)).toEqual([]);
      });

      it("any appends whatever the stream's version", async () => {
        const stream = "case-case_ev4";
        expect(accepted(await store.append(stream, storeTestEvents(stream, 1), "any")).nextExpectedVersion).toBe(1);
        expect(accepted(await store.append(stream, storeTestEvents(stream, 3), "any")).nextExpectedVersion).toBe(4);
        expect(await versionsOf(store, stream)).toEqual([1, 2, 3, 4]);
      });
    });

    describe("idempotency by event id", () => {
      it("a retried append writes nothing and answers its first result, with its expected version or any", async () => {
        const stream = "case-case_id1";
        const first = storeTestEvents(stream, 3);
        const original = accepted(await store.append(stream, first, 0));
        accepted(await store.append(stream, storeTestEvents(stream, 2), 3));
        for (const expected of [0, "any", "no_stream"] as const) {
          expect(accepted(await store.append(stream, first, expected))).toEqual(original);
        }
        const stored = await eventsOf(store, stream);
        expect(stored.map((recorded) => recorded.streamVersion)).toEqual([1, 2, 3, 4, 5]);
        expect(new Set(stored.map((recorded) => recorded.event.metadata.eventId)).size).toBe(5);
        expect(stored.slice(0, 3).map((recorded) => recorded.event)).toEqual(first);
      });

      it("a retry of a later append answers that append's result", async () => {
        const stream = "case-case_id2";
        accepted(await store.append(stream, storeTestEvents(stream, 1), "no_stream"));
        const second = storeTestEvents(stream, 2);
        const original = accepted(await store.append(stream, second, 1));
        expect(accepted(await store.append(stream, second, 1))).toEqual(original);
        expect(accepted(await store.append(stream, second, "any"))).toEqual(original);
        expect(await versionsOf(store, stream)).toEqual([1, 2, 3]);
      });

      it("the same events at an earlier expected version than their own are a conflict", async () => {
        const stream = "case-case_id3";
        accepted(await store.append(stream, storeTestEvents(stream, 1), "no_stream"));
        const second = storeTestEvents(stream, 2);
        accepted(await store.append(stream, second, 1));
        accepted(await store.append(stream, storeTestEvents(stream, 2), 3));
        for (const wrong of [0, 2, "no_stream"] as const) {
          expect(refused(await store.append(stream, second, wrong))).toMatchObject({
            code: "CONCURRENCY_CONFLICT",
            streamId: stream,
            expected: wrong,
            actual: 5,
          });
        }
        expect(await versionsOf(store, stream)).toEqual([1, 2, 3, 4, 5]);
      });

      it("a partial retry is a conflict and writes none of its events", async () => {
        const stream = "case-case_id4";
        const [one, two] = storeTestEvents(stream, 2) as [LinkworkEvent, LinkworkEvent];
        const [fresh] = storeTestEvents(stream, 1) as [LinkworkEvent];
        accepted(await store.append(stream, [one, two], "no_stream"));
        // Batches that start with a stored event but do not repeat its append. (A batch that starts
        // with a new event at the current version is not covered: EventStoreDB writes it.)
        const partials: [readonly LinkworkEvent[], ExpectedVersion][] = [
          [[one, fresh], 0],
          [[one, fresh], "no_stream"],
          [[one, fresh], "any"],
          [[two, one], "any"],
          [[one, two, fresh], 0],
          [[one, two, fresh], "any"],
          [[fresh, two], 1],
        ];
        for (const [events, expected] of partials) {
          expect(refused(await store.append(stream, events, expected))).toMatchObject({ code: "CONCURRENCY_CONFLICT", streamId: stream });
        }
        expect((await eventsOf(store, stream)).map((recorded) => recorded.event)).toEqual([one, two]);
      });

      it("the same event id twice in one append is a bad call", async () => {
        const stream = "case-case_id5";
        const [one, two] = storeTestEvents(stream, 2) as [LinkworkEvent, LinkworkEvent];
        const error = refused(await store.append(stream, [one, two, one], "any"));
        expect(error).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "events[2].metadata.eventId" }] });
        expect(await versionsOf(store, stream)).toEqual([]);
      });
    });

    describe("atomic appends", () => {
      it("an append with one bad event writes none of its events", async () => {
        const stream = "case-case_at1";
        const events = [...storeTestEvents(stream, 2), ...storeTestEvents("person-person_at1", 1)];
        expect(refused(await store.append(stream, events, "any"))).toMatchObject({
          code: "INVALID_STORE_CALL",
          issues: [{ path: "events[2].type" }],
        });
        expect(await versionsOf(store, stream)).toEqual([]);
        expect(await allEvents(store)).toEqual([]);
      });

      it("a refused multi-event append leaves the stream as it was", async () => {
        const stream = "case-case_at2";
        accepted(await store.append(stream, storeTestEvents(stream, 1), "no_stream"));
        refused(await store.append(stream, storeTestEvents(stream, 4), 0));
        expect(await versionsOf(store, stream)).toEqual([1]);
        expect(await allEvents(store)).toHaveLength(1);
      });
    });

    describe("reading", () => {
      it("reads its own writes as soon as an append has answered", async () => {
        const stream = "case-case_rd1";
        const events = storeTestEvents(stream, 3);
        const result = accepted(await store.append(stream, events, "no_stream"));
        const stored = await eventsOf(store, stream);
        expect(stored.map((recorded) => recorded.event)).toEqual(events);
        expect(stored.map((recorded) => recorded.streamId)).toEqual([stream, stream, stream]);
        expect(stored.at(-1)?.position).toBe(result.position);
        expect((await allEvents(store)).map((recorded) => recorded.event)).toEqual(events);
      });

      it("reads a stream forwards and backwards from a version, at most maxCount events", async () => {
        const stream = "case-case_rd2";
        accepted(await store.append(stream, storeTestEvents(stream, 3), "no_stream"));
        accepted(await store.append(stream, storeTestEvents(stream, 3), 3));
        const read = async (options: Parameters<EventStore["readStream"]>[1]) =>
          accepted(await store.readStream(stream, options)).map((recorded) => recorded.streamVersion);
        expect(await read(undefined)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(await read({ fromVersion: 2 })).toEqual([3, 4, 5, 6]);
        expect(await read({ fromVersion: 2, maxCount: 3 })).toEqual([3, 4, 5]);
        expect(await read({ fromVersion: 6 })).toEqual([]);
        expect(await read({ fromVersion: 9 })).toEqual([]);
        expect(await read({ maxCount: 1 })).toEqual([1]);
        expect(await read({ direction: "backwards" })).toEqual([6, 5, 4, 3, 2, 1]);
        expect(await read({ direction: "backwards", fromVersion: 4 })).toEqual([4, 3, 2, 1]);
        expect(await read({ direction: "backwards", fromVersion: 4, maxCount: 2 })).toEqual([4, 3]);
        expect(await read({ direction: "backwards", maxCount: 1 })).toEqual([6]);
        expect(await read({ direction: "backwards", fromVersion: 0 })).toEqual([]);
      });

      it("reads a stream that does not exist as empty", async () => {
        expect(accepted(await store.readStream("case-case_nobody1"))).toEqual([]);
        expect(accepted(await store.readStream("case-case_nobody1", { direction: "backwards" }))).toEqual([]);
      });

      it("keeps one global order that follows the order of appends and of each stream", async () => {
        const appends: [string, number][] = [
          ["case-case_goa1", 2],
          ["person-person_gob1", 1],
          ["case-case_goa1", 1],
          ["pcn-go-c", 3],
          ["person-person_gob1", 2],
        ];
        const expectedIds: string[] = [];
        const results: AppendResult[] = [];
        for (const [stream, count] of appends) {
          const events = storeTestEvents(stream, count);
          results.push(accepted(await store.append(stream, events, "any")));
          expectedIds.push(...events.map((event) => event.metadata.eventId));
        }
        const all = await allEvents(store);
        expect(all.map((recorded) => recorded.event.metadata.eventId)).toEqual(expectedIds);
        expectIncreasing(all.map((recorded) => recorded.position));
        // Each append's result names the position of its last event.
        let end = 0;
        for (const [index, [, count]] of appends.entries()) {
          end += count;
          expect(results[index]?.position).toBe(all[end - 1]?.position);
        }
        for (const stream of ["case-case_goa1", "person-person_gob1", "pcn-go-c"]) {
          expect(all.filter((recorded) => recorded.streamId === stream)).toEqual(await eventsOf(store, stream));
        }
      });

      it("pages through the global order with `after` exclusive until isEnd", async () => {
        for (const stream of ["case-case_pga1", "person-person_pgb1", "case-case_pgc1"])
          accepted(await store.append(stream, storeTestEvents(stream, 3), "no_stream"));
        const all = accepted(await store.readAll({ maxCount: 100 }));
        expect(all.events).toHaveLength(9);
        expect(all.isEnd).toBe(true);
        const pages = await pagesOf(store, { maxCount: 4 });
        for (const page of pages) expect(page.length).toBeLessThanOrEqual(4);
        expect(pages.flat()).toEqual(all.events);
        const third = all.events[2]!.position;
        expect(accepted(await store.readAll({ after: third, maxCount: 2 })).events).toEqual(all.events.slice(3, 5));
        expect(accepted(await store.readAll({ after: third, maxCount: 2 })).isEnd).toBe(false);
        const afterLast = accepted(await store.readAll({ after: all.events[8]!.position }));
        expect(afterLast).toEqual({ events: [], isEnd: true });
        expect(accepted(await store.readAll({ after: 0n })).events).toEqual(all.events);
      });

      it("keeps pages and batches bounded however many events a caller asks for", async () => {
        // A caller's maxCount or batchSize is a wish: past largestReadPage a store answers fewer, so one
        // call never holds the whole log in memory.
        const total = largestReadPage + 1;
        for (let written = 0, batch = 0; written < total; batch++) {
          const stream = `case-case_big${batch % 4}`;
          const count = Math.min(500, total - written);
          accepted(await store.append(stream, storeTestEvents(stream, count), "any"));
          written += count;
        }
        const page = accepted(await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER }));
        expect(page.events.length).toBeGreaterThan(0);
        expect(page.events.length).toBeLessThanOrEqual(largestReadPage);
        expect(page.isEnd).toBe(false);
        const reader = subscriptionReader(store.subscribe({ batchSize: Number.MAX_SAFE_INTEGER }));
        const caughtUp = await reader.untilCaughtUp();
        for (const batch of caughtUp.batches) expect(batch.length).toBeLessThanOrEqual(largestReadPage);
        expect(caughtUp.events).toHaveLength(total);
        await reader.close();
      });

      it("reads an empty store as one empty, final page", async () => {
        expect(accepted(await store.readAll())).toEqual({ events: [], isEnd: true });
      });

      it("filters the global order by stream category and by event type", async () => {
        accepted(await store.append("case-case_fta1", storeTestEvents("case-case_fta1", 3), "no_stream"));
        accepted(await store.append("person-person_ftb1", storeTestEvents("person-person_ftb1", 2), "no_stream"));
        accepted(await store.append("pcn-ft-c", storeTestEvents("pcn-ft-c", 1), "no_stream"));
        accepted(await store.append("case-case_ftd1", storeTestEvents("case-case_ftd1", 2), "no_stream"));
        const all = await allEvents(store);
        const cases: ReadAllOptions["filter"][] = [
          { categories: ["person"] },
          { categories: ["case", "pcn"] },
          { eventTypes: ["UnmetNeedRecorded", "PcnListSizeRecorded"] },
          { categories: ["case"], eventTypes: ["UnmetNeedRecorded", "HealthcareUsageRecorded"] },
          { categories: ["linkworker"] },
        ];
        for (const filter of cases) {
          const expected = all.filter(
            (recorded) =>
              (filter?.categories === undefined ||
                filter.categories.includes(recorded.streamId.slice(0, recorded.streamId.indexOf("-")))) &&
              (filter?.eventTypes === undefined || filter.eventTypes.includes(recorded.event.type)),
          );
          expect((await pagesOf(store, { filter: filter ?? {}, maxCount: 1 })).flat()).toEqual(expected);
          expect((await pagesOf(store, { filter: filter ?? {} })).flat()).toEqual(expected);
        }
      });
    });

    describe("subscriptions", () => {
      it("delivers stored events in order, marks caught-up, then delivers new events live", async () => {
        accepted(await store.append("case-case_sba1", storeTestEvents("case-case_sba1", 3), "no_stream"));
        accepted(await store.append("person-person_sbb1", storeTestEvents("person-person_sbb1", 2), "no_stream"));
        const stored = await allEvents(store);
        const reader = subscriptionReader(store.subscribe({ batchSize: 2 }));
        const catchUp = await reader.untilCaughtUp();
        expect(catchUp.events).toEqual(stored);
        expectAtOrPast(catchUp.position, stored.at(-1)!.position);
        for (const batch of catchUp.batches) expect(batch.length).toBeLessThanOrEqual(2);

        const live = storeTestEvents("case-case_sba1", 2);
        accepted(await store.append("case-case_sba1", live, 3));
        const more = await reader.untilCaughtUp();
        expect(more.events.map((recorded) => recorded.event)).toEqual(live);
        expect(more.events.map((recorded) => recorded.streamVersion)).toEqual([4, 5]);
        await reader.close();
      });

      it("delivers events appended during catch-up exactly once, in order", async () => {
        for (let index = 0; index < 5; index++) {
          const stream = index % 2 === 0 ? "case-case_cua1" : "person-person_cub1";
          accepted(await store.append(stream, storeTestEvents(stream, 2), "any"));
        }
        const reader = subscriptionReader(store.subscribe({ batchSize: 3 }));
        const firstBatch = await reader.nextEvents();
        expect(firstBatch.length).toBeGreaterThan(0);
        for (let index = 0; index < 4; index++) {
          const stream = index % 2 === 0 ? "person-person_cub1" : "case-case_cuc1";
          accepted(await store.append(stream, storeTestEvents(stream, 2), "any"));
        }
        const all = await allEvents(store);
        expect(all).toHaveLength(18);
        const rest = await reader.untilDelivered(all.at(-1)!.position);
        expect([...firstBatch, ...rest.events]).toEqual(all);
        // Nothing is delivered twice later on: the next batch holds only the next append.
        const next = storeTestEvents("case-case_cua1", 1);
        accepted(await store.append("case-case_cua1", next, "any"));
        expect((await reader.nextEvents()).map((recorded) => recorded.event)).toEqual(next);
        await reader.close();
      });

      it("resumes after a checkpoint's position", async () => {
        accepted(await store.append("case-case_rsa1", storeTestEvents("case-case_rsa1", 4), "no_stream"));
        accepted(await store.append("person-person_rsb1", storeTestEvents("person-person_rsb1", 3), "no_stream"));
        const all = await allEvents(store);
        accepted(await checkpoints.compareAndSet("resume-test", null, { position: all[3]!.position }));
        const checkpoint = accepted(await checkpoints.get("resume-test"));
        const reader = subscriptionReader(store.subscribe({ after: checkpoint!.position }));
        const caughtUp = await reader.untilCaughtUp();
        expect(caughtUp.events).toEqual(all.slice(4));
        expectAtOrPast(caughtUp.position, all.at(-1)!.position);
        await reader.close();
      });

      it("marks caught-up at once on an empty store, then delivers the first event", async () => {
        const reader = subscriptionReader(store.subscribe());
        const caughtUp = await reader.untilCaughtUp();
        expect(caughtUp.events).toEqual([]);
        const events = storeTestEvents("case-case_ema1", 1);
        accepted(await store.append("case-case_ema1", events, "no_stream"));
        const delivered = await reader.nextEvents();
        expect(delivered.map((recorded) => recorded.event)).toEqual(events);
        // The mark never claims a position its subscription has not delivered up to.
        if (caughtUp.position !== null) expect(delivered[0]!.position > caughtUp.position).toBe(true);
        await reader.close();
      });

      it("marks caught-up at its starting position when nothing follows it", async () => {
        accepted(await store.append("case-case_cpa1", storeTestEvents("case-case_cpa1", 2), "no_stream"));
        const last = (await allEvents(store)).at(-1)!.position;
        const reader = subscriptionReader(store.subscribe({ after: last }));
        const caughtUp = await reader.untilCaughtUp();
        expect(caughtUp.events).toEqual([]);
        expectAtOrPast(caughtUp.position, last);
        await reader.close();
      });

      it("delivers only the events its filter names", async () => {
        accepted(await store.append("case-case_sfa1", storeTestEvents("case-case_sfa1", 3), "no_stream"));
        accepted(await store.append("person-person_sfb1", storeTestEvents("person-person_sfb1", 2), "no_stream"));
        const byCategory = subscriptionReader(store.subscribe({ filter: { categories: ["person"] } }));
        const byType = subscriptionReader(store.subscribe({ filter: { eventTypes: ["UnmetNeedRecorded"] } }));
        const all = await allEvents(store);
        expect((await byCategory.untilCaughtUp()).events).toEqual(all.filter((recorded) => recorded.streamId === "person-person_sfb1"));
        expect((await byType.untilCaughtUp()).events).toEqual(all.filter((recorded) => recorded.event.type === "UnmetNeedRecorded"));
        const live = storeTestEvents("person-person_sfb1", 1);
        accepted(await store.append("case-case_sfa1", storeTestEvents("case-case_sfa1", 1), 3));
        accepted(await store.append("person-person_sfb1", live, 2));
        expect((await byCategory.nextEvents()).map((recorded) => recorded.event)).toEqual(live);
        await byCategory.close();
        await byType.close();
      });

      it("ends iteration when closed, also while waiting for events", async () => {
        accepted(await store.append("case-case_cla1", storeTestEvents("case-case_cla1", 1), "no_stream"));
        const subscription = store.subscribe();
        const received: SubscriptionMessage[] = [];
        const consumer = (async () => {
          for await (const message of subscription) {
            received.push(message);
            if (message.kind === "caught-up") void subscription.close();
          }
        })();
        await consumer;
        expect(received.map((message) => message.kind)).toEqual(["events", "caught-up"]);

        const waiting = store.subscribe();
        const iterator = waiting[Symbol.asyncIterator]();
        expect((await iterator.next()).value).toMatchObject({ kind: "events" });
        expect((await iterator.next()).value).toMatchObject({ kind: "caught-up" });
        const pending = iterator.next();
        await waiting.close();
        await waiting.close();
        expect(await pending).toMatchObject({ done: true });
      });

      it("answers next() calls made while one waits in turn, and close() ends every one waiting", async () => {
        const subscription = store.subscribe();
        const iterator = subscription[Symbol.asyncIterator]();
        expect((await iterator.next()).value).toMatchObject({ kind: "caught-up" });
        // The async iterator protocol lets a consumer ask again before an answer came: the calls queue.
        const [first, second, third] = [iterator.next(), iterator.next(), iterator.next()];
        const events = storeTestEvents("case-case_nxt1", 1);
        accepted(await store.append("case-case_nxt1", events, "no_stream"));
        const delivered = await first;
        expect(
          delivered.done !== true && delivered.value.kind === "events" && delivered.value.events.map((recorded) => recorded.event),
        ).toEqual(events);
        await subscription.close();
        const rest = await Promise.all([second, third]);
        for (const answer of rest) if (answer.done !== true) expect(answer.value.kind).toBe("caught-up");
        expect(rest.at(-1)).toMatchObject({ done: true });
      });

      it("ends open subscriptions when the store closes", async () => {
        const subscription = store.subscribe();
        const iterator = subscription[Symbol.asyncIterator]();
        expect((await iterator.next()).value).toMatchObject({ kind: "caught-up" });
        const pending = iterator.next();
        await store.close();
        expect(await pending).toMatchObject({ done: true });
      });
    });

    describe("checkpoints", () => {
      it("moves a checkpoint by compare-and-set and refuses a stale expectation", async () => {
        expect(accepted(await checkpoints.get("caseload"))).toBeNull();
        accepted(await checkpoints.compareAndSet("caseload", null, { position: 5n }));
        expect(accepted(await checkpoints.get("caseload"))).toEqual({ position: 5n });
        expect(refused(await checkpoints.compareAndSet("caseload", null, { position: 7n }))).toMatchObject({
          code: "CHECKPOINT_CONFLICT",
          name: "caseload",
          expected: null,
          actual: 5n,
        });
        expect(refused(await checkpoints.compareAndSet("caseload", 4n, { position: 7n }))).toMatchObject({
          code: "CHECKPOINT_CONFLICT",
          expected: 4n,
          actual: 5n,
        });
        accepted(await checkpoints.compareAndSet("caseload", 5n, { position: 9n, snapshot: '{"open":3}' }));
        expect(accepted(await checkpoints.get("caseload"))).toEqual({ position: 9n, snapshot: '{"open":3}' });
        expect(accepted(await checkpoints.get("capacity"))).toBeNull();
      });

      it("forgets a checkpoint on reset, so a rebuild starts from null", async () => {
        accepted(await checkpoints.compareAndSet("outcomes", null, { position: 3n }));
        accepted(await checkpoints.compareAndSet("demand", null, { position: 4n }));
        accepted(await checkpoints.reset("outcomes"));
        expect(accepted(await checkpoints.get("outcomes"))).toBeNull();
        expect(accepted(await checkpoints.get("demand"))).toEqual({ position: 4n });
        accepted(await checkpoints.compareAndSet("outcomes", null, { position: 1n }));
        accepted(await checkpoints.reset("never-saved"));
      });
    });

    describe("bad calls", () => {
      it("answers INVALID_STORE_CALL naming the field for a bad append, and writes nothing", async () => {
        const good = storeTestEvents("case-case_bad1", 2);
        const withMetadata = (metadata: unknown) => [{ ...good[0], metadata }];
        const badAppends: [unknown, unknown, unknown, string][] = [
          [42, good, "any", "streamId"],
          ["nocategory", good, "any", "streamId"],
          ["case-", good, "any", "streamId"],
          ["patient-123", good, "any", "streamId"],
          ["case-case_has1 space", good, "any", "streamId"],
          ["case-case_bad1", null, "any", "events"],
          ["case-case_bad1", "events", "any", "events"],
          ["case-case_bad1", { 0: good[0], length: 1 }, "any", "events"],
          ["case-case_bad1", [], "any", "events"],
          ["case-case_bad1", good, -1, "expectedVersion"],
          ["case-case_bad1", good, 1.5, "expectedVersion"],
          ["case-case_bad1", good, Number.NaN, "expectedVersion"],
          ["case-case_bad1", good, "latest", "expectedVersion"],
          ["case-case_bad1", good, null, "expectedVersion"],
          ["case-case_bad1", good, undefined, "expectedVersion"],
          ["case-case_bad1", [null], "any", "events[0]"],
          ["case-case_bad1", [good[0], "event"], "any", "events[1]"],
          ["case-case_bad1", [{ ...good[0], type: undefined }], "any", "events[0].type"],
          ["case-case_bad1", [{ ...good[0], type: "ReferralLost" }], "any", "events[0].type"],
          ["case-case_bad1", [...good, ...storeTestEvents("pcn-bad-1", 1)], "any", "events[2].type"],
          ["case-case_bad1", withMetadata(undefined), "any", "events[0].metadata"],
          ["case-case_bad1", withMetadata({ ...good[0]!.metadata, eventId: undefined }), "any", "events[0].metadata.eventId"],
          ["case-case_bad1", withMetadata({ ...good[0]!.metadata, eventId: 42 }), "any", "events[0].metadata.eventId"],
          ["case-case_bad1", withMetadata({ ...good[0]!.metadata, eventId: "not-a-uuid" }), "any", "events[0].metadata.eventId"],
        ];
        for (const [streamId, events, expected, path] of badAppends) {
          const error = refused(await store.append(streamId as string, events as LinkworkEvent[], expected as ExpectedVersion));
          expect(error, `append(${show(streamId)}, …, ${show(expected)})`).toMatchObject({
            code: "INVALID_STORE_CALL",
            issues: [{ path }],
          });
          expect(error.message).toContain(path);
        }
        expect(await allEvents(store)).toEqual([]);
      });

      it("answers INVALID_STORE_CALL naming the option for a bad read or subscription", async () => {
        accepted(await store.append("case-case_bad2", storeTestEvents("case-case_bad2", 2), "no_stream"));
        const badStreamReads: [unknown, unknown, string][] = [
          [42, undefined, "streamId"],
          ["nocategory", undefined, "streamId"],
          ["case-case_bad2", "forwards", "options"],
          ["case-case_bad2", { direction: "sideways" }, "options.direction"],
          ["case-case_bad2", { fromVersion: -1 }, "options.fromVersion"],
          ["case-case_bad2", { fromVersion: 1.5 }, "options.fromVersion"],
          ["case-case_bad2", { fromVersion: Number.NaN }, "options.fromVersion"],
          ["case-case_bad2", { maxCount: 0 }, "options.maxCount"],
          ["case-case_bad2", { maxCount: -3 }, "options.maxCount"],
          ["case-case_bad2", { maxCount: Number.NaN }, "options.maxCount"],
        ];
        for (const [streamId, options, path] of badStreamReads) {
          const error = refused(await store.readStream(streamId as string, options as never));
          expect(error, `readStream(${show(streamId)}, ${show(options)})`).toMatchObject({
            code: "INVALID_STORE_CALL",
            issues: [{ path }],
          });
        }
        // A huge or unprintable stream id is named, never echoed whole: messages end up in logs.
        for (const streamId of [`case-${"a".repeat(100_000)}`, "case-\u001b[2Jx", `${"x".repeat(100_000)}`]) {
          const error = refused(await store.readStream(streamId));
          expect(error).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "streamId" }] });
          expect(error.message.length).toBeLessThan(400);
          expect(error.message).not.toContain("\u001b");
        }
        const badOptions: [unknown, string][] = [
          [{ after: -1n }, "options.after"],
          [{ after: -5n }, "options.after"],
          // Past any store's positions (2^128 - 1): every store refuses it alike, none fails on it inside.
          [{ after: 2n ** 128n }, "options.after"],
          [{ after: 5 }, "options.after"],
          [{ maxCount: 0 }, "options.maxCount"],
          [{ maxCount: 2.5 }, "options.maxCount"],
          [{ filter: { categories: [] } }, "options.filter.categories"],
          [{ filter: { categories: ["patient"] } }, "options.filter.categories[0]"],
          [{ filter: { eventTypes: ["ReferralLost"] } }, "options.filter.eventTypes[0]"],
        ];
        for (const [options, path] of badOptions) {
          const error = refused(await store.readAll(options as never));
          expect(error, `readAll(${show(options)})`).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path }] });
        }
        const badSubscriptions: [unknown, string][] = [
          ...badOptions.filter(([, path]) => path !== "options.maxCount"),
          [{ batchSize: 0 }, "options.batchSize"],
        ];
        for (const [options, path] of badSubscriptions) {
          const messages: SubscriptionMessage[] = [];
          for await (const message of store.subscribe(options as never)) messages.push(message);
          expect(messages, `subscribe(${show(options)})`).toMatchObject([
            { kind: "failed", error: { code: "INVALID_STORE_CALL", issues: [{ path }] } },
          ]);
        }
      });

      it("answers INVALID_STORE_CALL for a bad checkpoint call, and saves nothing", async () => {
        const badCalls: [() => Promise<E.Either<StoreError, unknown>>, string][] = [
          [() => checkpoints.get(""), "name"],
          [() => checkpoints.get(42 as never), "name"],
          [() => checkpoints.reset(""), "name"],
          [() => checkpoints.compareAndSet("", null, { position: 1n }), "name"],
          [() => checkpoints.compareAndSet("bad-checkpoint", "start" as never, { position: 1n }), "expected"],
          [() => checkpoints.compareAndSet("bad-checkpoint", null, null as never), "next"],
          [() => checkpoints.compareAndSet("bad-checkpoint", null, { position: -1n }), "next.position"],
          [() => checkpoints.compareAndSet("bad-checkpoint", 2n ** 128n, { position: 1n }), "expected"],
          [() => checkpoints.compareAndSet("bad-checkpoint", -5n, { position: 1n }), "expected"],
          [() => checkpoints.compareAndSet("bad-checkpoint", null, { position: 2n ** 128n }), "next.position"],
          [() => checkpoints.get("x".repeat(100_000)), "name"],
          [() => checkpoints.get("caseload\u001b[2J"), "name"],
          [() => checkpoints.compareAndSet("bad-checkpoint", null, { position: 5 } as never), "next.position"],
          [() => checkpoints.compareAndSet("bad-checkpoint", null, { position: 5n, snapshot: 42 } as never), "next.snapshot"],
          // Text every store keeps as given: PostgreSQL text holds no U+0000, and a lone surrogate
          // reaches a server as U+FFFD, so two such names would share one checkpoint.
          [() => checkpoints.compareAndSet("bad-checkpoint", null, { position: 5n, snapshot: "{\u0000}" }), "next.snapshot"],
          [() => checkpoints.compareAndSet("bad-checkpoint", null, { position: 5n, snapshot: "{\ud800}" }), "next.snapshot"],
          [() => checkpoints.compareAndSet("bad-checkpoint\udc00", null, { position: 5n }), "name"],
          [() => checkpoints.get("caseload\ud800"), "name"],
          [() => checkpoints.reset("caseload\ud800"), "name"],
        ];
        for (const [call, path] of badCalls) {
          expect(refused(await call())).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path }] });
        }
        expect(accepted(await checkpoints.get("bad-checkpoint"))).toBeNull();
      });
    });

    it("never throws and writes nothing, whatever a call is given", async () => {
      await fc.assert(
        fc.asyncProperty(fc.anything(), fc.anything(), fc.anything(), async (first, second, third) => {
          expect(refused(await store.append(first as string, second as LinkworkEvent[], third as ExpectedVersion)).code).toBe(
            "INVALID_STORE_CALL",
          );
          const answers: E.Either<StoreError, unknown>[] = [
            await store.readStream(first as string, second as never),
            await store.readAll(first as never),
            await checkpoints.get(first as string),
            await checkpoints.compareAndSet(first as string, second as never, third as never),
            await checkpoints.reset(first as string),
          ];
          for (const answer of answers) if (E.isLeft(answer)) expect(answer.left.code).toBe("INVALID_STORE_CALL");
          const subscription = store.subscribe(first as never);
          const message = await subscription[Symbol.asyncIterator]().next();
          await subscription.close();
          if (message.done !== true && message.value.kind === "failed") expect(message.value.error.code).toBe("INVALID_STORE_CALL");
        }),
        { numRuns: modelRuns, ...seed },
      );
      expect(await allEvents(store)).toEqual([]);
    });

    it("behaves as a plain model under random appends, retries and reads", async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(modelOperations, { maxCommands: maxOperations }), async (operations) => {
          const run = await factory();
          try {
            const model: StoreModel = { streams: new Map(), log: [], appends: [] };
            await fc.asyncModelRun(() => ({ model, real: run.store }), operations);
            await expectStoreHolds(run.store, model);
          } finally {
            await run.store.close();
            await run.dispose?.();
          }
        }),
        { numRuns: modelRuns, ...seed },
      );
    });

    it("loses no update when many writers race on one case through the command handler", async () => {
      await expectNoLostUpdate(store, writers);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Answers and reads

function show(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) => (typeof inner === "bigint" ? `${inner}n` : inner)) ?? String(value);
}

function accepted<A>(result: E.Either<unknown, A>): A {
  if (E.isLeft(result)) throw new Error(`expected the store to accept the call, it answered ${show(result.left)}`);
  return result.right;
}

function refused(result: E.Either<StoreError, unknown>): StoreError {
  if (E.isRight(result)) throw new Error(`expected the store to refuse the call, it answered ${show(result.right)}`);
  return result.left;
}

function expectAtOrPast(position: GlobalPosition | null, reached: GlobalPosition): void {
  expect(position !== null && position >= reached, `caught-up at ${show(position)}, expected at or past ${show(reached)}`).toBe(true);
}

function expectIncreasing(positions: readonly GlobalPosition[]): void {
  for (let index = 1; index < positions.length; index++) expect(positions[index]! > positions[index - 1]!).toBe(true);
}

async function eventsOf(store: EventStore, streamId: string): Promise<readonly RecordedEvent[]> {
  return accepted(await store.readStream(streamId));
}

async function versionsOf(store: EventStore, streamId: string): Promise<number[]> {
  return (await eventsOf(store, streamId)).map((recorded) => recorded.streamVersion);
}

/** Every page of a read of the global order, following `after`; fails rather than loop for ever. */
async function pagesOf(store: EventStore, options: ReadAllOptions = {}): Promise<RecordedEvent[][]> {
  const pages: RecordedEvent[][] = [];
  let after = options.after;
  for (let calls = 0; calls < 10_000; calls++) {
    const page = accepted(await store.readAll(after === undefined ? options : { ...options, after }));
    if (page.events.length > 0) {
      if (after !== undefined) expect(page.events[0]!.position > after).toBe(true);
      expectIncreasing(page.events.map((recorded) => recorded.position));
      pages.push([...page.events]);
      after = page.events.at(-1)!.position;
    }
    if (page.isEnd) {
      // isEnd promises there was nothing more.
      expect(accepted(await store.readAll(after === undefined ? { ...options } : { ...options, after })).events).toEqual([]);
      return pages;
    }
  }
  throw new Error("readAll did not reach isEnd");
}

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  return (await pagesOf(store)).flat();
}

interface CaughtUp {
  readonly batches: readonly (readonly RecordedEvent[])[];
  readonly events: readonly RecordedEvent[];
  readonly position: GlobalPosition | null;
}

interface SubscriptionReader {
  /** The events of the next `events` message, skipping caught-up marks. */
  nextEvents(): Promise<readonly RecordedEvent[]>;
  /** Everything up to the next caught-up mark. */
  untilCaughtUp(): Promise<CaughtUp>;
  /** Everything up to a caught-up mark at or past `position`. */
  untilDelivered(position: GlobalPosition): Promise<CaughtUp>;
  close(): Promise<void>;
}

function subscriptionReader(subscription: EventSubscription): SubscriptionReader {
  const iterator = subscription[Symbol.asyncIterator]();
  const next = async (): Promise<SubscriptionMessage> => {
    const result = await iterator.next();
    if (result.done === true) throw new Error("the subscription ended unexpectedly");
    if (result.value.kind === "failed") throw new Error(`the subscription failed: ${show(result.value.error)}`);
    return result.value;
  };
  const until = async (done: (position: GlobalPosition | null) => boolean): Promise<CaughtUp> => {
    const batches: RecordedEvent[][] = [];
    for (;;) {
      const message = await next();
      if (message.kind === "events") {
        expect(message.events.length).toBeGreaterThan(0);
        batches.push([...message.events]);
      } else if (message.kind === "caught-up" && done(message.position)) {
        const events = batches.flat();
        expectIncreasing(events.map((recorded) => recorded.position));
        return { batches, events, position: message.position };
      }
    }
  };
  return {
    nextEvents: async () => {
      for (;;) {
        const message = await next();
        if (message.kind === "events") return message.events;
      }
    },
    untilCaughtUp: () => until(() => true),
    untilDelivered: (position) => until((reached) => reached !== null && reached >= position),
    close: () => subscription.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// The model-based property: random operations against a store and against a plain model of it

interface ModelAppend {
  readonly streamId: string;
  readonly events: readonly LinkworkEvent[];
  readonly expected: ExpectedVersion;
  /** The stream's version before the append. */
  readonly before: number;
  readonly result: AppendResult;
  /** Where the append's last event sits in the model's log. */
  readonly lastLogIndex: number;
}

interface StoreModel {
  /** Event ids of each stream, in order. */
  readonly streams: Map<string, string[]>;
  /** Every event in the global order. */
  readonly log: { readonly streamId: string; readonly eventId: string; readonly streamVersion: number }[];
  readonly appends: ModelAppend[];
}

const modelStreams = ["case-case_model1", "case-case_model2", "person-person_model1"] as const;

const versionIn = (model: StoreModel, streamId: string): number => model.streams.get(streamId)?.length ?? 0;

type Expectation = "current" | "stale" | "ahead" | "any" | "no_stream";

class AppendOperation implements fc.AsyncCommand<StoreModel, EventStore> {
  constructor(
    readonly stream: number,
    readonly size: number,
    readonly expectation: Expectation,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: StoreModel, store: EventStore): Promise<void> {
    const streamId = modelStreams[this.stream]!;
    const version = versionIn(model, streamId);
    const expected: ExpectedVersion =
      this.expectation === "current"
        ? version
        : this.expectation === "stale"
          ? version > 0
            ? version - 1
            : 1
          : this.expectation === "ahead"
            ? version + 1
            : this.expectation;
    const events = storeTestEvents(streamId, this.size);
    const answer = await store.append(streamId, events, expected);
    const accepts = expected === "any" || (expected === "no_stream" ? version === 0 : expected === version);
    if (!accepts) {
      expect(refused(answer)).toMatchObject({ code: "CONCURRENCY_CONFLICT", streamId, expected, actual: version });
      return;
    }
    const result = accepted(answer);
    expect(result).toMatchObject({ streamId, nextExpectedVersion: version + this.size });
    const previous = model.appends.at(-1)?.result.position;
    if (previous !== undefined) expect(result.position > previous).toBe(true);
    const ids = model.streams.get(streamId) ?? [];
    model.streams.set(streamId, ids);
    for (const event of events) {
      ids.push(event.metadata.eventId);
      model.log.push({ streamId, eventId: event.metadata.eventId, streamVersion: ids.length });
    }
    model.appends.push({ streamId, events, expected, before: version, result, lastLogIndex: model.log.length - 1 });
  }
  toString(): string {
    return `append(${modelStreams[this.stream]}, ${this.size} events, ${this.expectation})`;
  }
}

type RetryMode = "same" | "any" | "other-version" | "fresh-tail";

class RetryOperation implements fc.AsyncCommand<StoreModel, EventStore> {
  constructor(
    readonly pick: number,
    readonly mode: RetryMode,
  ) {}
  check(model: Readonly<StoreModel>): boolean {
    return model.appends.length > 0;
  }
  async run(model: StoreModel, store: EventStore): Promise<void> {
    const earlier = model.appends[this.pick % model.appends.length]!;
    const current = versionIn(model, earlier.streamId);
    switch (this.mode) {
      case "same":
      case "any":
        expect(accepted(await store.append(earlier.streamId, earlier.events, this.mode === "any" ? "any" : earlier.expected))).toEqual(
          earlier.result,
        );
        return;
      case "other-version": {
        // A version below the current one that is not the one the events were appended at.
        const other = earlier.before + 1 < current ? earlier.before + 1 : earlier.before - 1;
        if (other < 0) return;
        expect(refused(await store.append(earlier.streamId, earlier.events, other))).toMatchObject({
          code: "CONCURRENCY_CONFLICT",
          streamId: earlier.streamId,
          expected: other,
          actual: current,
        });
        return;
      }
      case "fresh-tail": {
        const [fresh] = storeTestEvents(earlier.streamId, 1) as [LinkworkEvent];
        expect(refused(await store.append(earlier.streamId, [...earlier.events, fresh], "any"))).toMatchObject({
          code: "CONCURRENCY_CONFLICT",
        });
        return;
      }
    }
  }
  toString(): string {
    return `retry(append #${this.pick}, ${this.mode})`;
  }
}

class ReadStreamOperation implements fc.AsyncCommand<StoreModel, EventStore> {
  constructor(
    readonly stream: number,
    readonly backwards: boolean,
    readonly fromVersion: number | undefined,
    readonly maxCount: number | undefined,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: StoreModel, store: EventStore): Promise<void> {
    const streamId = modelStreams[this.stream]!;
    const ids = model.streams.get(streamId) ?? [];
    const options = {
      direction: this.backwards ? ("backwards" as const) : ("forwards" as const),
      ...(this.fromVersion === undefined ? {} : { fromVersion: this.fromVersion }),
      ...(this.maxCount === undefined ? {} : { maxCount: this.maxCount }),
    };
    const read = accepted(await store.readStream(streamId, options));
    const limit = this.maxCount ?? Number.MAX_SAFE_INTEGER;
    const versions: number[] = [];
    if (this.backwards) {
      for (let version = Math.min(this.fromVersion ?? ids.length, ids.length); version >= 1 && versions.length < limit; version--)
        versions.push(version);
    } else {
      for (let version = (this.fromVersion ?? 0) + 1; version <= ids.length && versions.length < limit; version++) versions.push(version);
    }
    expect(read.map((recorded) => [recorded.streamId, recorded.streamVersion, recorded.event.metadata.eventId])).toEqual(
      versions.map((version) => [streamId, version, ids[version - 1]]),
    );
  }
  toString(): string {
    return `readStream(${modelStreams[this.stream]}, ${this.backwards ? "backwards" : "forwards"}, from ${this.fromVersion}, max ${this.maxCount})`;
  }
}

class ReadAllOperation implements fc.AsyncCommand<StoreModel, EventStore> {
  constructor(
    readonly pick: number | null,
    readonly maxCount: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: StoreModel, store: EventStore): Promise<void> {
    const from = this.pick === null || model.appends.length === 0 ? null : model.appends[this.pick % model.appends.length]!;
    const page = accepted(
      await store.readAll(from === null ? { maxCount: this.maxCount } : { after: from.result.position, maxCount: this.maxCount }),
    );
    const remaining = model.log.slice(from === null ? 0 : from.lastLogIndex + 1);
    // Stores may answer fewer events than asked, but always some while any remain, and in order.
    if (remaining.length > 0) expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.length).toBeLessThanOrEqual(this.maxCount);
    expect(page.events.map((recorded) => [recorded.streamId, recorded.streamVersion, recorded.event.metadata.eventId])).toEqual(
      remaining.slice(0, page.events.length).map((entry) => [entry.streamId, entry.streamVersion, entry.eventId]),
    );
    if (page.isEnd) expect(page.events.length).toBe(remaining.length);
    if (remaining.length > page.events.length) expect(page.isEnd).toBe(false);
    if (from !== null && page.events.length > 0) expect(page.events[0]!.position > from.result.position).toBe(true);
    expectIncreasing(page.events.map((recorded) => recorded.position));
  }
  toString(): string {
    return `readAll(after append #${this.pick}, max ${this.maxCount})`;
  }
}

const modelOperations = [
  fc
    .tuple(
      fc.nat(modelStreams.length - 1),
      fc.integer({ min: 1, max: 3 }),
      fc.constantFrom<Expectation>("current", "current", "stale", "ahead", "any", "no_stream"),
    )
    .map(([stream, size, expectation]) => new AppendOperation(stream, size, expectation)),
  fc
    .tuple(fc.nat(), fc.constantFrom<RetryMode>("same", "any", "other-version", "fresh-tail"))
    .map(([pick, mode]) => new RetryOperation(pick, mode)),
  fc
    .tuple(
      fc.nat(modelStreams.length - 1),
      fc.boolean(),
      fc.option(fc.nat(8), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    )
    .map(([stream, backwards, fromVersion, maxCount]) => new ReadStreamOperation(stream, backwards, fromVersion, maxCount)),
  fc
    .tuple(fc.option(fc.nat(), { nil: null }), fc.integer({ min: 1, max: 6 }))
    .map(([pick, maxCount]) => new ReadAllOperation(pick, maxCount)),
];

/** After a run: the whole store equals the model, stream by stream and in the global order. */
async function expectStoreHolds(store: EventStore, model: StoreModel): Promise<void> {
  const all = await allEvents(store);
  expect(all.map((recorded) => [recorded.streamId, recorded.streamVersion, recorded.event.metadata.eventId])).toEqual(
    model.log.map((entry) => [entry.streamId, entry.streamVersion, entry.eventId]),
  );
  for (const streamId of modelStreams) {
    expect((await eventsOf(store, streamId)).map((recorded) => recorded.event.metadata.eventId)).toEqual(model.streams.get(streamId) ?? []);
  }
}

// ---------------------------------------------------------------------------------------------
// Concurrency: writers racing on one case through the command handler

const raceTime = "2025-01-06T09:00:00Z";

function caseCommand(type: string, caseId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { type, caseId, commandId: randomUUID(), occurredAt: raceTime, recordedBy: "lw_race1", ...fields };
}

/**
 * Several handlers (as several processes would) race commands on one case: each distinct
 * connection twice (a retried request), and many attempts at one shared connection, of which the
 * decider must accept exactly one. A store that lets a stale append through would accept more.
 */
async function expectNoLostUpdate(store: EventStore, writers: number): Promise<void> {
  const caseId = randomUUID();
  const streamId = caseStream(caseId);
  const setup = linkwork(store);
  for (const command of [
    caseCommand("ReceiveReferral", caseId, {
      personId: "person_race1",
      pcnId: "U00015",
      practiceId: "R00005",
      source: "gp",
      reasons: ["loneliness"],
      consent: { contact: true, shareOutcomeWithReferrer: false },
    }),
    caseCommand("AcceptReferral", caseId, { linkWorkerId: "lw_race1" }),
    caseCommand("HoldConversation", caseId, { mode: "phone", minutes: 30 }),
    caseCommand("AgreePlan", caseId, { goals: [{ goalId: "goal-race", need: "loneliness" }] }),
  ]) {
    accepted(await setup.handle(command));
  }
  const setupVersion = accepted(await setup.loadCase(caseId)).version;

  const handlers = Array.from({ length: 4 }, () => linkwork(store, { retry: { maxAttempts: 3 * writers + 5 } }));
  const connection = (connectionId: string) =>
    caseCommand("MakeConnection", caseId, {
      connectionId,
      goalId: "goal-race",
      providerId: "prov_race1",
      activity: "peer_support",
      mode: "referred",
    });
  const distinct = Array.from({ length: writers }, (_, index) => connection(`connection-${index}`));
  const shared = Array.from({ length: writers }, () => connection("connection-shared"));
  const sends = [
    ...distinct.flatMap((command, index) => [
      { command, handler: handlers[index % 4]! },
      { command, handler: handlers[(index + 1) % 4]! },
    ]),
    ...shared.map((command, index) => ({ command, handler: handlers[index % 4]! })),
  ];
  const results = await Promise.all(sends.map(({ command, handler }) => handler.handle(command)));

  const answers = new Map<unknown, typeof results>();
  sends.forEach(({ command }, index) => answers.set(command, [...(answers.get(command) ?? []), results[index]!]));
  for (const command of distinct) {
    const [first, second] = answers.get(command)!.map((answer) => accepted(answer).events.map((event) => event.metadata.eventId));
    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
  }
  const sharedAnswers = shared.map((command) => answers.get(command)![0]!);
  expect(sharedAnswers.filter(E.isRight)).toHaveLength(1);
  for (const answer of sharedAnswers.filter(E.isLeft))
    expect(answer.left).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "connectionId" }] });

  const stream = await eventsOf(store, streamId);
  const total = setupVersion + writers + 1;
  expect(stream.map((recorded) => recorded.streamVersion)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
  expect(new Set(stream.map((recorded) => recorded.event.metadata.eventId)).size).toBe(total);
  for (const command of [...distinct, ...shared]) {
    const answer = answers.get(command)![0]!;
    if (E.isLeft(answer)) continue;
    const written = stream.filter((recorded) => recorded.event.metadata.causationId === command["commandId"]);
    expect(written.map((recorded) => recorded.event)).toEqual(answer.right.events);
  }
  const connections = stream.filter((recorded) => recorded.event.type === "ConnectionMade");
  expect(connections).toHaveLength(writers + 1);
  const loaded = accepted(await linkwork(store).loadCase(caseId));
  expect(loaded.version).toBe(total);
  expect(loaded.state.connections.size).toBe(writers + 1);
  expect((await allEvents(store)).filter((recorded) => recorded.streamId === streamId)).toEqual(stream);
}
