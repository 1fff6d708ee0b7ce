// Scale (issue 16): an ICB's year from the simulator (50 PCNs), replayed through reports and in
// worker threads. Each figure is against a baseline measured in the same run on the same file.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
// Relative imports: the repository root has no dependency on the workspace packages.
import { writeHistoryFile } from "../packages/core/src/index.js";
import { memoryEventStore } from "../packages/store-memory/src/index.js";
import { simulate } from "../packages/simulation/src/index.js";
import { buildReports } from "../packages/cli/src/index.js";
import { historyFileSource, startParallelFileReplay } from "../packages/projections/src/index.js";
import type { BenchRow } from "./bench-row.js";
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
  readonly remove: () => Promise<void>;
}

async function simulatedYear(options: ScaleOptions): Promise<History> {
  const folder = await mkdtemp(join(tmpdir(), "linkwork-bench-scale-"));
  const path = join(folder, "history.ndjson");
  const store = memoryEventStore();
  const simulated = await simulate({ seed: options.seed ?? 7, pcns: options.pcns, months: 12 }, { store });
  if (E.isLeft(simulated)) throw new Error(`scale bench: simulation failed: ${simulated.left.message}`);
  const written = await writeHistoryFile(store, path);
  await store.close();
  if (E.isLeft(written)) throw new Error(`scale bench: export failed: ${written.left.message}`);
  return { path, events: written.right.events, bytes: (await stat(path)).size, remove: () => rm(folder, { recursive: true, force: true }) };
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
        note: "medians of 3 alternated runs; each worker reads and checks the whole file, applies its half; merge included",
      },
    ];
  } finally {
    await history.remove();
  }
}
