import * as E from "fp-ts/lib/Either.js";
import { concurrencyConflict, invalidStoreCall, type AppendResult, type ExpectedVersion, type ReadAllPage } from "@linkwork/core/store-kit";
import {
  formatHistoryLine,
  parseHistoryLine,
  type EventStore,
  type EventSubscription,
  type LinkworkEvent,
  type RecordedEvent,
  type StoreError,
  type SubscriptionMessage,
} from "@linkwork/core";

/**
 * Where a simulation writes as it goes, for a history too large to hold (a national year): an
 * EventStore for the command handler that turns every appended event into its history-file line at
 * once, and holds the events of a stream only while the simulation may still write to it. A stream
 * the simulation is done with is `forget`-ten: its events go, so memory follows the open cases and
 * the people whose usage is still being recorded, not the history written.
 *
 * Lines are numbered from 1 in append order, as `writeHistoryFile` numbers a store's global order,
 * so a run gives the same bytes either way (test/simulation-streaming.test.ts).
 *
 * Only what the simulation's command handler calls is served: append, and readStream of a held
 * stream. A forgotten stream reads as empty, as a new one would; the simulation never writes to a
 * stream after it is done with it, and a run that did would differ from the held-store run, which
 * the test compares byte for byte.
 */
export interface StreamingHistory {
  readonly store: EventStore;
  /** The simulation will not write to this stream again. */
  forget(streamId: string): void;
  /** The lines appended since the last call, each ending in "\n". */
  takeLines(): string[];
  /** Lines appended and not taken yet. */
  readonly pendingLines: number;
  /** Events appended so far. */
  readonly events: number;
  /** Events held, of streams not forgotten. */
  readonly heldEvents: number;
}

const notServed = (call: string): StoreError =>
  invalidStoreCall(call, "the simulation's streaming history is written as it goes; read the history file instead");

export function streamingHistory(): StreamingHistory {
  // A held stream's events as their line texts: a string is a fraction of the event object's heap,
  // and the command handler reads a stream back only when its cache has let the stream go.
  const streams = new Map<string, string[]>();
  let lines: string[] = [];
  let position = 0n;
  let held = 0;

  function append(
    streamId: string,
    events: readonly LinkworkEvent[],
    expectedVersion: ExpectedVersion,
  ): E.Either<StoreError, AppendResult> {
    const stream = streams.get(streamId) ?? [];
    const current = stream.length;
    const expected = expectedVersion === "no_stream" ? 0 : expectedVersion;
    if (expected !== "any" && expected !== current) {
      return E.left(concurrencyConflict(streamId, expectedVersion, current, `the stream is at version ${String(current)}`));
    }
    for (const event of events) {
      position += 1n;
      const recorded: RecordedEvent = { streamId, streamVersion: stream.length + 1, position, event };
      const line = formatHistoryLine(recorded, position);
      stream.push(line);
      lines.push(`${line}\n`);
    }
    held += events.length;
    streams.set(streamId, stream);
    return E.right({ streamId, nextExpectedVersion: stream.length, position });
  }

  const store: EventStore = {
    append: (streamId, events, expectedVersion) => Promise.resolve(append(streamId, events, expectedVersion)),
    readStream: (streamId, options) => {
      if (options?.direction === "backwards") return Promise.resolve(E.left(notServed("readStream backwards")));
      const stream = streams.get(streamId) ?? [];
      const events: RecordedEvent[] = [];
      for (let version = options?.fromVersion ?? 0; version < stream.length; version += 1) {
        const parsed = parseHistoryLine(stream[version]!, version + 1);
        if (E.isLeft(parsed)) return Promise.resolve(E.left(notServed(`readStream ${streamId}: ${parsed.left.message}`)));
        events.push(parsed.right);
      }
      return Promise.resolve(E.right(events));
    },
    readAll: () => Promise.resolve(E.left<StoreError, ReadAllPage>(notServed("readAll"))),
    subscribe: (): EventSubscription => {
      const failed: SubscriptionMessage = { kind: "failed", error: notServed("subscribe") };
      let sent = false;
      const next = (): Promise<IteratorResult<SubscriptionMessage>> => {
        const result: IteratorResult<SubscriptionMessage> = sent ? { done: true, value: undefined } : { done: false, value: failed };
        sent = true;
        return Promise.resolve(result);
      };
      return { [Symbol.asyncIterator]: () => ({ next }), close: () => Promise.resolve() };
    },
    close: () => Promise.resolve(),
  };

  return {
    store,
    forget(streamId) {
      held -= streams.get(streamId)?.length ?? 0;
      streams.delete(streamId);
    },
    takeLines() {
      const taken = lines;
      lines = [];
      return taken;
    },
    get pendingLines() {
      return lines.length;
    },
    get events() {
      return Number(position);
    },
    get heldEvents() {
      return held;
    },
  };
}
