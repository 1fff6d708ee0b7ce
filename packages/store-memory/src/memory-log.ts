import type { GlobalPosition, LinkworkEvent, RecordedEvent, StoreError } from "@linkwork/core";

/** What every call to a closed memory store answers. */
export const closedStore: StoreError = { code: "STORE_UNAVAILABLE", message: "the memory store has been closed", retryable: false };

/**
 * One stream of a memory store. An append pushes three slots per event onto one array (the event,
 * its log index, its id's fingerprint) and allocates nothing else, because every object kept per
 * event is work for the garbage collector on every append; RecordedEvent objects are built when read.
 */
export interface Stream {
  readonly id: string;
  readonly category: string;
  /** The stream's version: how many events it holds. */
  length: number;
  /** `[event, logIndex, fingerprint]` for each event in order: version v starts at slot 3(v - 1). */
  readonly slots: (LinkworkEvent | number)[];
  /** Event id -> index in the stream, built once the stream is too long to scan. */
  idIndex: Map<string, number> | null;
}

/** Streams up to this many events find an event id by scanning fingerprints; longer ones keep a map. */
const scanLimit = 32;

export function newStream(id: string, category: string): Stream {
  return { id, category, length: 0, slots: [], idIndex: null };
}

export function eventAt(stream: Stream, index: number): LinkworkEvent {
  return stream.slots[3 * index] as LinkworkEvent;
}

/** The index in the stream of the event with this id (whose fingerprint is given), or -1. */
export function indexOfEventId(stream: Stream, eventId: string, fingerprint: number): number {
  if (stream.idIndex !== null) return stream.idIndex.get(eventId) ?? -1;
  const slots = stream.slots;
  for (let slot = 2; slot < slots.length; slot += 3) {
    if (slots[slot] === fingerprint && (slots[slot - 2] as LinkworkEvent).metadata.eventId === eventId) return (slot - 2) / 3;
  }
  return -1;
}

/** The global position of the stream's event at `index`. */
export function positionInStream(stream: Stream, index: number): GlobalPosition {
  return BigInt((stream.slots[3 * index + 1] as number) + 1);
}

export function recordedInStream(stream: Stream, index: number): RecordedEvent {
  return { streamId: stream.id, streamVersion: index + 1, position: positionInStream(stream, index), event: eventAt(stream, index) };
}

/**
 * The streams and the global order of a memory store. The event at log index i has position
 * i + 1, so reading after a position is an index, never a search. Readers waiting for new events
 * share one wake-up promise that an append resolves; with nobody waiting an append costs a null check.
 */
export class MemoryLog {
  readonly streams = new Map<string, Stream>();
  /** `[stream, index in stream]` for each event in the global order. */
  readonly #order: (Stream | number)[] = [];
  #length = 0;
  #closed = false;
  #wake: { readonly promise: Promise<void>; readonly resolve: () => void } | null = null;

  get closed(): boolean {
    return this.#closed;
  }

  get length(): number {
    return this.#length;
  }

  /** Adds an event to a stream and to the global order; returns its log index. */
  push(stream: Stream, event: LinkworkEvent, fingerprint: number): number {
    const logIndex = this.#length++;
    const index = stream.length++;
    stream.slots.push(event, logIndex, fingerprint);
    this.#order.push(stream, index);
    if (stream.idIndex !== null) stream.idIndex.set(event.metadata.eventId, index);
    else if (index === scanLimit)
      stream.idIndex = new Map(Array.from({ length: index + 1 }, (_, at) => [eventAt(stream, at).metadata.eventId, at]));
    return logIndex;
  }

  recordedAt(logIndex: number): RecordedEvent {
    const stream = this.#order[2 * logIndex] as Stream;
    const index = this.#order[2 * logIndex + 1] as number;
    return { streamId: stream.id, streamVersion: index + 1, position: BigInt(logIndex + 1), event: eventAt(stream, index) };
  }

  /** The event type at a log index, to filter without building the RecordedEvent. */
  typeAt(logIndex: number): string {
    return eventAt(this.#order[2 * logIndex] as Stream, this.#order[2 * logIndex + 1] as number).type;
  }

  /** The log index the first event after `after` has or will have (past the end for a position not reached yet). */
  indexAfter(after: GlobalPosition | undefined): number {
    if (after === undefined) return 0;
    return after >= BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(after);
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
