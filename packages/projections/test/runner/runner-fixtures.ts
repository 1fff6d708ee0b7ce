import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import type { Checkpoint, CheckpointStore, EventStore, RecordedEvent, StoreError, SubscriptionMessage } from "@linkwork/core";
import type { Projection, StateCodec } from "../../src/index.js";

/**
 * A counting and summing projection for the runner's tests: any event applied twice, missed or
 * applied out of order shows in its numbers (`outOfOrder` counts stream versions that do not
 * follow the stream's previous one).
 */
export interface Tally {
  events: number;
  positionSum: number;
  minutes: number;
  byType: Record<string, number>;
  streams: Record<string, number>;
  outOfOrder: number;
}

const TallySchema = z.object({
  events: z.number(),
  positionSum: z.number(),
  minutes: z.number(),
  byType: z.record(z.string(), z.number()),
  streams: z.record(z.string(), z.number()),
  outOfOrder: z.number(),
});

export const tallyCodec: StateCodec<Tally> = {
  encode: (state) => JSON.stringify(state),
  decode: (text) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return E.left(`not JSON: ${(error as Error).message}`);
    }
    const parsed = TallySchema.safeParse(raw);
    return parsed.success
      ? E.right(parsed.data)
      : E.left(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  },
};

export const emptyTally = (): Tally => ({ events: 0, positionSum: 0, minutes: 0, byType: {}, streams: {}, outOfOrder: 0 });

/** Updates in place, as a projection built for replay speed may. */
export function applyTally(state: Tally, recorded: RecordedEvent): Tally {
  const { event } = recorded;
  state.events += 1;
  state.positionSum += Number(recorded.position);
  if (event.type === "ConversationHeld") state.minutes += event.data.minutes;
  state.byType[event.type] = (state.byType[event.type] ?? 0) + 1;
  const previous = state.streams[recorded.streamId] ?? 0;
  if (recorded.streamVersion !== previous + 1) state.outOfOrder += 1;
  state.streams[recorded.streamId] = recorded.streamVersion;
  return state;
}

export interface TallyOptions {
  readonly name?: string;
  readonly version?: number;
  /** Without a codec the state is never snapshotted. Default true. */
  readonly codec?: boolean;
  /** Throws (before touching the state) on the events this picks. */
  readonly failOn?: (recorded: RecordedEvent) => boolean;
}

export function tallyProjection(options: TallyOptions = {}): Projection<Tally> {
  const failOn = options.failOn;
  const projection: Projection<Tally> = {
    name: options.name ?? "tally",
    version: options.version ?? 1,
    initialState: emptyTally,
    apply:
      failOn === undefined
        ? applyTally
        : (state, recorded) => {
            if (failOn(recorded)) throw new Error(`refused ${recorded.event.type} at ${recorded.position}`);
            return applyTally(state, recorded);
          },
  };
  return options.codec === false ? projection : { ...projection, codec: tallyCodec };
}

/** What one pass over a list of events gives, computed without the runner. */
export function tallyOf(events: readonly RecordedEvent[]): Tally {
  return events.reduce(applyTally, emptyTally());
}

export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const page = await store.readAll({ maxCount: 1_000_000 });
  if (E.isLeft(page)) throw new Error(page.left.message);
  return [...page.right.events];
}

/**
 * A store that delivers at least once, never exactly once: every read-all page starts `overlap`
 * events before the position asked for, and every subscription batch is delivered twice, then
 * again from an earlier position after each caught-up mark.
 */
export function redeliveringStore(store: EventStore, overlap: number): EventStore {
  return {
    ...delegate(store),
    readAll: async (options = {}) => {
      const after = options.after === undefined ? undefined : options.after - BigInt(overlap);
      const { after: _ignored, ...rest } = options;
      return store.readAll(after === undefined || after <= 0n ? rest : { ...rest, after });
    },
    subscribe: (options = {}) => {
      const inner = store.subscribe(options);
      async function* twice(): AsyncGenerator<SubscriptionMessage> {
        let earlier: readonly RecordedEvent[] = [];
        for await (const message of inner) {
          if (message.kind === "events") {
            yield message;
            yield message;
            earlier = message.events;
          } else {
            if (message.kind === "caught-up" && earlier.length > 0) yield { kind: "events", events: earlier };
            yield message;
          }
        }
      }
      const messages = twice();
      return { [Symbol.asyncIterator]: () => messages, close: () => inner.close() };
    },
  };
}

/**
 * A checkpoint store that dies after `writes` successful saves: every later save fails as if the
 * process had lost its connection, so a runner using it ends without saving anything more. This is
 * how the tests kill a runner at an arbitrary point.
 */
export function dyingCheckpointStore(inner: CheckpointStore, writes: number): CheckpointStore {
  let left = writes;
  const unavailable: StoreError = { code: "STORE_UNAVAILABLE", message: "checkpoint store lost (test)", retryable: true };
  return {
    get: (name) => inner.get(name),
    reset: (name) => inner.reset(name),
    compareAndSet: async (name: string, expected: bigint | null, next: Checkpoint) => {
      if (left <= 0) return E.left(unavailable);
      left -= 1;
      return inner.compareAndSet(name, expected, next);
    },
  };
}

/** A store whose subscription delivers nothing until closed (reads still answer), to catch a runner mid-wait. */
export function silentSubscriptionStore(store: EventStore): EventStore {
  return {
    ...delegate(store),
    subscribe: () => {
      let close: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => (close = resolve));
      async function* nothing(): AsyncGenerator<SubscriptionMessage> {
        await closed;
        yield* [];
      }
      const messages = nothing();
      return {
        [Symbol.asyncIterator]: () => messages,
        close: async () => close(),
      };
    },
  };
}

/** A store's methods bound to it, to override some (the memory store is a class: spreading it copies nothing). */
export function delegate(store: EventStore): EventStore {
  return {
    append: (streamId, events, expected) => store.append(streamId, events, expected),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
}
