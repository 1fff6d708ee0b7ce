import type { EventDetail, OptionalTimestamp } from "@castore/core";
import { InMemoryEventStorageAdapter } from "@castore/event-storage-adapter-in-memory";
// Relative imports: the repository root has no dependency on the workspace packages.
import type { LinkworkEvent } from "../packages/core/src/index.js";
import { memoryEventStore } from "../packages/store-memory/src/index.js";
import type { BenchRow } from "./bench-row.js";

export interface StoreAppendOptions {
  readonly streamCounts: readonly number[];
  readonly eventsPerStream: number;
}

/** One append call per event, in rounds over every stream (version 1 of each, then version 2...). */
interface Workload {
  readonly streamIds: readonly string[];
  /** batches[version][stream]: the one-event list appended as that stream's event `version + 1`. */
  readonly batches: readonly (readonly (readonly LinkworkEvent[])[])[];
}

const template: LinkworkEvent = {
  type: "ContactAttempted",
  schemaVersion: 1,
  data: { channel: "phone", reached: true },
  metadata: {
    eventId: "0190b5a1-0000-7000-8000-000000000000",
    occurredAt: "2025-03-03T09:00:00Z",
    recordedBy: "lw_bench1",
    correlationId: "0190b5a1-0000-7000-8000-000000000000",
    causationId: "0190b5a1-0000-7000-8000-000000000000",
  },
};

function workload(streamCount: number, eventsPerStream: number): Workload {
  const streamIds = Array.from({ length: streamCount }, (_, stream) => `case-bench-${stream}`);
  // Cheap, distinct, well-formed UUID v7s (sha256-derived ids would dominate set-up time), made flat
  // strings by a JSON round trip as ids parsed from a request or made by the uuid library are.
  const eventIds = JSON.parse(
    JSON.stringify(
      Array.from(
        { length: streamCount * eventsPerStream },
        (_, serial) => `0190b5a1-0000-7000-8000-${serial.toString(16).padStart(12, "0")}`,
      ),
    ),
  ) as string[];
  const batches = Array.from({ length: eventsPerStream }, (_, version) =>
    streamIds.map((_, stream) => [{ ...template, metadata: { ...template.metadata, eventId: eventIds[version * streamCount + stream]! } }]),
  );
  return { streamIds: JSON.parse(JSON.stringify(streamIds)) as string[], batches };
}

/** The in-process limit: a Map of arrays behind an awaited call, no checks at all. */
async function timeBaseline(load: Workload): Promise<number> {
  const streams = new Map<string, LinkworkEvent[]>();
  const append = async (streamId: string, events: readonly LinkworkEvent[]): Promise<number> => {
    let stream = streams.get(streamId);
    if (stream === undefined) {
      stream = [];
      streams.set(streamId, stream);
    }
    for (const event of events) stream.push(event);
    return stream.length;
  };
  const started = performance.now();
  for (const round of load.batches) {
    for (let stream = 0; stream < round.length; stream++) await append(load.streamIds[stream]!, round[stream]!);
  }
  return performance.now() - started;
}

async function timeStore(load: Workload): Promise<number> {
  const store = memoryEventStore();
  let refused = 0;
  const started = performance.now();
  for (let version = 0; version < load.batches.length; version++) {
    const round = load.batches[version]!;
    for (let stream = 0; stream < round.length; stream++) {
      if ((await store.append(load.streamIds[stream]!, round[stream]!, version))._tag === "Left") refused++;
    }
  }
  const elapsed = performance.now() - started;
  await store.close();
  if (refused > 0) throw new Error(`store-append bench: ${refused} appends were refused`);
  return elapsed;
}

/**
 * Castore's in-memory adapter on the same appends: one awaited `pushEvent` per event carrying its
 * version, which the adapter refuses when the stream already holds it (Castore's expected-version
 * check). The adapter is called directly, not through an EventStore, whose reducer and hooks would
 * add work store-memory does not do; so this is the least Castore does for such an append.
 */
async function timeCastore(streamIds: readonly string[], batches: readonly (readonly CastoreEvent[])[]): Promise<number> {
  const adapter = new InMemoryEventStorageAdapter();
  const context = { eventStoreId: "bench" };
  const started = performance.now();
  for (const round of batches) {
    for (const event of round) await adapter.pushEvent(event, context);
  }
  const elapsed = performance.now() - started;
  const stored = streamIds.reduce((sum, streamId) => sum + (adapter.eventStore[streamId]?.length ?? 0), 0);
  if (stored !== batches.length * streamIds.length) throw new Error(`store-append bench: Castore holds ${stored} events`);
  return elapsed;
}

/** An event as Castore's pushEvent takes it: the adapter stamps the time. */
type CastoreEvent = OptionalTimestamp<EventDetail>;

/** The workload's events as Castore event details, built before timing as the store's are. */
function castoreEvents(load: Workload): CastoreEvent[][] {
  return load.batches.map((round, version) =>
    round.map(([event], stream) => ({
      aggregateId: load.streamIds[stream]!,
      version: version + 1,
      type: event!.type,
      payload: event!.data,
      metadata: event!.metadata,
    })),
  );
}

/** Small workloads are noisy and cheap, so they get more runs; 2 million events only two. */
const runsFor = (events: number) => Math.max(2, Math.min(20, Math.round(2_000_000 / events)));

/**
 * store-memory append throughput against a plain Map behind an awaited call, at each stream count.
 * Events are built before timing; each figure is the best of a few runs to damp GC noise.
 */
export async function benchStoreAppend(options: StoreAppendOptions): Promise<BenchRow[]> {
  const { streamCounts, eventsPerStream } = options;
  const warmUp = workload(1000, eventsPerStream);
  // Enough calls for the JIT to settle on both sides before anything is timed.
  for (let run = 0; run < 10; run++) {
    await timeBaseline(warmUp);
    await timeStore(warmUp);
  }
  const rows: BenchRow[] = [];
  for (const streamCount of streamCounts) {
    const load = workload(streamCount, eventsPerStream);
    const events = streamCount * eventsPerStream;
    const runs = runsFor(events);
    let baselineMs = Infinity;
    let storeMs = Infinity;
    for (let run = 0; run < runs; run++) {
      baselineMs = Math.min(baselineMs, await timeBaseline(load));
      storeMs = Math.min(storeMs, await timeStore(load));
    }
    const value = (events / storeMs) * 1000;
    const baselineValue = (events / baselineMs) * 1000;
    rows.push({
      name: `store-memory append, ${streamCount.toLocaleString("en-GB")} streams x ${eventsPerStream} events`,
      baseline: "Map<string, event[]> push behind an awaited call",
      ratio: value / baselineValue,
      value: Math.round(value),
      unit: "events/s",
      baselineValue: Math.round(baselineValue),
      note: `one awaited append per event at its exact expected version, events built before timing; best of ${runs} runs`,
    });
  }
  return rows;
}

/**
 * store-memory append throughput against Castore's in-memory adapter on the same events and streams,
 * timed alternately in one process; the ratio is store-memory's rate over Castore's. (A full
 * collection before each timing, to keep one side from paying for the other's garbage, slowed
 * both sides three to ten times at 1,000 streams, so there is none.)
 */
export async function benchStoreAppendAgainstCastore(options: StoreAppendOptions): Promise<BenchRow[]> {
  const { streamCounts, eventsPerStream } = options;
  const warmUp = workload(1000, eventsPerStream);
  const warmUpCastore = castoreEvents(warmUp);
  for (let run = 0; run < 10; run++) {
    await timeCastore(warmUp.streamIds, warmUpCastore);
    await timeStore(warmUp);
  }
  const rows: BenchRow[] = [];
  for (const streamCount of streamCounts) {
    const load = workload(streamCount, eventsPerStream);
    const castoreLoad = castoreEvents(load);
    const events = streamCount * eventsPerStream;
    const runs = runsFor(events);
    let castoreMs = Infinity;
    let storeMs = Infinity;
    for (let run = 0; run < runs; run++) {
      castoreMs = Math.min(castoreMs, await timeCastore(load.streamIds, castoreLoad));
      storeMs = Math.min(storeMs, await timeStore(load));
    }
    const value = (events / storeMs) * 1000;
    const castoreValue = (events / castoreMs) * 1000;
    rows.push({
      name: `store-memory append vs Castore, ${streamCount.toLocaleString("en-GB")} streams x ${eventsPerStream} events`,
      baseline: "Castore 2.4 InMemoryEventStorageAdapter pushEvent",
      ratio: value / castoreValue,
      value: Math.round(value),
      unit: "events/s",
      baselineValue: Math.round(castoreValue),
      note: `one awaited append per event at its version on both sides, events built before timing; best of ${runs} runs`,
    });
  }
  return rows;
}
