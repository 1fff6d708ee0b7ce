// `pnpm bench`: every performance comparison of the project, each against a baseline measured in the
// same run, printed as a table and written to docs/benchmarks.md. Not a test: nothing here asserts.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./bench-row.js";
import { benchCommandContention } from "./command-contention.js";
import { benchCommandHandling } from "./command-handling.js";
import { benchEventStoreAdapter } from "./eventstore-adapter.js";
import { benchHistoryImport } from "./history-import.js";
import { benchPostgresStore } from "./postgres-store.js";
import { benchProjectionReplay } from "./projection-replay.js";
import { benchSealing } from "./sealing.js";
import { benchStoreAppend, benchStoreAppendAgainstCastore } from "./store-append.js";
import { allReadModels } from "./read-model-set.js";
import { benchDemandReportAtScale, benchOneCoreReplay, benchParallelReplay, benchReplayMemoryAtScale, SHARED_YEARS } from "./scale.js";

interface Section {
  readonly title: string;
  readonly target: string;
  /** What the section measures and why, printed under its heading in docs/benchmarks.md. */
  readonly about?: string;
  /** True when a row meets the section's target. */
  readonly meets: (row: BenchRow) => boolean;
  readonly run: () => Promise<BenchRow[]>;
  /** A larger old-generation heap for the section's process (MB), where Node's default is too small for what it builds. */
  readonly heapMb?: number;
}

const quick = process.argv.includes("--quick");
/** `--only WORD`: the sections whose title holds WORD, printed but not written to docs/benchmarks.md. */
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt === -1 ? null : (process.argv[onlyAt + 1] ?? "");
const scale = (full: number, small: number) => (quick ? small : full);
/** `--section N`: run that one section and print its rows as JSON (how the main run isolates sections). */
const sectionAt = process.argv.indexOf("--section");

const sections: Section[] = [
  {
    title: "store-memory append",
    // Issue 11: the reference store is written plainly, and must stay at least 0.3x the bare Map.
    target: "≥ 0.3x a plain Map (the reference store, written plainly), flat across stream counts",
    meets: (row) => row.ratio >= 0.3,
    run: () => benchStoreAppend({ streamCounts: quick ? [1_000, 20_000] : [1_000, 20_000, 200_000], eventsPerStream: 10 }),
  },
  {
    title: "store-memory append against Castore's in-memory store",
    target: "≥ 5x Castore's InMemoryEventStorageAdapter on the same appends",
    meets: (row) => row.ratio >= 5,
    run: () => benchStoreAppendAgainstCastore({ streamCounts: quick ? [1_000, 20_000] : [1_000, 20_000, 200_000], eventsPerStream: 10 }),
  },
  {
    title: "command handling",
    target: "≥ 0.3x pure decide + evolve",
    meets: (row) => row.ratio >= 0.3,
    run: () => benchCommandHandling({ seed: 7, pcns: scale(3, 1), months: scale(12, 4) }),
  },
  {
    title: "commands under contention",
    target: "every command succeeds; ≥ 0.5x the same commands one after another",
    meets: (row) => row.ratio >= 0.5 && /^(\d+) of \1 succeeded$/.test(row.note ?? ""),
    run: () => benchCommandContention({ commands: 200, rounds: scale(50, 10) }),
  },
  {
    title: "NDJSON history import",
    target: "≥ 0.5x a bare JSON.parse of the same file",
    meets: (row) => row.ratio >= 0.5,
    run: () => benchHistoryImport({ events: scale(200_000, 20_000) }),
  },
  {
    title: "projection replay (all read models)",
    target: "file replay ≥ 0.5x bare JSON.parse; peak memory for a 10x longer history < 1.5x",
    meets: (row) => (row.unit === "x" || row.unit.includes("MB") ? row.ratio < 1.5 : row.ratio >= 0.5),
    run: () => benchProjectionReplay({ events: scale(150_000, 15_000), projections: allReadModels }),
  },
  // One section per client library: their generated code cannot share a process.
  {
    title: "scale: demand-reduction report",
    // Issue 16: the demand report's intervals cost O(people), so it is within 1.5x of the cheapest report.
    target: "the 50-PCN year's demand-reduction report within 1.5x of the cheapest report (ratio ≥ 0.67)",
    about:
      "A year of 50 PCNs from the simulator (seed 7: about 1.7 million events, 28,000 referred and 28,000 comparison people). " +
      "Each report replays the file (read, check, apply) and makes its figures; the demand-reduction report adds some forty bootstrap intervals. " +
      "Groups above 1,000 people draw their resample means from the normal limit (docs/statistics.md), so the intervals cost O(people) at any resample count; " +
      "before, the bootstrap alone took about 24 s of a 42 s report. Seconds: the ratio is the cheapest report's time over the demand report's.",
    meets: (row) => row.ratio >= 1 / 1.5,
    run: () => benchDemandReportAtScale({ pcns: scale(50, 3) }),
  },
  {
    title: "scale: one-core replay and validate",
    // Issue 16: a 50-PCN year replays through all read models, and validates, at ≥ 0.5x a bare JSON.parse on one core.
    target:
      "`linkwork replay` (every default report) and `linkwork validate` of the 50-PCN year each ≥ 0.5x a bare readline + JSON.parse of the file",
    about:
      "A year of 50 PCNs from the simulator (seed 7, about 1.8 million events), written to a file. `linkwork replay FILE --quiet` and `linkwork validate FILE --quiet` run in process " +
      "through runCli, as the command runs them (every line read, checked by the one history checker, and for replay applied to every read model and the default reports made and rendered), " +
      "and the same one-pass replay through the bench's eight read models with no reports made (startProjectionRunner, file source, no snapshots), " +
      "each against readline + JSON.parse of every line of the same file, the best of three runs alternated in one process with no workers, Node's default heap flags (what the `linkwork` bin runs). " +
      "Seconds: the ratio is the bare parse's time over the command's; the note gives the same ratio in process CPU time, which load from other processes moves less.",
    meets: (row) => row.ratio >= 0.5,
    run: () => benchOneCoreReplay({ pcns: scale(50, 3) }),
  },
  {
    title: "scale: parallel replay",
    target: "two workers (partitions) ≥ 1.7x one on a 2-core machine (every read model, the 50-PCN year); against one pass: no target",
    about:
      "startParallelFileReplay over the same 50-PCN year, every read model, with one and with two partitions (docs/projections.md, Partitioned replay): the main thread replays partition 0 and a worker thread the other, so one partition runs no worker thread. " +
      "Each partition reads the whole file and keeps its lines by a scan of the bytes (no JSON.parse), checking the event ids that hash to it across the file; it parses, checks and applies only its lines; the merge is included. " +
      "A second row sets two workers against the ordinary one-pass replay on the main thread. " +
      "Absolute times on a shared machine move with its load.",
    meets: (row) => row.ratio >= 1.7,
    run: () => benchParallelReplay({ pcns: scale(50, 3) }),
  },
  {
    title: "scale: replay memory",
    // Issue 16: a replay's memory follows the people in the analysis windows, not the history's length.
    target: "peak live heap per person of a 200-PCN year's replay ≤ 1.25x a 50-PCN year's; each below its history file's size",
    about:
      "Two simulated years (seed 7, 50 and 200 PCNs), each written to a file as the simulator goes and replayed once through every read model as `linkwork replay` does " +
      "(file source, every line checked, no snapshots), the heap sampled after a full collection. A year's people all stay in the analysis windows, " +
      "so memory grows with them; what must not grow is the cost per person as the history gets longer and wider.",
    meets: (row) => (row.unit === "MB" ? row.ratio < 1 : row.ratio <= 1.25),
    // Node's default heap (about 4 GB here): the simulator once ran out of it writing the 200-PCN year
    // (it failed at 3.9 GB); it now holds folded state, not events (2.7 GB max RSS with the default heap,
    // docs/simulation.md "Memory at scale"), so the section needs no larger heap.
    run: () => benchReplayMemoryAtScale({ pcns: quick ? [1, 3] : [50, 200] }),
  },
  {
    title: "sealing (crypto-shredding)",
    // Issue 13: encryption on costs at most 30% of command handling and of file replay.
    target: "≥ 0.7x the same work with sealing off",
    meets: (row) => row.ratio >= 0.7,
    run: () => benchSealing({ seed: 7, pcns: scale(3, 1), months: scale(12, 4), people: scale(150, 20) }),
  },
  {
    title: "EventStoreDB adapter over @eventstore/db-client (store-eventstore, wire-compatible test server)",
    target: "adapter overhead under 10% (≥ 0.9x the raw client)",
    meets: (row) => row.ratio >= 0.9,
    run: () => benchEventStoreAdapter({ events: scale(5_000, 1_000), client: "@eventstore/db-client" }),
  },
  {
    title: "EventStoreDB adapter over @kurrent/kurrentdb-client (store-eventstore, wire-compatible test server)",
    target: "adapter overhead under 10% (≥ 0.9x the raw client)",
    meets: (row) => row.ratio >= 0.9,
    run: () => benchEventStoreAdapter({ events: scale(5_000, 1_000), client: "@kurrent/kurrentdb-client" }),
  },
  {
    title: "postgres: store-postgres against Emmett, the drivers, PGlite against the server",
    // Issue 15: at least Emmett's rate on append and catch-up, on the same server.
    target: "≥ 1x Emmett on append and catch-up (other rows are figures for the docs: driver choice, PGlite)",
    meets: (row) => !row.name.includes("Emmett") || row.name.startsWith("read-all") || row.ratio >= 1,
    run: () => benchPostgresStore({ events: scale(5_000, 1_000) }),
  },
];

/** The "target met" cell: "no target" for a row that bounds the target rather than answering it. */
const verdict = (section: Section, row: BenchRow, no: string): string =>
  row.noTarget === true ? "no target" : section.meets(row) ? "yes" : no;

const format = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en-GB") : n.toFixed(2));

/**
 * Runs one section in a fresh Node process (same flags) and returns its rows. Sections used to share
 * one process, and the heap an earlier section left (a store of 200,000 streams, say) changed how the
 * collector treated a later one: the file replay read 0.47x after the others and 0.50-0.54x alone.
 */
function runIsolated(index: number): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const heap = sections[index]!.heapMb;
    const args = [
      ...process.execArgv,
      ...(heap === undefined ? [] : [`--max-old-space-size=${String(heap)}`]),
      fileURLToPath(import.meta.url),
      "--section",
      String(index),
      ...(quick ? ["--quick"] : []),
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`section "${sections[index]!.title}" exited with code ${String(code)}`));
      else resolve(JSON.parse(output) as BenchRow[]);
    });
  });
}

async function runSection(index: number): Promise<void> {
  const section = sections[index];
  if (section === undefined) throw new Error(`--section ${String(index)}: there are ${sections.length} sections`);
  process.stdout.write(JSON.stringify(await section.run()));
}

async function main(): Promise<void> {
  if (sectionAt !== -1) return runSection(Number(process.argv[sectionAt + 1]));
  const started = new Date();
  const results: { section: Section; rows: BenchRow[] }[] = [];
  const chosen = only === null ? sections : sections.filter((section) => section.title.includes(only));
  if (chosen.length === 0)
    throw new Error(`--only ${only ?? ""}: no section's title holds it (${sections.map((section) => section.title).join("; ")})`);
  // The scale sections share the run's simulated years (scale.ts): the sections' processes inherit the folder.
  const years = await mkdtemp(join(tmpdir(), "linkwork-bench-years-"));
  process.env[SHARED_YEARS] = years;
  try {
    for (const section of chosen) {
      process.stderr.write(`bench: ${section.title}...\n`);
      const t0 = performance.now();
      const rows = await runIsolated(sections.indexOf(section));
      process.stderr.write(`bench: ${section.title} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      results.push({ section, rows });
    }
  } finally {
    await rm(years, { recursive: true, force: true });
  }

  const header = ["benchmark", "value", "baseline", "ratio", "target met", "note"];
  const table: string[][] = [];
  for (const { section, rows } of results) {
    for (const row of rows) {
      table.push([
        row.name,
        `${format(row.value)} ${row.unit}`,
        `${format(row.baselineValue)} ${row.unit} (${row.baseline})`,
        `${row.ratio.toFixed(2)}x`,
        verdict(section, row, "NO"),
        row.note ?? "",
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  process.stdout.write(`${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${table.map(line).join("\n")}\n`);

  if (only !== null) return;
  const md: string[] = [
    "# Benchmarks",
    "",
    `Written by \`pnpm bench\`${quick ? " --quick" : ""} on ${started.toISOString()} (Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}).`,
    "Every figure is a ratio against a baseline measured in the same run, so machines compare; absolute rates vary with load.",
    "Each section runs in a fresh Node process, so what one section leaves on the heap does not weigh on the next.",
    "",
  ];
  for (const { section, rows } of results) {
    md.push(
      `## ${section.title}`,
      "",
      `Target: ${section.target}.`,
      "",
      ...(section.about === undefined ? [] : [section.about, ""]),
      "| benchmark | value | baseline | ratio | target met | note |",
      "|---|---|---|---|---|---|",
    );
    for (const row of rows) {
      md.push(
        `| ${row.name} | ${format(row.value)} ${row.unit} | ${format(row.baselineValue)} ${row.unit} (${row.baseline}) | ${row.ratio.toFixed(2)}x | ${verdict(section, row, "**no**")} | ${row.note ?? ""} |`,
      );
    }
    md.push("");
  }
  await writeFile(new URL("../docs/benchmarks.md", import.meta.url), `${md.join("\n")}\n`);
  process.stderr.write("bench: wrote docs/benchmarks.md\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
