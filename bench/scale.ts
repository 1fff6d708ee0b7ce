// Scale (issue 16): an ICB's year from the simulator (50 PCNs), replayed through reports and in
// worker threads, and the peak memory of a replay of it and of a 200-PCN year. Each figure is against
// a baseline measured in the same run on the same file.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
// Relative imports: the repository root has no dependency on the workspace packages.
import { memoryCheckpointStore } from "../packages/store-memory/src/index.js";
import { simulateHistoryFile } from "../packages/simulation/src/index.js";
import { buildReports } from "../packages/cli/src/index.js";
import { historyFileSource, startParallelFileReplay, startProjectionRunner } from "../packages/projections/src/index.js";
import type { BenchRow } from "./bench-row.js";
import { collect } from "./full-collection.js";
import { allReadModels } from "./read-model-set.js";

export interface ScaleOptions {
  /** PCNs simulated for a year: 50 is an ICB's size (issue 16). */
  readonly pcns: number;
  readonly seed?: number;
}

interface History {
  readonly path: string;
  readonly events: number;
  readonly bytes: number;
  /** Referred and comparison people. */
  readonly people: number;
  readonly remove: () => Promise<void>;
}

/**
 * Set by bench/run.ts for its sections' processes: the run's folder of simulated years, so the
 * scale sections share each year (simulated once a run, not once a section) and run.ts removes it
 * when the run ends. A section run on its own simulates into a folder of its own.
 */
export const SHARED_YEARS = "LINKWORK_BENCH_YEARS";

/** What a shared year's facts file holds, beside its history file. */
interface YearFacts {
  readonly events: number;
  readonly bytes: number;
  readonly people: number;
}

const isYearFacts = (value: unknown): value is YearFacts =>
  typeof value === "object" &&
  value !== null &&
  ["events", "bytes", "people"].every((key) => typeof (value as Record<string, unknown>)[key] === "number");

/** A year another section of this run simulated, or null. */
async function sharedYear(factsPath: string): Promise<YearFacts | null> {
  try {
    const facts: unknown = JSON.parse(await readFile(factsPath, "utf8"));
    return isYearFacts(facts) ? facts : null;
  } catch {
    return null;
  }
}

/** The simulator's year written as it goes (the same bytes as simulate + writeHistoryFile, in bounded memory). */
async function simulatedYear(options: ScaleOptions): Promise<History> {
  const seed = options.seed ?? 7;
  const shared = process.env[SHARED_YEARS];
  const folder = shared ?? (await mkdtemp(join(tmpdir(), "linkwork-bench-scale-")));
  const remove = shared === undefined ? () => rm(folder, { recursive: true, force: true }) : () => Promise.resolve();
  const name = `seed-${String(seed)}-pcns-${String(options.pcns)}-months-12`;
  const path = join(folder, `${name}.ndjson`);
  const factsPath = join(folder, `${name}.json`);
  const known = shared === undefined ? null : await sharedYear(factsPath);
  if (known !== null) return { path, ...known, remove };
  process.stderr.write(
    `bench: simulating the ${String(options.pcns)}-PCN year (seed ${String(seed)})${shared === undefined ? "" : ", shared with the run's other scale sections"}\n`,
  );
  const simulated = await simulateHistoryFile({ seed, pcns: options.pcns, months: 12 }, path, { keepTruth: false });
  if (E.isLeft(simulated)) throw new Error(`scale bench: simulation failed: ${simulated.left.message}`);
  const { events, people, comparisonPeople } = simulated.right;
  const facts: YearFacts = { events, bytes: (await stat(path)).size, people: people + comparisonPeople };
  // Written after the history file, which appears whole or not at all: facts present, file whole.
  if (shared !== undefined) await writeFile(factsPath, JSON.stringify(facts));
  return { path, ...facts, remove };
}

/** Seconds to replay the file into one report and make it (the CLI's path: buildReports). */
async function timeReport(path: string, report: "demand-reduction" | "referral-sources"): Promise<number> {
  const started = performance.now();
  const built = await buildReports(historyFileSource(path), { reports: [report] });
  if (E.isLeft(built)) throw new Error(`scale bench: ${report} failed: ${built.left.message}`);
  return (performance.now() - started) / 1000;
}

/** Seconds for a parallel replay of every read model in `workers` worker threads, merge included. */
async function timeWorkers(path: string, workers: number): Promise<number> {
  const started = performance.now();
  const replay = startParallelFileReplay({
    path,
    workers,
    projections: allReadModels(),
    build: { module: new URL("./read-model-set.ts", import.meta.url).href, name: "allReadModels", input: null },
  });
  const done = await replay.done;
  if (!done.ok) throw new Error(`scale bench: parallel replay failed: ${done.error.message}`);
  if (!done.partitioned) throw new Error("scale bench: the parallel replay went one-pass (the file is not as the simulator writes it?)");
  return (performance.now() - started) / 1000;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The demand-reduction report against the cheapest report, on the same year (target: within 1.5x). */
export async function benchDemandReportAtScale(options: ScaleOptions): Promise<BenchRow[]> {
  const history = await simulatedYear(options);
  try {
    const demand: number[] = [];
    const cheapest: number[] = [];
    // Alternated, three each: load on a shared machine moves both alike.
    for (let run = 0; run < 3; run += 1) {
      cheapest.push(await timeReport(history.path, "referral-sources"));
      demand.push(await timeReport(history.path, "demand-reduction"));
    }
    return [
      {
        name: `demand-reduction report, ${String(options.pcns)}-PCN year (${history.events.toLocaleString("en-GB")} events)`,
        baseline: "referral-sources report, same file",
        value: median(demand),
        baselineValue: median(cheapest),
        unit: "s",
        // Seconds: lower is better, so the ratio is baseline over value (1.5x slower reads 0.67x).
        ratio: median(cheapest) / median(demand),
        note: `medians of 3 alternated runs; ${(history.bytes / 1024 / 1024).toFixed(0)} MB; target ratio ≥ 0.67 (within 1.5x)`,
      },
    ];
  } finally {
    await history.remove();
  }
}

/** Two worker threads against one, every read model, on the same year (target ≥ 1.7x on 2 cores). */
export async function benchParallelReplay(options: ScaleOptions): Promise<BenchRow[]> {
  const history = await simulatedYear(options);
  try {
    const one: number[] = [];
    const two: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      one.push(await timeWorkers(history.path, 1));
      two.push(await timeWorkers(history.path, 2));
    }
    return [
      {
        name: `parallel replay, all read models, ${String(options.pcns)}-PCN year: 2 workers`,
        baseline: "1 worker, same file",
        value: history.events / median(two),
        baselineValue: history.events / median(one),
        unit: "events/s",
        ratio: median(one) / median(two),
        note: "medians of 3 alternated runs; the main thread routes lines by a scan, each worker parses, checks and applies its own; merge included",
      },
    ];
  } finally {
    await history.remove();
  }
}

const MB = 1024 * 1024;
/** Memory samples per replay at most: each is a full collection. */
const MEMORY_SAMPLES = 40;

interface ReplayMemory {
  /** Most heap held at once (after a full collection) above the floor before the replay, in bytes. */
  readonly peakLiveHeap: number;
  readonly peakRss: number;
}

/**
 * A one-pass replay of every read model from the file (the CLI's replay: file source, no snapshots),
 * its heap sampled after a full collection every few batches, so the figure is what the replay holds
 * (read-model states, the checker's records, buffers) and not garbage waiting for the collector.
 */
async function replayMemory(history: History): Promise<ReplayMemory> {
  const batches = Math.ceil(history.events / 1000);
  const every = Math.max(1, Math.floor(batches / MEMORY_SAMPLES));
  collect();
  const floor = process.memoryUsage();
  let peakHeap = floor.heapUsed;
  let peakRss = floor.rss;
  const sample = () => {
    collect();
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  };
  let batch = 0;
  const runner = startProjectionRunner({
    source: historyFileSource(history.path),
    projections: allReadModels(),
    checkpoints: memoryCheckpointStore(),
    snapshots: false,
    onProgress: () => (++batch % every === 0 ? sample() : undefined),
  });
  const done = await runner.done;
  if (E.isLeft(done)) throw new Error(`scale bench: replay failed: ${done.left.message}`);
  if (done.right.eventsApplied !== history.events)
    throw new Error(`scale bench: replayed ${String(done.right.eventsApplied)} of ${String(history.events)} events`);
  // The states are still reachable through the runner here.
  sample();
  return { peakLiveHeap: peakHeap - floor.heapUsed, peakRss: peakRss };
}

/**
 * Peak memory of a replay of a small and a large year (every read model): each against its history
 * file's size, and the large one's bytes per person against the small one's (target: memory follows
 * the people, not the history, so about the same per person).
 */
export async function benchReplayMemoryAtScale(options: {
  readonly pcns: readonly [number, number];
  readonly seed?: number;
}): Promise<BenchRow[]> {
  const measured: { pcns: number; history: Omit<History, "remove">; memory: ReplayMemory }[] = [];
  for (const pcns of options.pcns) {
    const history = await simulatedYear({ pcns, ...(options.seed === undefined ? {} : { seed: options.seed }) });
    try {
      const memory = await replayMemory(history);
      measured.push({ pcns, history, memory });
      // A 200-PCN year takes long on a shared machine: each year's figures as soon as they are known.
      process.stderr.write(
        `bench: replay memory, ${String(pcns)}-PCN year: ${String(history.events)} events, ${String(history.people)} people, ` +
          `${(history.bytes / MB).toFixed(0)} MB file, peak live heap ${(memory.peakLiveHeap / MB).toFixed(1)} MB, peak RSS ${(memory.peakRss / MB).toFixed(0)} MB\n`,
      );
    } finally {
      await history.remove();
    }
    collect();
  }
  const perPerson = (entry: (typeof measured)[number]) => entry.memory.peakLiveHeap / entry.history.people;
  const rows: BenchRow[] = measured.map((entry) => ({
    name: `replay peak live heap, all read models, ${String(entry.pcns)}-PCN year (${entry.history.events.toLocaleString("en-GB")} events)`,
    baseline: "the history file's size",
    value: entry.memory.peakLiveHeap / MB,
    baselineValue: entry.history.bytes / MB,
    unit: "MB",
    ratio: entry.memory.peakLiveHeap / entry.history.bytes,
    note:
      `${Math.round(perPerson(entry)).toLocaleString("en-GB")} bytes per person (${entry.history.people.toLocaleString("en-GB")} referred and comparison people); ` +
      `process peak RSS ${Math.round(entry.memory.peakRss / MB).toLocaleString("en-GB")} MB (the simulator's too, where this process simulated the year); heap above the pre-replay floor after a full collection, ${String(MEMORY_SAMPLES)} samples`,
  }));
  const [small, large] = measured as [(typeof measured)[number], (typeof measured)[number]];
  rows.push({
    name: `replay peak live heap per person, ${String(large.pcns)}-PCN year`,
    baseline: `the same per person, ${String(small.pcns)}-PCN year`,
    value: perPerson(large),
    baselineValue: perPerson(small),
    unit: "bytes/person",
    ratio: perPerson(large) / perPerson(small),
    note: `${(large.history.events / small.history.events).toFixed(1)}x the events, ${(large.history.people / small.history.people).toFixed(1)}x the people; target ratio ≤ 1.25`,
  });
  return rows;
}
