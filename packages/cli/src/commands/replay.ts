import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { formatHistoryProblem, printable } from "@linkwork/core";
import type { EquityFields } from "@linkwork/core/vocabulary";
import { historyFileSource, MAX_REPLAY_WORKERS, type ParallelReplayError } from "@linkwork/projections";
import { buildReports } from "../reports/build-reports.js";
import { skippedNotice } from "../reports/skipped-history.js";
import { defaultReportNames, reportAliases, reportNames } from "../reports/report-name.js";
import type { ReportSettings } from "../reports/report-settings.js";
import { runFailed, usageError, type CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import {
  choiceFlag,
  choiceListFlag,
  decimalFlag,
  instantFlag,
  parseFlags,
  retentionDaysFlag,
  textFlag,
  wholeNumberFlag,
  wholeNumberListFlag,
} from "./flag-values.js";
import { checkpointFile, checkpointFolder } from "./checkpoint-folder.js";
import { readPeopleFile } from "./people-file.js";
import { existingFile, outputFolder, overwrittenInput, resolvePath, type CommandInput } from "./output-path.js";
import { progressBar } from "./progress.js";
import { writeReportFiles } from "../output/report-file.js";
import { formatsNeedingOut, renderReports, reportFormats } from "../output/render-reports.js";

const indexDates = { referral: "referral", acceptance: "acceptance", "first-contact": "first_contact" } as const;
const settings = {
  "gp-appointment": "gp_appointment",
  "ae-attendance": "ae_attendance",
  outpatient: "outpatient",
  "emergency-admission": "emergency_admission",
} as const;

/** `linkwork replay`'s flags, as commander hands them over. */
export const ReplayFlags = z.object({
  report: choiceListFlag(reportNames, reportAliases).optional(),
  people: textFlag("a people file").optional(),
  format: choiceFlag(reportFormats).default("table"),
  out: textFlag("a folder").optional(),
  asOf: instantFlag.optional(),
  retentionDays: retentionDaysFlag.optional(),
  indexDate: choiceFlag(["referral", "acceptance", "first-contact"]).default("referral"),
  windows: wholeNumberListFlag(1, 120).default([6, 12]),
  setting: choiceFlag(["gp-appointment", "ae-attendance", "outpatient", "emergency-admission"]).default("gp-appointment"),
  seed: wholeNumberFlag(-2_147_483_648, 2_147_483_647).default(1),
  resamples: wholeNumberFlag(1, 100_000).default(2000),
  confidence: decimalFlag(0.5, 0.999).default(0.95),
  frequentAttender: decimalFlag(0, 10_000).default(10),
  fteTarget: decimalFlag(0, 100, { above: true }).default(1),
  caseloadBenchmark: decimalFlag(0, 10_000, { above: true }).default(250),
  trendMonths: wholeNumberFlag(3, 120).default(6),
  forecastMonths: wholeNumberFlag(1, 240).default(24),
  yearStartMonth: wholeNumberFlag(1, 12).default(4),
  onError: choiceFlag(["stop", "skip"]).default("stop"),
  exactCounts: z.boolean().default(false),
  caseloadView: choiceFlag(["aggregate", "operational"]).default("aggregate"),
  workers: wholeNumberFlag(1, MAX_REPLAY_WORKERS).default(1),
  checkpoint: textFlag("a folder").optional(),
  quiet: z.boolean().default(false),
});
export type ReplayFlags = z.output<typeof ReplayFlags>;

/** The read models' settings from the flags. */
export function reportSettingsOf(flags: ReplayFlags): ReportSettings {
  return {
    ...(flags.asOf === undefined ? {} : { asOf: flags.asOf }),
    ...(flags.retentionDays === undefined ? {} : { retentionDays: flags.retentionDays }),
    caseloadView: flags.caseloadView,
    capacity: {
      fteTargetPer10k: flags.fteTarget,
      caseloadBenchmarkPerFte: flags.caseloadBenchmark,
      trendMonths: flags.trendMonths,
      forecastHorizonMonths: flags.forecastMonths,
      yearStartMonth: flags.yearStartMonth,
    },
    demandReduction: {
      indexDate: indexDates[flags.indexDate],
      setting: settings[flags.setting],
      windowsMonths: flags.windows,
      seed: flags.seed,
      resamples: flags.resamples,
      confidence: flags.confidence,
      frequentAttenderThreshold: flags.frequentAttender,
    },
    outcomes: { seed: flags.seed, resamples: flags.resamples, confidence: flags.confidence },
  };
}

/** Lines in the file, for the bar's total: a quick byte scan, made only when a bar is drawn. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
    if (chunk.length > 0) last = chunk[chunk.length - 1] ?? 0x0a;
  }
  return last === 0x0a ? lines : lines + 1;
}

function replayFailure(file: string, error: ParallelReplayError, checkpointDir: string | undefined): CliError {
  switch (error.code) {
    case "SNAPSHOT_INVALID":
      // Name the file to delete: the runner knows only the checkpoint's name.
      return checkpointDir === undefined
        ? runFailed(`the replay stopped: ${error.message}`)
        : runFailed(
            `the replay stopped: ${checkpointFile(checkpointDir, error.checkpoint)}: ${error.reason}; delete it to rebuild ${error.projection} from the start`,
          );
    case "LINE_INVALID":
      return runFailed(`${file}: ${formatHistoryProblem(error.problem)} (run \`linkwork validate ${file}\` to list every problem)`);
    case "APPLY_FAILED":
      return runFailed(`${file}: ${error.message}`);
    case "FILE_UNREADABLE":
      return runFailed(`cannot read ${file}: ${error.reason}`);
    case "EVENT_INVALID":
    case "CHECKPOINT_CONFLICT":
    case "STORE_FAILED":
    case "INVALID_RUNNER_OPTIONS":
    case "WORKER_FAILED":
      return runFailed(`the replay stopped: ${error.message}`);
  }
}

/**
 * Replays a history file once through the chosen read models and writes their reports in the
 * chosen format (see docs/cli.md).
 */
export async function replayCommand(file: string, options: Record<string, unknown>, io: CliIo): Promise<E.Either<CliError, number>> {
  const parsed = parseFlags(ReplayFlags, options);
  if (E.isLeft(parsed)) return parsed;
  const flags = parsed.right;
  if (flags.out === undefined && formatsNeedingOut.includes(flags.format)) {
    return E.left(usageError(`--format ${flags.format} writes files: give --out DIR`));
  }
  // A list of cases by id is operational: it never goes into a report suppressed for sharing.
  if (flags.caseloadView === "operational" && formatsNeedingOut.includes(flags.format) && !flags.exactCounts) {
    return E.left(
      usageError(
        `--caseload-view operational lists cases by id, for the team running the service: --format ${flags.format} is for sharing unless you give --exact-counts too`,
      ),
    );
  }
  // Skipped lines are tallied by the one runner of a one-pass replay; workers would each tally them.
  if (flags.workers > 1 && flags.onError === "skip")
    return E.left(usageError("--workers: a parallel replay stops at the first refused line; use --on-error stop"));
  if (flags.workers > 1 && flags.checkpoint !== undefined)
    return E.left(usageError("--checkpoint: a parallel replay keeps no checkpoints; give --workers 1"));
  const found = await existingFile(io.cwd, file);
  if (E.isLeft(found)) return found;
  // Before the replay, which can take minutes: a file standing where the folder should be.
  const outDir = flags.out === undefined ? undefined : await outputFolder(io.cwd, flags.out, "--out");
  if (outDir !== undefined && E.isLeft(outDir)) return outDir;
  // Without --report: every report but equity, and equity too when the people's fields are given.
  const reports = flags.report?.chosen ?? (flags.people === undefined ? defaultReportNames : [...defaultReportNames, "equity" as const]);
  let equityLookup: Map<string, EquityFields> | undefined;
  const inputs: CommandInput[] = [{ path: found.right.path, named: "the history replayed" }];
  if (flags.people !== undefined) {
    const peopleFile = await existingFile(io.cwd, flags.people);
    if (E.isLeft(peopleFile)) return E.left(usageError(`--people: ${peopleFile.left.message}`));
    inputs.push({ path: peopleFile.right.path, named: "the --people file" });
    const read = await readPeopleFile(peopleFile.right.path, flags.people);
    if (E.isLeft(read)) return read;
    equityLookup = read.right;
  }
  const checkpointDir = flags.checkpoint === undefined ? undefined : await checkpointFolderPath(io.cwd, flags.checkpoint);
  if (checkpointDir !== undefined && E.isLeft(checkpointDir)) return checkpointDir;
  if (!flags.quiet) {
    for (const { word, choice } of flags.report?.renamed ?? []) {
      io.stderr.write(`linkwork replay: --report ${word} is now ${choice}; the old word still works for now\n`);
    }
  }

  const progress = progressBar(io.stderr, { label: "replaying", unit: "events", quiet: flags.quiet });
  if (!flags.quiet && io.stderr.isTTY === true) progress.start(await countLines(found.right.path));
  const built = await buildReports(historyFileSource(found.right.path), {
    reports,
    settings: { ...reportSettingsOf(flags), ...(equityLookup === undefined ? {} : { equityLookup }) },
    onProgress: (events) => progress.update(events),
    onError: flags.onError,
    ...(flags.workers > 1 ? { parallel: { path: found.right.path, workers: flags.workers } } : {}),
    ...(checkpointDir === undefined ? {} : { checkpoints: checkpointFolder(checkpointDir.right) }),
  });
  progress.stop();
  if (E.isLeft(built)) {
    const failure = built.left;
    switch (failure.code) {
      case "REPLAY_FAILED":
        return E.left(replayFailure(file, failure.error, checkpointDir?.right));
      case "REPORT_SETTINGS_INVALID":
        return E.left(usageError(failure.message));
      case "REPORT_FAILED":
      case "CHECKPOINTS_PAST_END":
        return E.left(runFailed(failure.message));
    }
  }

  const { skipped } = built.right;
  // Nothing left to report on once every line was skipped: a failure, not an empty history.
  if (skipped !== undefined && built.right.reports.length === 0)
    return E.left(runFailed(`${file}: no event could be used. ${skippedNotice(skipped)}`));
  if (skipped !== undefined && !flags.quiet) io.stderr.write(`linkwork replay: ${skippedNotice(skipped)}\n`);
  if (built.right.reports.length === 0 && !flags.quiet) {
    io.stderr.write(`linkwork replay: ${printable(file)} holds no events to report on (give --as-of for reports of nothing)\n`);
  }
  const rendered = renderReports(built.right, flags.format, {
    toFolder: flags.out !== undefined,
    source: file,
    figures: flags.exactCounts ? "exact" : "shared",
  });
  if (outDir !== undefined) {
    // A report named like an input in the folder (reports/caseload.json replayed into reports/) would replace it.
    for (const { name } of rendered.files) {
      const input = await overwrittenInput(join(outDir.right, name), inputs);
      if (input !== undefined)
        return E.left(usageError(`--out: ${printable(join(flags.out ?? "", name))} is ${input.named}: it must not be written over`));
    }
  }
  io.stdout.write(rendered.stdout);
  if (outDir !== undefined && rendered.files.length > 0) {
    try {
      const written = await writeReportFiles(outDir.right, rendered.files);
      if (!flags.quiet) for (const path of written) io.stderr.write(`wrote ${printable(path)}\n`);
    } catch (thrown) {
      // The folder was checked before the run: a file that cannot be written now fails it (exit 1),
      // named by its report file (rename's target), not by the temporary file the error names first.
      const error = thrown as NodeJS.ErrnoException & { readonly dest?: string };
      const where = error.dest === undefined ? (flags.out ?? "") : join(flags.out ?? "", basename(error.dest));
      return E.left(runFailed(`--out: cannot write ${printable(where)} (${error.code ?? error.message})`));
    }
  }
  return E.right(0);
}

/** The --checkpoint folder: one that exists, or none yet (the first save makes it); anything else is a usage error. */
async function checkpointFolderPath(cwd: string | undefined, given: string): Promise<E.Either<CliError, string>> {
  const path = resolvePath(cwd, given);
  try {
    const found = await stat(path);
    return found.isDirectory() ? E.right(path) : E.left(usageError(`--checkpoint: ${printable(given)} is not a folder`));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    // ENOENT: made on the first save. ENOTDIR: a file stands where a folder of the path should be.
    if (code === "ENOENT") return E.right(path);
    return E.left(
      usageError(`--checkpoint: ${printable(given)} is not a folder${code === "ENOTDIR" ? " (a file stands in its path)" : ""}`),
    );
  }
}
