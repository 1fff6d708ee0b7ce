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
 *
 * The handler reads a stream from the version its cache holds. When its cache holds every stream
 * of the run (`rereadable: false`), that is always the stream's end, so a held stream is only its
 * version: memory per open person is a map entry, not their lines (at 10 PCNs the held lines were
 * about 150 MB of a 490 MB heap and grew with every month). With a smaller cache (`rereadable:
 * true`) a stream the cache let go is read back from its held lines.
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
  /** Events of the streams not forgotten (held as lines only when rereadable). */
  readonly heldEvents: number;
}

export interface StreamingHistoryOptions {
  /** Hold each open stream's lines, so it can be read back from the start; otherwise only its version. */
  readonly rereadable: boolean;
}

const notServed = (call: string): StoreError =>
  invalidStoreCall(call, "the simulation's streaming history is written as it goes; read the history file instead");

export function streamingHistory(options: StreamingHistoryOptions): StreamingHistory {
  // Rereadable: a held stream's events as their line texts (a string is a fraction of the event
  // object's heap). Otherwise: its version alone.
  const versions = new Map<string, number>();
  const held = new Map<string, string[]>();
  let lines: string[] = [];
  let position = 0n;
  let heldEvents = 0;

  function append(
    streamId: string,
    events: readonly LinkworkEvent[],
    expectedVersion: ExpectedVersion,
  ): E.Either<StoreError, AppendResult> {
    const current = versions.get(streamId) ?? 0;
    const expected = expectedVersion === "no_stream" ? 0 : expectedVersion;
    if (expected !== "any" && expected !== current) {
      return E.left(concurrencyConflict(streamId, expectedVersion, current, `the stream is at version ${String(current)}`));
    }
    const stream = options.rereadable ? (held.get(streamId) ?? []) : null;
    let version = current;
    for (const event of events) {
      position += 1n;
      version += 1;
      const line = formatHistoryLine({ streamId, streamVersion: version, position, event }, position);
      stream?.push(line);
      lines.push(`${line}\n`);
    }
    heldEvents += events.length;
    versions.set(streamId, version);
    if (stream !== null) held.set(streamId, stream);
    return E.right({ streamId, nextExpectedVersion: version, position });
  }

  const store: EventStore = {
    append: (streamId, events, expectedVersion) => Promise.resolve(append(streamId, events, expectedVersion)),
    readStream: (streamId, readOptions) => {
      if (readOptions?.direction === "backwards") return Promise.resolve(E.left(notServed("readStream backwards")));
      const from = readOptions?.fromVersion ?? 0;
      const end = versions.get(streamId) ?? 0;
      if (from >= end) return Promise.resolve(E.right([]));
      const stream = held.get(streamId);
      // Only the version is held: the handler's cache was to hold every stream, and let this one go.
      if (stream === undefined) return Promise.resolve(E.left(notServed(`readStream ${streamId} from version ${String(from)}`)));
      const events: RecordedEvent[] = [];
      for (let version = from; version < end; version += 1) {
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
      heldEvents -= versions.get(streamId) ?? 0;
      versions.delete(streamId);
      held.delete(streamId);
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
      return heldEvents;
    },
  };
}
