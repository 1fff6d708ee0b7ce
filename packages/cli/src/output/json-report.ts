import type { BuiltReport, BuiltReports } from "../reports/report-registry.js";
import type { ReportFile } from "./report-file.js";

/** What a report's JSON holds: the read models' own output, and the notes on how to read it. */
function reportJson(report: BuiltReport): { report: string; asOf: string; notes: readonly string[]; data: BuiltReport["data"] } {
  return { report: report.name, asOf: report.view.asOf, notes: report.view.notes, data: report.data };
}

/** One file per report: `demand-reduction.json`. */
export function jsonFile(report: BuiltReport): ReportFile {
  return { name: `${report.name}.json`, content: `${JSON.stringify(reportJson(report), null, 2)}\n` };
}

/** Every report in one JSON object keyed by report name: what `replay --format json` prints without `--out`. */
export function reportsJson(built: BuiltReports): string {
  return `${JSON.stringify(Object.fromEntries(built.reports.map((report) => [report.name, reportJson(report)])), null, 2)}\n`;
}
