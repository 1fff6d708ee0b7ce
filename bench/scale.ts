// Scale (issue 16): an ICB's year from the simulator (50 PCNs), replayed through reports and in
// worker threads, and the peak memory of a replay of it and of a 200-PCN year. Each figure is against
// a baseline measured in the same run on the same file.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import * as E from "fp-ts/lib/Either.js";
// Relative imports: the repository root has no dependency on the workspace packages.
import { simulateHistoryFile } from "../packages/simulation/src/index.js";
import { buildReports, runCli, type OutputStream } from "../packages/cli/src/index.js";
import { memoryCheckpointStore } from "../packages/store-memory/src/index.js";
import { historyFileSource, personPartitioner, startParallelFileReplay, startProjectionRunner } from "../packages/projections/src/index.js";
import { parseHistoryLine } from "../packages/core/src/index.js";
import { historySourceLines } from "../packages/core/src/store-kit/index.js";
import type { BenchRow } from "./bench-row.js";
import { collect } from "./full-collection.js";
import { allReadModels } from "./read-model-set.js";
import { replayReadModels } from "./replay-read-models.js";

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

/** Seconds of wall clock and of process CPU (every thread) a replay took. */
interface Timed {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

async function timed(replay: () => Promise<void>): Promise<Timed> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await replay();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** A parallel replay of every read model in `workers` partitions (the main thread's and `workers - 1` worker threads), merge included. */
function timeWorkers(path: string, workers: number): Promise<Timed> {
  return timed(async () => {
    const replay = startParallelFileReplay({
      path,
      workers,
      projections: allReadModels(),
      build: { module: new URL("./read-model-set.ts", import.meta.url).href, name: "allReadModels", input: null },
    });
    const done = await replay.done;
    if (!done.ok) throw new Error(`scale bench: parallel replay failed: ${done.error.message}`);
    if (!done.partitioned) throw new Error("scale bench: the parallel replay went one-pass (the file is not as the simulator writes it?)");
  });
}

/** The ordinary replay of every read model: one pass on this thread (`linkwork replay` without --workers). */
function timeOnePass(path: string): Promise<Timed> {
  return timed(() => replayReadModels(path));
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
/** The median wall-clock seconds of some runs. */
const medianSeconds = (runs: readonly Timed[]): number => median(runs.map((run) => run.seconds));
/** The median process CPU of some runs, as the rows' notes print it. */
const medianCpu = (runs: readonly Timed[]): string => `${median(runs.map((run) => run.cpuSeconds)).toFixed(1)} s`;

/** A row of events a second: `runs` against `baselineRuns` over the same history, by their median wall clock. */
function rateRow(
  events: number,
  row: Omit<BenchRow, "value" | "baselineValue" | "unit" | "ratio">,
  runs: readonly Timed[],
  baselineRuns: readonly Timed[],
): BenchRow {
  return {
    ...row,
    value: events / medianSeconds(runs),
    baselineValue: events / medianSeconds(baselineRuns),
    unit: "events/s",
    ratio: medianSeconds(baselineRuns) / medianSeconds(runs),
  };
}

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

/**
 * The V8 and Node flags the process runs with, beyond how the bench loads its TypeScript: V8's GC and
 * compiler helper threads use the second core beside one worker, so flags that change them change the
 * rows (docs/projections.md, Partitioned replay).
 */
function v8Flags(): string {
  const loading = /^--(conditions|import|require|loader|experimental-loader)\b/;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].filter(
    (flag) => flag.startsWith("--") && !loading.test(flag),
  );
  return flags.length === 0 ? "no V8 or Node flags (V8's default helper threads)" : `flags: ${flags.join(" ")}`;
}

/**
 * The year split by person into two files, as personPartitioner(2) routes its events (reference data
 * in both), each renumbered 1, 2, 3, ... so it is a valid history of its own. Lines keep their bytes
 * but for the position, which every line holds first.
 */
async function splitByPerson(path: string): Promise<readonly [string, string]> {
  const partitioner = personPartitioner(2);
  const paths = [`${path}.half-0`, `${path}.half-1`] as const;
  const outputs = paths.map((half) => createWriteStream(half));
  const written = [0, 0];
  const write = async (partition: number, line: string): Promise<void> => {
    written[partition]! += 1;
    const renumbered = line.replace(/^\{"position":"[0-9]+"/, `{"position":"${String(written[partition])}"`);
    if (!outputs[partition]!.write(`${renumbered}\n`)) await once(outputs[partition]!, "drain");
  };
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    const { streamId, type, data } = JSON.parse(line) as { streamId: string; type: string; data: { personId?: string } };
    const route = partitioner.routeKeys(streamId, type === "ReferralReceived" ? (data.personId ?? null) : null);
    if (route === "every") {
      await write(0, line);
      await write(1, line);
    } else await write(route, line);
  }
  await Promise.all(
    outputs.map(
      (output) => new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve()))),
    ),
  );
  return paths;
}

/** A replay-process.ts child, loaded and waiting for "go". */
interface ReplayProcess {
  readonly go: () => void;
  readonly done: Promise<Timed>;
}

/** Starts a child process that replays `path` through every read model when told to go (same Node flags as this one). */
async function replayProcess(path: string): Promise<ReplayProcess> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL("./replay-process.ts", import.meta.url)), path], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.setEncoding("utf8");
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
      if (output.startsWith("ready\n")) resolve();
    });
    child.on("error", reject);
    child.on("close", (code) => reject(new Error(`scale bench: a replay process exited with code ${String(code)} before it was ready`)));
  });
  const done = new Promise<Timed>((resolve, reject) =>
    child.on("close", (code) => {
      const answer = output.split("\n")[1] ?? "";
      if (code !== 0 || answer === "") reject(new Error(`scale bench: a replay process exited with code ${String(code)}`));
      else resolve(JSON.parse(answer) as Timed);
    }),
  );
  await ready;
  return { go: () => child.stdin.end("go\n"), done };
}

/** Each file replayed by its own process, all told to go at once; the slowest one's time (the wall clock of the whole). */
async function timeProcesses(paths: readonly string[]): Promise<Timed> {
  const children = await Promise.all(paths.map((path) => replayProcess(path)));
  for (const child of children) child.go();
  const runs = await Promise.all(children.map((child) => child.done));
  return {
    seconds: Math.max(...runs.map((run) => run.seconds)),
    cpuSeconds: runs.reduce((sum, run) => sum + run.cpuSeconds, 0),
  };
}

/**
 * The machine's ceiling for two partitions: the year split by person beforehand, each half replayed
 * by a process of its own, both at once (no line scan, no worker, no merge, two separate heaps),
 * against one process replaying the whole file. Two partitions in one process do more work than
 * this (each reads the whole file), so they cannot beat its ratio on the same machine.
 */
async function benchPartitionCeiling(history: History, pcns: number): Promise<BenchRow> {
  const halves = await splitByPerson(history.path);
  try {
    const whole: Timed[] = [];
    const split: Timed[] = [];
    for (let run = 0; run < 3; run += 1) {
      whole.push(await timeProcesses([history.path]));
      split.push(await timeProcesses(halves));
    }
    return rateRow(
      history.events,
      {
        name: `ceiling: the ${String(pcns)}-PCN year split by person into two files beforehand, each replayed through every read model by its own process, both at once`,
        baseline: "one process replaying the whole file",
        noTarget: true,
        note:
          `no target: the most two partitions can gain on this machine (no scan, no worker thread, no merge; the split itself not timed); ` +
          `medians of 3 alternated runs, each process loaded before both start; process CPU (every process, medians): whole ${medianCpu(whole)}, halves ${medianCpu(split)}; ${v8Flags()}`,
      },
      split,
      whole,
    );
  } finally {
    await Promise.all(halves.map((half) => rm(half, { force: true })));
  }
}

/**
 * Two partitions against one, every read model, on the same year (target ≥ 1.7x on 2 cores);
 * and two against the ordinary one-pass replay on the main thread (no target), so that a faster
 * parallel run cannot come from a slower one-worker baseline.
 */
export async function benchParallelReplay(options: ScaleOptions): Promise<BenchRow[]> {
  const history = await simulatedYear(options);
  try {
    const onePass: Timed[] = [];
    const one: Timed[] = [];
    const two: Timed[] = [];
    // Alternated, three each: load on a shared machine moves all alike.
    for (let run = 0; run < 3; run += 1) {
      onePass.push(await timeOnePass(history.path));
      one.push(await timeWorkers(history.path, 1));
      two.push(await timeWorkers(history.path, 2));
    }
    const cpuNote = `process CPU (every thread, medians): one-pass ${medianCpu(onePass)}, 1 worker ${medianCpu(one)}, 2 workers ${medianCpu(two)}; ${v8Flags()}`;
    const name = `parallel replay, all read models, ${String(options.pcns)}-PCN year: 2 workers`;
    return [
      rateRow(
        history.events,
        {
          name,
          baseline: "1 worker, same file",
          note: `medians of 3 alternated runs; partition 0 on the main thread, the other in a worker thread; each reads the file and keeps its lines by a byte scan, then parses, checks and applies them; merge included; ${cpuNote}`,
        },
        two,
        one,
      ),
      rateRow(
        history.events,
        {
          name: `${name} (against one pass)`,
          baseline: "one-pass replay on the main thread, same file",
          noTarget: true,
          note: "no target: the ordinary replay (`linkwork replay` without --workers) as the baseline, measured in the same rounds",
        },
        two,
        onePass,
      ),
      await benchPartitionCeiling(history, options.pcns),
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

/** The baseline: readline splits the file, JSON.parse reads every line, nothing else (kept honest: nothing faster). */
async function bareJsonParse(path: string): Promise<void> {
  let objects = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) if (JSON.parse(line) !== null) objects++;
  if (objects === 0) throw new Error("scale bench: the history file is empty");
}

const discard: OutputStream = { write: () => true, isTTY: false };

/** `linkwork <command> <file> --quiet`, in this process, as the CLI runs it; it must exit 0 (a clean file). */
async function cliRun(command: "replay" | "validate", path: string): Promise<void> {
  let errors = "";
  const code = await runCli([command, path, "--quiet"], { stdout: discard, stderr: { write: (text: string) => (errors += text) } });
  if (code !== 0) throw new Error(`scale bench: linkwork ${command} exited ${String(code)}: ${errors}`);
}

/**
 * The floor under a one-core replay: the replay's own reader and line parser (JSON and the event
 * schemas) and the eight read models applied in a bare loop, with no history checker, no runner and
 * no reports. A replay does all of this and gives every line the one verdict besides, so it cannot
 * be faster than this; the row shows what the 0.5x target leaves for the checker and the reports.
 */
async function parseAndApply(path: string): Promise<void> {
  const projections = allReadModels();
  const states = projections.map((projection) => projection.initialState());
  let lineNumber = 0;
  for await (const texts of historySourceLines(path).lines) {
    for (const text of texts) {
      lineNumber += 1;
      const parsed = parseHistoryLine(text, lineNumber);
      if (E.isLeft(parsed)) throw new Error(`scale bench: line ${String(lineNumber)} refused: ${parsed.left.message}`);
      for (let index = 0; index < projections.length; index += 1)
        states[index] = projections[index]!.apply(states[index] as never, parsed.right);
    }
  }
  if (lineNumber === 0) throw new Error("scale bench: the history file is empty");
}

/**
 * `linkwork replay` (every default report: the file read, every line checked, applied to every read
 * model, the reports made and rendered), the same replay without the reports, and `linkwork validate`
 * on one core, each against a bare readline + JSON.parse of the same file, alternated run by run. `path`: an existing file instead of
 * a simulated year (exploration).
 */
export async function benchOneCoreReplay(options: ScaleOptions & { readonly path?: string; readonly runs?: number }): Promise<BenchRow[]> {
  const history: Omit<History, "people"> =
    options.path === undefined
      ? await simulatedYear(options)
      : { path: options.path, events: 0, bytes: (await stat(options.path)).size, remove: () => Promise.resolve() };
  try {
    const runs = options.runs ?? 3;
    const costs = { json: [] as Timed[], replay: [] as Timed[], models: [] as Timed[], validate: [] as Timed[], floor: [] as Timed[] };
    // Warm-up on the file itself: the first run compiles the validators and optimises the hot code.
    await cliRun("validate", history.path);
    for (let run = 0; run < runs; run += 1) {
      collect();
      costs.json.push(await timed(() => bareJsonParse(history.path)));
      collect();
      costs.replay.push(await timed(() => cliRun("replay", history.path)));
      collect();
      costs.validate.push(await timed(() => cliRun("validate", history.path)));
      collect();
      costs.models.push(await timed(() => replayReadModels(history.path)));
      collect();
      costs.floor.push(await timed(() => parseAndApply(history.path)));
      process.stderr.write(
        `bench: one-core run ${String(run + 1)}: JSON.parse ${costs.json[run]!.seconds.toFixed(2)} s (cpu ${costs.json[run]!.cpuSeconds.toFixed(2)}), ` +
          `replay ${costs.replay[run]!.seconds.toFixed(2)} s (cpu ${costs.replay[run]!.cpuSeconds.toFixed(2)}), validate ${costs.validate[run]!.seconds.toFixed(2)} s (cpu ${costs.validate[run]!.cpuSeconds.toFixed(2)}), ` +
          `read models only ${costs.models[run]!.seconds.toFixed(2)} s (cpu ${costs.models[run]!.cpuSeconds.toFixed(2)}), ` +
          `floor ${costs.floor[run]!.seconds.toFixed(2)} s (cpu ${costs.floor[run]!.cpuSeconds.toFixed(2)})\n`,
      );
    }
    // Best of the alternated runs: load from other processes only ever adds time (one run in three of
    // the 50-PCN year took 1.5x its best on 2026-12-05 while other work ran).
    const wall = (list: readonly Timed[]) => Math.min(...list.map((cost) => cost.seconds));
    const cpu = (list: readonly Timed[]) => Math.min(...list.map((cost) => cost.cpuSeconds));
    const size = `${String(options.pcns)}-PCN year${history.events > 0 ? ` (${history.events.toLocaleString("en-GB")} events)` : ""}`;
    const row = (what: string, list: readonly Timed[], target = "target ratio ≥ 0.5"): BenchRow => ({
      name: `${what}, ${size}`,
      baseline: "readline + JSON.parse of every line, same file",
      value: wall(list),
      baselineValue: wall(costs.json),
      unit: "s",
      // Seconds: lower is better, so the ratio is the baseline's time over the command's.
      ratio: wall(costs.json) / wall(list),
      note:
        `best of ${String(runs)} alternated runs; ${(history.bytes / MB).toFixed(0)} MB; ` +
        `process CPU (every thread) ${cpu(list).toFixed(2)} s against ${cpu(costs.json).toFixed(2)} s, ${(cpu(costs.json) / cpu(list)).toFixed(2)}x; ${target}`,
    });
    return [
      row("linkwork replay (every default report)", costs.replay),
      row("replay through the eight read models of allReadModels, no reports", costs.models),
      row("linkwork validate", costs.validate),
      {
        ...row(
          "floor: the replay's reader and line parser (JSON, event schemas) and the eight read models in a bare loop, no checker, no reports",
          costs.floor,
          "no target: a replay does all of this and checks every line besides, so this ratio is the most a replay can reach with today's parser and read models",
        ),
        noTarget: true,
      },
    ];
  } finally {
    await history.remove();
  }
}
