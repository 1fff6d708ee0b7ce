import * as E from "fp-ts/lib/Either.js";
import { startParallelFileReplay, startProjectionRunner, type ParallelReplayError, type ProjectionSource } from "@linkwork/projections";
import type { CheckpointStore } from "@linkwork/core";
import { memoryCheckpointStore } from "@linkwork/store-memory";
import type { PreparedReport } from "./define-report.js";
import type { ReportName } from "./report-name.js";
import { reportDefinitions, type BuiltReport, type BuiltReports } from "./report-registry.js";
import { workerSettings, type ReportSettings } from "./report-settings.js";
import { skippedTally } from "./skipped-history.js";

/** Which reports `buildReports` makes, with which settings. */
export interface BuildReportsOptions {
  /** Which reports, in the order they are shown. */
  readonly reports: readonly ReportName[];
  readonly settings?: ReportSettings;
  /** Called after each batch with the events replayed so far. */
  readonly onProgress?: (events: number) => void;
  /**
   * `stop` (default): a refused history line or a failed event ends the replay with its error.
   * `skip`: it is passed over, and the reports say what was skipped (`BuiltReports.skipped`).
   */
  readonly onError?: "stop" | "skip";
  /** Replay this history file (the source's) in worker threads, split by person (docs/projections.md); `stop` on error only. */
  readonly parallel?: { readonly path: string; readonly workers: number };
  /** Keep checkpoints and snapshots here, and resume from them (`--checkpoint DIR`); default: a one-pass replay, nothing kept. */
  readonly checkpoints?: CheckpointStore;
}

/** Why reports could not be built. */
export type BuildReportsError =
  | { readonly code: "REPORT_SETTINGS_INVALID"; readonly message: string; readonly report: ReportName }
  | { readonly code: "REPLAY_FAILED"; readonly message: string; readonly error: ParallelReplayError }
  | { readonly code: "REPORT_FAILED"; readonly message: string; readonly report: ReportName }
  /** The checkpoints were kept for another history: they are past the end of this one. */
  | { readonly code: "CHECKPOINTS_PAST_END"; readonly message: string };

/**
 * Replays a source (a history file, a store) once through the read models the chosen reports
 * need, each event parsed once and handed to all of them, then makes the reports. Never throws.
 *
 * ```ts
 * const built = await buildReports(readAllSource(store), { reports: ["caseload", "capacity", "demand-reduction"] });
 * ```
 */
export async function buildReports(
  source: ProjectionSource,
  options: BuildReportsOptions,
): Promise<E.Either<BuildReportsError, BuiltReports>> {
  const settings = options.settings ?? {};
  const names = [...new Set(options.reports)];
  const prepared: PreparedReport<BuiltReport>[] = [];
  for (const name of names) {
    const report = reportDefinitions[name].prepare(settings, options.checkpoints !== undefined);
    if (E.isLeft(report))
      return E.left({ code: "REPORT_SETTINGS_INVALID", message: `${name} report: ${report.left.message}`, report: name });
    prepared.push(report.right);
  }
  const onProgress = options.onProgress;
  if (options.parallel !== undefined) return parallelReports(prepared, names, settings, options.parallel, onProgress);
  const skipped = skippedTally();
  const runner = startProjectionRunner({
    source,
    projections: prepared.map((report) => report.projection),
    checkpoints: options.checkpoints ?? memoryCheckpointStore(),
    // One pass into checkpoints thrown away afterwards: snapshots would be encoded for nothing.
    snapshots: options.checkpoints !== undefined,
    onError: options.onError ?? "stop",
    onFailure: skipped.add,
    ...(onProgress === undefined ? {} : { onProgress: (events: number) => onProgress(events) }),
  });
  const done = await runner.done;
  if (E.isLeft(done)) return E.left({ code: "REPLAY_FAILED", message: done.left.message, error: done.left });
  const summary = skipped.summary();
  const skippedPart = summary === null ? {} : { skipped: summary };
  const status = done.right;
  // A history file's positions run 1, 2, 3...: checkpoints past its last line were kept for another
  // file, and reports from their snapshots would describe that file, not this one.
  if (options.checkpoints !== undefined && source.kind === "history-file" && status.position !== null) {
    const read = status.eventsApplied + status.duplicatesSkipped + status.failures;
    if (status.position > BigInt(read)) {
      return E.left({
        code: "CHECKPOINTS_PAST_END",
        message: `the checkpoints are at position ${status.position}, past the end of the history (${read} events): they were kept for another file; give another --checkpoint folder, or empty this one to replay from the start`,
      });
    }
  }
  // An empty history is a valid one (validate accepts it): with no events and no date to report
  // as of, there is nothing to report, which is not a failure. A history replayed before, whose
  // read models resumed from their checkpoints (a position reached), has something to report.
  if (status.eventsApplied === 0 && status.position === null && settings.asOf === undefined)
    return E.right({ events: 0, reports: [], ...skippedPart });
  const reports: BuiltReport[] = [];
  for (const report of prepared) {
    const finished = report.finish(runner);
    if (E.isLeft(finished))
      return E.left({
        code: "REPORT_FAILED",
        message: `${finished.left.report} report: ${finished.left.message}`,
        report: finished.left.report,
      });
    reports.push(finished.right);
  }
  return E.right({ events: done.right.eventsApplied, reports, ...skippedPart });
}

/** The same reports from a parallel replay: every worker builds the same read models from the same settings. */
async function parallelReports(
  prepared: readonly PreparedReport<BuiltReport>[],
  names: readonly ReportName[],
  settings: ReportSettings,
  parallel: { readonly path: string; readonly workers: number },
  onProgress: ((events: number) => void) | undefined,
): Promise<E.Either<BuildReportsError, BuiltReports>> {
  const replay = startParallelFileReplay({
    path: parallel.path,
    workers: parallel.workers,
    projections: prepared.map((report) => report.projection),
    build: {
      module: new URL("./report-projections.js", import.meta.url).href,
      name: "reportProjections",
      input: { reports: names, settings: workerSettings(settings) },
    },
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  const done = await replay.done;
  if (!done.ok) return E.left({ code: "REPLAY_FAILED", message: done.error.message, error: done.error });
  if (done.status.eventsApplied === 0 && settings.asOf === undefined) return E.right({ events: 0, reports: [] });
  const reports: BuiltReport[] = [];
  for (const report of prepared) {
    const finished = report.finish(replay);
    if (E.isLeft(finished))
      return E.left({
        code: "REPORT_FAILED",
        message: `${finished.left.report} report: ${finished.left.message}`,
        report: finished.left.report,
      });
    reports.push(finished.right);
  }
  return E.right({ events: done.status.eventsApplied, reports });
}
