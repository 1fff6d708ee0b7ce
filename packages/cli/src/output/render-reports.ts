import { z } from "zod";
import type { BuiltReports } from "../reports/report-registry.js";
import { csvFiles, disclosureFile, skippedCsv } from "./csv-report.js";
import { renderHtmlReport, type HtmlReportOptions } from "./html-report.js";
import { jsonFile, reportsJson } from "./json-report.js";
import type { ReportFile } from "./report-file.js";
import { renderTableReport, renderTables } from "./table-report.js";

/** The formats `replay --format` takes. */
export const reportFormats = ["table", "json", "csv", "html"] as const;
/** One of `reportFormats`. */
export const ReportFormat = z.enum(reportFormats);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** Formats that only write files: they need an output folder. */
export const formatsNeedingOut: readonly ReportFormat[] = ["csv", "html"];

/** Reports in one format: what goes to stdout, and the files for the output folder. */
export interface RenderedReports {
  /** What goes to standard output ("" for none). */
  readonly stdout: string;
  /** Files for the output folder (none without one). */
  readonly files: readonly ReportFile[];
}

/**
 * The reports in a format. `table` prints to stdout and, with an output folder, writes one .txt per
 * report too; `json` prints one object without a folder, else one file per report; `csv` writes one
 * file per table and `disclosure.txt`; `html` writes the single page `report.html`. CSV and HTML are
 * for sharing: small numbers suppressed unless `figures` is `exact` (table and JSON are exact).
 */
export function renderReports(
  built: BuiltReports,
  format: ReportFormat,
  options: { readonly toFolder: boolean } & HtmlReportOptions,
): RenderedReports {
  switch (format) {
    case "table":
      return {
        stdout: renderTables(built),
        files: options.toFolder
          ? built.reports.map((report) => ({ name: `${report.name}.txt`, content: renderTableReport(report, built.skipped) }))
          : [],
      };
    case "json":
      return options.toFolder
        ? { stdout: "", files: built.reports.map((report) => jsonFile(report, built.skipped)) }
        : { stdout: reportsJson(built), files: [] };
    case "csv":
      return {
        stdout: "",
        files: [
          ...built.reports.flatMap((report) => csvFiles(report, options.figures)),
          disclosureFile(options.figures ?? "shared"),
          ...(built.skipped === undefined ? [] : [skippedCsv(built.skipped)]),
        ],
      };
    case "html":
      return { stdout: "", files: [{ name: "report.html", content: renderHtmlReport(built, options) }] };
  }
}
