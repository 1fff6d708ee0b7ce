import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
// Relative imports: the repository root has no dependency on the workspace packages.
import { parseHistoryLine, writeHistoryFile, type EventStore, type RecordedEvent } from "../packages/core/src/index.js";
import { memoryCheckpointStore, memoryEventStore } from "../packages/store-memory/src/index.js";
import {
  historyFileSource,
  readAllSource,
  startProjectionRunner,
  type AnyProjection,
  type Projection,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionSource,
} from "../packages/projections/src/index.js";
import { recordCaseload } from "../packages/projections/test/runner/runner-caseload.js";
import type { BenchRow } from "./bench-row.js";
import { collect } from "./full-collection.js";

export interface ProjectionReplayOptions {
  /** Events in the long history (the short one, over the same people, has a tenth). */
  readonly events: number;
  /** The set to replay, or a factory for a fresh set per run. */
  readonly projections: readonly AnyProjection[] | (() => readonly AnyProjection[]);
  /** Runner batch size. Default the runner's (1000). */
  readonly batchSize?: number;
  /** Events between checkpoint saves. Default the runner's (one save per batch). */
  readonly checkpointInterval?: number;
  /** Snapshots in the checkpoints. Default false, as the CLI's one-pass replay (reports) runs it. */
  readonly snapshots?: boolean;
  readonly seed?: number;
}

/**
 * Events per person per round of the simulated caseload (runner-caseload.ts: every case walks some
 * steps and then ends, its GP record entries acknowledged by a drain), measured (was 8.4 before the
 * drain): sizes the population for a target length.
 */
const EVENTS_PER_PERSON_ROUND = 11.4;
const LONG_ROUNDS = 10;
const MB = 1024 * 1024;
/** Memory samples per replay at most: each is a full collection. */
const MEMORY_SAMPLES = 200;

interface History {
  readonly path: string;
  readonly events: number;
  readonly bytes: number;
}

async function writeHistory(store: EventStore, path: string): Promise<History> {
  const written = await writeHistoryFile(store, path);
  if (written._tag === "Left") throw new Error(`projection-replay bench: export failed: ${written.left.message}`);
  return { path, events: written.right.events, bytes: (await stat(path)).size };
}

/**
 * The floors a file replay is measured against: the same file split into lines by readline, each
 * line JSON.parse'd (or read by the core's validating line parser), nothing kept.
 */
async function timeLines(path: string, read: (line: string, lineNumber: number) => unknown): Promise<number> {
  const started = performance.now();
  let kept = 0;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (read(line, ++lineNumber) !== null) kept++;
  }
  const elapsed = performance.now() - started;
  if (kept === 0) throw new Error("projection-replay bench: the history file is empty");
  return elapsed;
}

const jsonParse = (line: string) => JSON.parse(line) as unknown;
const historyParse = (line: string, lineNumber: number) => parseHistoryLine(line, lineNumber);

function runnerOptions(options: ProjectionReplayOptions, source: ProjectionSource, onProgress?: () => void): ProjectionRunnerOptions {
  return {
    source,
    projections: typeof options.projections === "function" ? options.projections() : options.projections,
    checkpoints: memoryCheckpointStore(),
    snapshots: options.snapshots ?? false,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.checkpointInterval === undefined ? {} : { checkpointInterval: options.checkpointInterval }),
    ...(onProgress === undefined ? {} : { onProgress }),
  };
}

async function finish(runner: ProjectionRunner, expected: number): Promise<void> {
  const done = await runner.done;
  if (done._tag === "Left") throw new Error(`projection-replay bench: replay failed: ${done.left.message}`);
  if (done.right.eventsApplied !== expected)
    throw new Error(`projection-replay bench: applied ${done.right.eventsApplied} of ${expected} events`);
}

/** A replay's time, nothing sampled. */
async function timeReplay(options: ProjectionReplayOptions, source: ProjectionSource, expected: number): Promise<number> {
  const started = performance.now();
  await finish(startProjectionRunner(runnerOptions(options, source)), expected);
  return performance.now() - started;
}

interface ReplayMemory {
  /** Most heap held at once (after a full collection) above the floor before the replay. */
  readonly peakLiveHeapMb: number;
  readonly peakRssMb: number;
}

/**
 * A replay's memory, sampled every few batches after a full collection, so the figure is what the
 * replay holds (states, buffers) and not garbage waiting for the collector.
 */
async function measureReplay(options: ProjectionReplayOptions, source: ProjectionSource, expected: number): Promise<ReplayMemory> {
  const batches = Math.ceil(expected / (options.batchSize ?? 1000));
  const every = Math.max(1, Math.floor(batches / MEMORY_SAMPLES));
  collect();
  const floor = process.memoryUsage();
  let peakHeap = floor.heapUsed;
  let peakRss = floor.rss;
  let batch = 0;
  const sample = () => {
    collect();
    const usage = process.memoryUsage();
    if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
    if (usage.rss > peakRss) peakRss = usage.rss;
  };
  const runner = startProjectionRunner(runnerOptions(options, source, () => (++batch % every === 0 ? sample() : undefined)));
  await finish(runner, expected);
  // The states are still reachable through the runner here.
  sample();
  return { peakLiveHeapMb: (peakHeap - floor.heapUsed) / MB, peakRssMb: peakRss / MB };
}

/** The projections applied straight over the events in memory: no runner, no checkpoints. */
function timeDirectApply(options: ProjectionReplayOptions, events: readonly RecordedEvent[]): number {
  const projections = (
    typeof options.projections === "function" ? options.projections() : options.projections
  ) as readonly Projection<unknown>[];
  const states = projections.map((projection) => projection.initialState());
  const started = performance.now();
  for (const event of events) {
    for (let index = 0; index < projections.length; index++) states[index] = projections[index]!.apply(states[index], event);
  }
  return performance.now() - started;
}

const perSecond = (events: number, ms: number) => (events / ms) * 1000;
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/**
 * Replay throughput of a projection set from an NDJSON history file (against splitting and
 * JSON.parse-ing the same file) and from store-memory (against applying the projections in a bare
 * loop), and the replay's memory for a history ten times longer over the same people (against the
 * short one). Histories are simulated caseloads recorded through `linkwork(store).handle`.
 */
export async function benchProjectionReplay(options: ProjectionReplayOptions): Promise<BenchRow[]> {
  const seed = options.seed ?? 42;
  const people = Math.max(1, Math.round(options.events / (EVENTS_PER_PERSON_ROUND * LONG_ROUNDS)));
  const directory = await mkdtemp(join(tmpdir(), "linkwork-replay-bench-"));
  try {
    let longStore: EventStore | null = memoryEventStore();
    await recordCaseload(longStore, { people, rounds: LONG_ROUNDS, seed });
    const long = await writeHistory(longStore, join(directory, "long.ndjson"));
    let shortStore: EventStore | null = memoryEventStore();
    await recordCaseload(shortStore, { people, rounds: 1, seed });
    const short = await writeHistory(shortStore, join(directory, "short.ndjson"));
    await shortStore.close();
    shortStore = null;

    // A replay's time varies more from run to run than a bare parse's (what a young-generation
    // collection finds alive, and so copies, depends on V8's sizing of the moment), so each figure is
    // the best of six alternating runs.
    const runs = long.events >= 1_000_000 ? 3 : 6;
    // Warm-up, so every figure is taken with optimised code.
    await timeLines(short.path, jsonParse);
    await timeLines(short.path, historyParse);
    await timeReplay(options, historyFileSource(short.path), short.events);
    await timeReplay(options, readAllSource(longStore), long.events);

    // Read in pages (a page holds at most largestReadPage events), outside the timed runs.
    const inMemory: RecordedEvent[] = [];
    for (let after: bigint | undefined, isEnd = false; !isEnd;) {
      const page = await longStore.readAll(after === undefined ? { maxCount: 10_000 } : { after, maxCount: 10_000 });
      if (page._tag === "Left") throw new Error(page.left.message);
      inMemory.push(...page.right.events);
      after = page.right.events.at(-1)?.position ?? after;
      isEnd = page.right.isEnd;
    }
    let directMs = Infinity;
    let storeMs = Infinity;
    for (let run = 0; run < runs; run++) {
      directMs = Math.min(directMs, timeDirectApply(options, inMemory));
      storeMs = Math.min(storeMs, await timeReplay(options, readAllSource(longStore), long.events));
    }
    await longStore.close();
    longStore = null;

    let jsonMs = Infinity;
    let parserMs = Infinity;
    let fileMs = Infinity;
    for (let run = 0; run < runs; run++) {
      jsonMs = Math.min(jsonMs, await timeLines(long.path, jsonParse));
      parserMs = Math.min(parserMs, await timeLines(long.path, historyParse));
      fileMs = Math.min(fileMs, await timeReplay(options, historyFileSource(long.path), long.events));
    }

    // Each measured twice, alternating, keeping the second: the first runs settle what a process
    // allocates once (compiled validators, optimised code), which would otherwise count against one of them.
    await measureReplay(options, historyFileSource(short.path), short.events);
    await measureReplay(options, historyFileSource(long.path), long.events);
    const shortMemory = await measureReplay(options, historyFileSource(short.path), short.events);
    const longMemory = await measureReplay(options, historyFileSource(long.path), long.events);

    const names = (typeof options.projections === "function" ? options.projections() : options.projections)
      .map((projection) => projection.name)
      .join(", ");
    const set = `${names || "no projections"}; ${people.toLocaleString("en-GB")} people`;
    const count = long.events.toLocaleString("en-GB");
    const snapshotNote = options.snapshots === true ? " with snapshots" : ", positions only (no snapshots)";
    const fileValue = perSecond(long.events, fileMs);
    const lengths = `${short.events.toLocaleString("en-GB")} vs ${long.events.toLocaleString("en-GB")} events`;
    const throughput = (name: string, baseline: string, value: number, baselineValue: number, note: string): BenchRow => ({
      name,
      baseline,
      ratio: value / baselineValue,
      value: round(value),
      unit: "events/s",
      baselineValue: round(baselineValue),
      note: `${set}; ${note}; best of ${runs}`,
    });
    const memory = (name: string, value: number, baselineValue: number, note: string): BenchRow => ({
      name,
      baseline: "the same replay of the 1x history",
      ratio: value / Math.max(baselineValue, 0.001),
      value: round(value, 1),
      unit: "MB",
      baselineValue: round(baselineValue, 1),
      note: `${set}; ${lengths}; ${note}`,
    });
    return [
      throughput(
        `projection replay from an NDJSON history file, ${count} events`,
        "readline line split + JSON.parse of the same file",
        fileValue,
        perSecond(long.events, jsonMs),
        `${round(long.bytes / MB, 1)} MB file; every line validated by the core's parser; checkpoints saved per batch${snapshotNote}`,
      ),
      throughput(
        `projection replay from an NDJSON history file, ${count} events, against parsing alone`,
        "readline line split + the core's parseHistoryLine, nothing applied",
        fileValue,
        perSecond(long.events, parserMs),
        "what the runner and the projections add over reading the file",
      ),
      throughput(
        `projection replay from store-memory, ${count} events`,
        "the projections applied in a bare loop over the same events",
        perSecond(long.events, storeMs),
        perSecond(long.events, directMs),
        `read-all pages (store-memory's own paging included), no parsing, every event checked by the history checker; checkpoints saved per batch${snapshotNote}`,
      ),
      memory(
        "projection replay peak live heap, history 10x longer over the same people",
        longMemory.peakLiveHeapMb,
        shortMemory.peakLiveHeapMb,
        "heap above the pre-replay floor after a full collection, sampled every few batches; target ratio < 1.5",
      ),
      memory(
        "projection replay peak RSS, history 10x longer over the same people",
        longMemory.peakRssMb,
        shortMemory.peakRssMb,
        "whole-process RSS, sampled every few batches (includes everything the bench holds)",
      ),
    ];
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
