import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { EventFilter, EventStore, GlobalPosition, ReadAllOptions, RecordedEvent, StoreError } from "@linkwork/core";
import type { ReadAllPage } from "@linkwork/core/store-kit";
import { memoryEventStore } from "@linkwork/store-memory";
import { readAllOptions, readAllPages } from "../../src/runner/read-all-pages.js";
import { storeFailed, type RunnerError } from "../../src/runner/runner-error.js";
import type { RunnerIntake } from "../../src/runner/runner-intake.js";
import { recordCaseload } from "./runner-caseload.js";
import { allEvents } from "./runner-fixtures.js";

/** readAllPages as it was before reading ahead: one awaited read per page. The reference the property compares with. */
async function readAllPagesOneAtATime(store: EventStore, filter: EventFilter | undefined, intake: RunnerIntake): Promise<void> {
  let after: GlobalPosition | null = intake.after;
  while (!intake.ending()) {
    const page = await store.readAll(readAllOptions(after, filter, intake.batchSize));
    if (E.isLeft(page)) return intake.fail(storeFailed(page.left, "reading the store"));
    const { events, isEnd } = page.right;
    const last = events[events.length - 1];
    if (last !== undefined) {
      if (after !== null && last.position <= after) {
        const stuck: StoreError = {
          code: "STORE_UNAVAILABLE",
          message: `the store's page after position ${after} ends at ${last.position}: no progress`,
          retryable: false,
        };
        return intake.fail(storeFailed(stuck, "reading the store"));
      }
      await intake.deliver(events, null);
      after = last.position;
    }
    if (isEnd || last === undefined) return intake.caughtUp();
  }
}

type Fault = "left" | "reject" | "throw" | "stuck" | "empty";

interface Script {
  /** Positions of the store's events, in order (gaps allowed, as a filtered read has). */
  readonly gaps: number[];
  /** Most events the store answers per read, by the index of the event the read starts after (-1: the start). */
  readonly pageLimits: number[];
  /** A read starting after the event with this index answers with this fault instead. */
  readonly faults: { readonly at: number; readonly fault: Fault }[];
  /** The run ends (stop) after this many deliveries; null: never. */
  readonly stopAfter: number | null;
  /** Ticks each read and each delivery takes, so reads and deliveries interleave differently. */
  readonly delays: number[];
}

const ticks = async (count: number): Promise<void> => {
  for (let tick = 0; tick < count; tick++) await Promise.resolve();
};

function scriptedStore(events: readonly RecordedEvent[], script: Script, started: () => void): EventStore {
  let call = 0;
  const readAll = (options?: ReadAllOptions): Promise<E.Either<StoreError, ReadAllPage>> => {
    const after = options?.after ?? null;
    const from = after === null ? 0 : events.findIndex((recorded) => recorded.position > after);
    const start = from === -1 ? events.length : from;
    const fault = script.faults.find((planned) => planned.at === start - 1)?.fault;
    const delay = script.delays[call++ % script.delays.length] ?? 0;
    // A store adapter that throws instead of answering: synchronously, before any promise.
    if (fault === "throw") throw new Error(`thrown after ${start - 1}`);
    started();
    return (async () => {
      await ticks(delay);
      if (fault === "reject") throw new Error(`rejected after ${start - 1}`);
      if (fault === "left") return E.left<StoreError>({ code: "STORE_UNAVAILABLE", message: `down after ${start - 1}`, retryable: true });
      if (fault === "empty") return E.right({ events: [], isEnd: false });
      const limit = Math.min(options?.maxCount ?? 1000, 1 + (script.pageLimits[start + 1] ?? 3));
      if (fault === "stuck") return E.right({ events: events.slice(0, Math.max(1, start)), isEnd: false });
      const page = events.slice(start, start + limit);
      return E.right({ events: page, isEnd: start + limit >= events.length });
    })();
  };
  return {
    readAll,
    readStream: () => Promise.resolve(E.right([])),
    append: () => Promise.resolve(E.left({ code: "STORE_UNAVAILABLE", message: "read only", retryable: false })),
    subscribe: () => {
      throw new Error("not used");
    },
    close: () => Promise.resolve(),
  };
}

type Logged =
  { readonly delivered: string[] } | { readonly failed: RunnerError } | { readonly caughtUp: true } | { readonly thrown: string };

/** Runs a reader over the scripted store with an intake that logs what it is handed. */
async function logOf(
  reader: typeof readAllPages,
  events: readonly RecordedEvent[],
  script: Script,
): Promise<{ log: Logged[]; deliveriesAfterTheNextRead: number }> {
  const log: Logged[] = [];
  let deliveries = 0;
  let stopped = script.stopAfter === 0;
  let readsStarted = 0;
  let deliveriesAfterTheNextRead = 0;
  const store = scriptedStore(events, script, () => {
    readsStarted++;
  });
  const intake: RunnerIntake = {
    after: null,
    batchSize: 5,
    ending: () => stopped || log.some((entry) => "failed" in entry),
    deliver: async (batch) => {
      // This page's read and the next one's have started: the next page is read while this one is applied.
      if (readsStarted > deliveries + 1) deliveriesAfterTheNextRead++;
      log.push({ delivered: batch.map((recorded) => recorded.position.toString()) });
      await ticks(script.delays[deliveries % script.delays.length] ?? 0);
      deliveries++;
      // stop() called while this batch is applied.
      if (script.stopAfter !== null && deliveries >= script.stopAfter) stopped = true;
    },
    refused: () => undefined,
    redelivered: () => undefined,
    reached: () => Promise.resolve(),
    caughtUp: () => {
      log.push({ caughtUp: true });
      return Promise.resolve();
    },
    fail: (error) => void log.push({ failed: error }),
    onStop: () => undefined,
  };
  try {
    await reader(store, undefined, intake);
  } catch (thrown) {
    log.push({ thrown: (thrown as Error).message });
  }
  return { log, deliveriesAfterTheNextRead };
}

let recorded: RecordedEvent[] = [];

beforeAll(async () => {
  const store = memoryEventStore();
  await recordCaseload(store, { people: 4, rounds: 1, seed: 5 });
  recorded = await allEvents(store);
});

const scripts = fc.record({
  gaps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 40 }),
  pageLimits: fc.array(fc.nat({ max: 7 }), { maxLength: 41 }),
  faults: fc.array(
    fc.record({ at: fc.integer({ min: -1, max: 40 }), fault: fc.constantFrom<Fault>("left", "reject", "throw", "stuck", "empty") }),
    { maxLength: 2 },
  ),
  stopAfter: fc.option(fc.nat({ max: 10 })),
  delays: fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 6 }),
});

/** The script's events: the caseload's, renumbered with the script's gaps between positions. */
function eventsOf(script: Script): RecordedEvent[] {
  let position = 0n;
  return script.gaps.slice(0, recorded.length).map((gap, index) => {
    position += BigInt(gap);
    return { ...recorded[index]!, position };
  });
}

describe("readAllPages reads one page ahead", () => {
  it("delivers the same events once each, in order, and ends with the same outcome as reading one page at a time", async () => {
    await fc.assert(
      fc.asyncProperty(scripts, async (script) => {
        const events = eventsOf(script);
        const ahead = await logOf(readAllPages, events, script);
        const reference = await logOf(readAllPagesOneAtATime, events, script);
        expect(ahead.log).toStrictEqual(reference.log);
        const delivered = ahead.log.flatMap((entry) => ("delivered" in entry ? entry.delivered : []));
        expect(delivered).toStrictEqual(events.slice(0, delivered.length).map((event) => event.position.toString()));
      }),
      { numRuns: 300 },
    );
  });

  it("starts no read once stop() is called while a page is on its way", async () => {
    const events = eventsOf({ gaps: Array(20).fill(1), pageLimits: [], faults: [], stopAfter: null, delays: [0] });
    for (const reader of [readAllPages, readAllPagesOneAtATime]) {
      let stopped = false;
      let reads = 0;
      let answerSecond: () => void = () => undefined;
      const second = new Promise<void>((resolve) => (answerSecond = resolve));
      const delivered: number[] = [];
      const store: EventStore = {
        ...scriptedStore(events, { gaps: [], pageLimits: [], faults: [], stopAfter: null, delays: [0] }, () => undefined),
        readAll: async (options?: ReadAllOptions) => {
          reads++;
          // The second page is answered only once stop() has been called, while the reader waits for it.
          if (reads === 2) await second;
          const after = options?.after ?? 0n;
          const page = events.filter((event) => event.position > after).slice(0, 5);
          return E.right({ events: page, isEnd: page.at(-1) === events.at(-1) });
        },
      };
      const intake: RunnerIntake = {
        after: null,
        batchSize: 5,
        ending: () => stopped,
        deliver: async (batch) => {
          delivered.push(batch.length);
          if (delivered.length === 1)
            setImmediate(() => {
              stopped = true;
              answerSecond();
            });
        },
        refused: () => undefined,
        redelivered: () => undefined,
        reached: () => Promise.resolve(),
        caughtUp: () => Promise.resolve(),
        fail: () => undefined,
        onStop: () => undefined,
      };
      await reader(store, undefined, intake);
      // The page on its way is delivered, as before; no read goes to the store after stop().
      expect({ reads, delivered }).toStrictEqual({ reads: 2, delivered: [5, 5] });
    }
  });

  it("starts the next page's read while the current page is being applied", async () => {
    const script: Script = { gaps: Array(20).fill(1), pageLimits: Array(21).fill(4), faults: [], stopAfter: null, delays: [3] };
    const events = eventsOf(script);
    expect(events).toHaveLength(20);
    const { log, deliveriesAfterTheNextRead } = await logOf(readAllPages, events, script);
    expect(log.at(-1)).toStrictEqual({ caughtUp: true });
    // Four pages of five: the first three are applied once the next page's read has started; the last is the end.
    expect(deliveriesAfterTheNextRead).toBe(3);
    expect((await logOf(readAllPagesOneAtATime, events, script)).deliveriesAfterTheNextRead).toBe(0);
  });
});
