// The EventStoreDB adapter over each client library against that raw client doing the same calls, over the same
// wire-compatible test server (run in its own process), in the same run.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { parseEvent, type EventStore, type GlobalPosition, type LinkworkEvent } from "../packages/core/src/index.js";
import { StreamCategory } from "../packages/core/src/store-kit/index.js";
import { eventStoreDb, type ClientLibraryName, type EventStoreDb } from "../packages/store-eventstore/src/index.js";
import type { BenchRow } from "./bench-row.js";
import { contactAttemptEvent } from "./contact-attempt-event.js";

export interface EventStoreAdapterOptions {
  /** Events each side appends and reads. */
  readonly events: number;
  /** The client library under the adapter, and the raw client it is measured against. */
  readonly client: ClientLibraryName;
}

/** What the bench uses of either raw client library (the same calls, `expectedRevision` / `streamState` apart). */
interface RawPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}
interface RawRecordedEvent {
  readonly position?: RawPosition;
  readonly streamId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}
interface RawClient {
  appendToStream(stream: string, event: unknown, options: object): Promise<unknown>;
  readAll(options: { direction: "forwards"; fromPosition: RawPosition | "start"; maxCount: number }): AsyncIterable<{
    readonly event?: RawRecordedEvent;
  }>;
  subscribeToAll(options: { fromPosition: "start"; filter: unknown }): {
    on(event: string, listener: (...args: never[]) => void): unknown;
    unsubscribe(): Promise<unknown>;
  };
  dispose(): Promise<void>;
}
interface RawLibrary {
  connect(connectionString: string): RawClient;
  jsonEvent(event: { id: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }): unknown;
  streamNameFilter(options: { prefixes: string[] }): unknown;
  appendOptions(version: number): object;
}

/**
 * Loads one client library, and only that one: the generated code of @eventstore/db-client and
 * @kurrent/kurrentdb-client cannot share a process (each bench section runs in its own).
 */
async function rawLibrary(name: ClientLibraryName): Promise<RawLibrary> {
  const expected = (version: number) => (version === 0 ? "no_stream" : BigInt(version - 1));
  if (name === "@kurrent/kurrentdb-client") {
    const library = await import("@kurrent/kurrentdb-client");
    return {
      connect: (connectionString) => {
        const client = library.KurrentDBClient.connectionString(connectionString);
        return {
          appendToStream: (stream, event, options) => client.appendToStream(stream, event as never, options),
          readAll: (options) => client.readAll(options),
          subscribeToAll: (options) => client.subscribeToAll(options as never),
          dispose: () => client.dispose(),
        };
      },
      jsonEvent: (event) => library.jsonEvent(event),
      streamNameFilter: (options) => library.streamNameFilter(options),
      appendOptions: (version) => ({ streamState: expected(version) }),
    };
  }
  const library = await import("@eventstore/db-client");
  return {
    connect: (connectionString) => {
      const client = library.EventStoreDBClient.connectionString(connectionString);
      return {
        appendToStream: (stream, event, options) => client.appendToStream(stream, event as never, options),
        readAll: (options) => client.readAll(options),
        subscribeToAll: (options) => client.subscribeToAll(options as never),
        dispose: () => client.dispose(),
      };
    },
    jsonEvent: (event) => library.jsonEvent(event),
    streamNameFilter: (options) => library.streamNameFilter(options),
    appendOptions: (version) => ({ expectedRevision: expected(version) }),
  };
}

const streamsPerSide = 50;
const pageSize = 1000;
/** Every Linkwork category, as the adapter reads and subscribes (its server filter has the same prefixes). */
const categoryPrefixes = StreamCategory.options.map((category) => `${category}-`);

/** One event per command, as the command handler appends them: `events` events over `streamsPerSide` streams. */
function workload(side: string, events: number): { streamId: string; version: number; event: LinkworkEvent }[] {
  return Array.from({ length: events }, (_, serial) => {
    const event = contactAttemptEvent(serial);
    return { streamId: `case-bench-${side}-${serial % streamsPerSide}`, version: Math.floor(serial / streamsPerSide), event };
  });
}

/** The same JSON the adapter writes, so both sides send the same bytes. */
function rawEvent(library: RawLibrary, event: LinkworkEvent): unknown {
  const { eventId, occurredAt: at, recordedBy, correlationId, causationId } = event.metadata;
  return library.jsonEvent({
    id: eventId,
    type: event.type,
    data: event.data,
    metadata: {
      schemaVersion: event.schemaVersion,
      eventId,
      occurredAt: at,
      recordedBy,
      correlationId,
      causationId,
      $correlationId: correlationId,
      $causationId: causationId,
    },
  });
}

/**
 * The check every Linkwork reader of the shared log makes, raw client or adapter: the event read
 * back through the core's `parseEvent` (the log is shared; an event someone wrote by hand must be
 * refused, not folded). The raw side makes it too, so the read and catch-up baselines do the same
 * work as the adapter, not less; it costs about 1 µs of client CPU per event (docs/eventstoredb.md).
 */
function checkRawEvent(event: RawRecordedEvent): void {
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const parsed = parseEvent({
    type: event.type,
    schemaVersion: metadata["schemaVersion"],
    data: event.data,
    metadata: {
      eventId: metadata["eventId"],
      occurredAt: metadata["occurredAt"],
      recordedBy: metadata["recordedBy"],
      correlationId: metadata["correlationId"],
      causationId: metadata["causationId"],
    },
  });
  if (E.isLeft(parsed)) throw new Error(`raw client read an event the core refuses: ${parsed.left.message}`);
}

interface Timing {
  readonly ms: number;
  readonly count: number;
  /** CPU time of this process (the client side) per event, in microseconds. */
  readonly cpuPerEvent: number;
}

async function timed(work: () => Promise<number>): Promise<Timing> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const count = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, count, cpuPerEvent: (used.user + used.system) / count };
}

async function appendThroughAdapter(store: EventStore, load: ReturnType<typeof workload>): Promise<number> {
  for (const { streamId, version, event } of load) {
    const answer = await store.append(streamId, [event], version);
    if (E.isLeft(answer)) throw new Error(`adapter append refused: ${answer.left.message}`);
  }
  return load.length;
}

async function appendThroughClient(library: RawLibrary, client: RawClient, load: ReturnType<typeof workload>): Promise<number> {
  for (const { streamId, version, event } of load) {
    await client.appendToStream(streamId, rawEvent(library, event), library.appendOptions(version));
  }
  return load.length;
}

async function readAllThroughAdapter(store: EventStore): Promise<number> {
  let count = 0;
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll(after === undefined ? { maxCount: pageSize } : { after, maxCount: pageSize });
    if (E.isLeft(page)) throw new Error(`adapter readAll refused: ${page.left.message}`);
    count += page.right.events.length;
    after = page.right.events.at(-1)?.position ?? after;
    if (page.right.isEnd) return count;
  }
}

/** Pages of `$all` with the raw client: inclusive start, so each page after the first skips its first event. */
async function readAllThroughClient(client: RawClient): Promise<number> {
  let count = 0;
  let from: RawPosition | undefined;
  for (;;) {
    let read = 0;
    for await (const resolved of client.readAll({
      direction: "forwards",
      fromPosition: from ?? "start",
      maxCount: pageSize + (from === undefined ? 0 : 1),
    })) {
      read += 1;
      const position = resolved.event?.position;
      if (position === undefined) continue;
      // As the adapter does: positions compare as (commit, prepare), and the one read from is skipped.
      if (from !== undefined && (position.commit < from.commit || (position.commit === from.commit && position.prepare <= from.prepare)))
        continue;
      if (categoryPrefixes.some((prefix) => resolved.event!.streamId.startsWith(prefix))) {
        checkRawEvent(resolved.event!);
        count += 1;
      }
      from = position;
    }
    if (read < pageSize) return count;
  }
}

async function subscribeThroughAdapter(store: EventStore): Promise<number> {
  let count = 0;
  const subscription = store.subscribe();
  for await (const message of subscription) {
    if (message.kind === "events") count += message.events.length;
    else if (message.kind === "caught-up") break;
    else throw new Error(`adapter subscription failed: ${message.error.message}`);
  }
  return count;
}

async function subscribeThroughClient(library: RawLibrary, client: RawClient): Promise<number> {
  let count = 0;
  const subscription = client.subscribeToAll({ fromPosition: "start", filter: library.streamNameFilter({ prefixes: categoryPrefixes }) });
  await new Promise<void>((resolve, reject) => {
    subscription.on("data", (resolved: { readonly event?: RawRecordedEvent }) => {
      try {
        if (resolved.event !== undefined) checkRawEvent(resolved.event);
        count += 1;
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    subscription.on("caughtUp", () => resolve());
    subscription.on("error", reject);
  });
  await subscription.unsubscribe();
  return count;
}

async function startServerProcess(): Promise<{ connectionString: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL("./eventstore-server-process.ts", import.meta.url))], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  return { connectionString: line.trim(), child };
}

function connect(connectionString: string, client: ClientLibraryName): EventStoreDb {
  const db = eventStoreDb({ connectionString, client });
  if (E.isLeft(db)) throw new Error(db.left.message);
  return db.right;
}

const READ_ROUNDS = 9;

/** The best of several timings of each side, run alternately (ABBA...) so warm-up and background load fall on both alike. */
async function bestOf(rounds: number, adapter: (round: number) => Promise<number>, raw: (round: number) => Promise<number>) {
  const best: { adapter: Timing; raw: Timing } = {
    adapter: { ms: Infinity, count: 0, cpuPerEvent: 0 },
    raw: { ms: Infinity, count: 0, cpuPerEvent: 0 },
  };
  const faster = (a: Timing, b: Timing) => (b.count / b.ms > a.count / a.ms ? b : a);
  for (let round = 0; round < rounds; round++) {
    const sides = round % 2 === 0 ? (["adapter", "raw"] as const) : (["raw", "adapter"] as const);
    for (const side of sides) best[side] = faster(best[side], await timed(() => (side === "adapter" ? adapter(round) : raw(round))));
  }
  return best;
}

/**
 * Appends (one event per call at its exact version, as the command handler makes them), pages of
 * `$all` and a catch-up subscription, each through the adapter and through the raw client; each
 * figure is the best of several alternating rounds.
 */
export async function benchEventStoreAdapter(options: EventStoreAdapterOptions): Promise<BenchRow[]> {
  const { connectionString: esdb, child } = await startServerProcess();
  // The successor client takes the same server under its own scheme (it warns about esdb://).
  const connectionString = options.client === "@kurrent/kurrentdb-client" ? esdb.replace(/^esdb:/, "kurrentdb:") : esdb;
  const library = await rawLibrary(options.client);
  const db = connect(connectionString, options.client);
  const client = library.connect(connectionString);
  try {
    const rounds = 6;
    const chunk = Math.max(streamsPerSide, Math.floor(options.events / rounds / streamsPerSide) * streamsPerSide);
    const adapterLoad = workload("adapter", rounds * chunk);
    const clientLoad = workload("client", rounds * chunk);
    // Warm-up: both paths (and the server process) connected and compiled before anything is timed.
    for (let round = 0; round < 3; round++) {
      await appendThroughAdapter(db.store, workload(`warm${round}adapter`, 500));
      await appendThroughClient(library, client, workload(`warm${round}client`, 500));
      await readAllThroughAdapter(db.store);
      await readAllThroughClient(client);
    }

    const append = await bestOf(
      rounds,
      (round) => appendThroughAdapter(db.store, adapterLoad.slice(round * chunk, (round + 1) * chunk)),
      (round) => appendThroughClient(library, client, clientLoad.slice(round * chunk, (round + 1) * chunk)),
    );
    // Reads and catch-ups vary from run to run by ±8% here (the server process shares two cores with
    // the client), more than the adapter's overhead, so each is the best of nine.
    const read = await bestOf(
      READ_ROUNDS,
      () => readAllThroughAdapter(db.store),
      () => readAllThroughClient(client),
    );
    const subscribe = await bestOf(
      READ_ROUNDS,
      () => subscribeThroughAdapter(db.store),
      () => subscribeThroughClient(library, client),
    );
    if (read.adapter.count !== read.raw.count || subscribe.adapter.count !== subscribe.raw.count) {
      throw new Error(
        `eventstore-adapter bench: the two sides saw different events (${read.adapter.count} / ${read.raw.count} read, ${subscribe.adapter.count} / ${subscribe.raw.count} subscribed)`,
      );
    }

    const row = (name: string, baseline: string, adapter: Timing, raw: Timing, note: string): BenchRow => {
      const value = (adapter.count / adapter.ms) * 1000;
      const baselineValue = (raw.count / raw.ms) * 1000;
      const cpu = `client CPU per event: adapter ${adapter.cpuPerEvent.toFixed(1)} µs, raw client ${raw.cpuPerEvent.toFixed(1)} µs`;
      return {
        name,
        baseline,
        ratio: value / baselineValue,
        value: Math.round(value),
        unit: "events/s",
        baselineValue: Math.round(baselineValue),
        note: `${note}; ${cpu}`,
      };
    };
    return [
      row(
        `EventStoreDB adapter append, ${chunk.toLocaleString("en-GB")} events per round`,
        `raw ${options.client} appendToStream, same events and revisions`,
        append.adapter,
        append.raw,
        `one awaited append per event at its exact version over BatchAppend; the adapter also checks each event against its schema; best of ${rounds} rounds`,
      ),
      row(
        `EventStoreDB adapter readAll, ${read.adapter.count.toLocaleString("en-GB")} events`,
        `raw ${options.client} readAll in pages of 1000, each event checked with parseEvent too`,
        read.adapter,
        read.raw,
        `both sides check every event with the core's parseEvent (the adapter would also upcast); best of ${READ_ROUNDS} full reads`,
      ),
      row(
        `EventStoreDB adapter subscription catch-up, ${subscribe.adapter.count.toLocaleString("en-GB")} events`,
        `raw ${options.client} subscribeToAll with the same category filter, each event checked with parseEvent too`,
        subscribe.adapter,
        subscribe.raw,
        `from the start to the caught-up mark, both sides checking every event with parseEvent; best of ${READ_ROUNDS}`,
      ),
    ];
  } finally {
    await db.close();
    await client.dispose();
    child.stdin?.end();
    await once(child, "exit");
  }
}
