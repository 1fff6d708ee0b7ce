import type { BuiltReport, BuiltReports } from "../reports/report-registry.js";
import { skippedNotice, type SkippedHistory } from "../reports/skipped-history.js";
import type { ReportFile } from "./report-file.js";

/**
 * What a report's JSON holds: the read models' own output, the notes on how to read it and, after a
 * replay that skipped lines, what it skipped (so a file passed on alone still says so).
 */
function reportJson(report: BuiltReport, skipped: SkippedHistory | undefined) {
  return {
    report: report.name,
    asOf: report.view.asOf,
    ...(skipped === undefined ? {} : { skipped: { ...skipped, notice: skippedNotice(skipped) } }),
    notes: report.view.notes,
    data: report.data,
  };
}

/** One file per report: `demand-reduction.json`. */
export function jsonFile(report: BuiltReport, skipped?: SkippedHistory): ReportFile {
  return { name: `${report.name}.json`, content: `${JSON.stringify(reportJson(report, skipped), null, 2)}\n` };
}

/** Every report in one JSON object keyed by report name: what `replay --format json` prints without `--out`. */
export function reportsJson(built: BuiltReports): string {
  return `${JSON.stringify(Object.fromEntries(built.reports.map((report) => [report.name, reportJson(report, built.skipped)])), null, 2)}\n`;
}
