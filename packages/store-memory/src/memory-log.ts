import type { GlobalPosition, LinkworkEvent, RecordedEvent, StoreError } from "@linkwork/core";

/** What every call to a closed memory store answers. */
export const closedStore: StoreError = { code: "STORE_UNAVAILABLE", message: "the memory store has been closed", retryable: false };

/** One stream of a memory store. */
export interface Stream {
  readonly id: string;
  readonly category: string;
  /** The stream's events in order: version v at index v - 1. Its length is the stream's version. */
  readonly events: RecordedEvent[];
  /** Event id -> index in `events`, to tell a retry from a new event (ids are unique within a stream). */
  readonly indexOfId: Map<string, number>;
}

/**
 * Everything a memory store holds: its streams by id, and every recorded event in the global order,
 * the event at position p at index p - 1, so reading after a position is an index, never a search.
 * A stream and the global order share each RecordedEvent. Readers waiting for new events share one
 * wake-up promise that an append resolves; with nobody waiting an append costs a null check.
 */
export class MemoryLog {
  readonly streams = new Map<string, Stream>();
  readonly events: RecordedEvent[] = [];
  #closed = false;
  #wake: { readonly promise: Promise<void>; readonly resolve: () => void } | null = null;

  get closed(): boolean {
    return this.#closed;
  }

  /** Adds an empty stream, when its first events are appended. */
  newStream(id: string, category: string): Stream {
    const stream: Stream = { id, category, events: [], indexOfId: new Map() };
    this.streams.set(id, stream);
    return stream;
  }

  /** Records an event at the end of a stream and of the global order. */
  record(stream: Stream, event: LinkworkEvent): RecordedEvent {
    const recorded: RecordedEvent = {
      streamId: stream.id,
      streamVersion: stream.events.length + 1,
      position: BigInt(this.events.length + 1),
      event,
    };
    stream.indexOfId.set(event.metadata.eventId, stream.events.length);
    stream.events.push(recorded);
    this.events.push(recorded);
    return recorded;
  }

  /** Resolves at the next append, when the log closes, or when a reader is closed. */
  nextAppend(): Promise<void> {
    if (this.#wake === null) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((settle) => (resolve = settle));
      this.#wake = { promise, resolve };
    }
    return this.#wake.promise;
  }

  /**
   * Wakes every waiting reader; each looks at the log and its own state again. Closing one
   * subscription wakes the others for nothing, which costs less than a promise per wait to race.
   */
  wakeReaders(): void {
    const wake = this.#wake;
    if (wake !== null) {
      this.#wake = null;
      wake.resolve();
    }
  }

  close(): void {
    this.#closed = true;
    this.wakeReaders();
  }
}

/** The index in the global order of the first event after `after` (past the end for a position not reached yet). */
export function indexAfter(after: GlobalPosition | undefined): number {
  if (after === undefined) return 0;
  return after >= BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(after);
}
