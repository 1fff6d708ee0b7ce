import * as E from "fp-ts/lib/Either.js";
import { startProjectionRunner, type ProjectionSource, type RunnerError } from "@linkwork/projections";
import { memoryCheckpointStore } from "@linkwork/store-memory";
import type { PreparedReport } from "./define-report.js";
import type { ReportName } from "./report-name.js";
import { reportDefinitions, type BuiltReport, type BuiltReports } from "./report-registry.js";
import type { ReportSettings } from "./report-settings.js";

/** Which reports `buildReports` makes, with which settings. */
export interface BuildReportsOptions {
  /** Which reports, in the order they are shown. */
  readonly reports: readonly ReportName[];
  readonly settings?: ReportSettings;
  /** Called after each batch with the events replayed so far. */
  readonly onProgress?: (events: number) => void;
}

/** Why reports could not be built. */
export type BuildReportsError =
  | { readonly code: "REPORT_SETTINGS_INVALID"; readonly message: string; readonly report: ReportName }
  | { readonly code: "REPLAY_FAILED"; readonly message: string; readonly error: RunnerError }
  | { readonly code: "REPORT_FAILED"; readonly message: string; readonly report: ReportName };

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
    const report = reportDefinitions[name].prepare(settings);
    if (E.isLeft(report))
      return E.left({ code: "REPORT_SETTINGS_INVALID", message: `${name} report: ${report.left.message}`, report: name });
    prepared.push(report.right);
  }
  const onProgress = options.onProgress;
  const runner = startProjectionRunner({
    source,
    projections: prepared.map((report) => report.projection),
    checkpoints: memoryCheckpointStore(),
    // One pass into checkpoints thrown away afterwards: snapshots would be encoded for nothing.
    snapshots: false,
    onError: "stop",
    ...(onProgress === undefined ? {} : { onProgress: (events: number) => onProgress(events) }),
  });
  const done = await runner.done;
  if (E.isLeft(done)) return E.left({ code: "REPLAY_FAILED", message: done.left.message, error: done.left });
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
  return E.right({ events: done.right.eventsApplied, reports });
}
