// The public API of @linkwork/cli, one named export at a time.

// The command line, run in process: `runCli(argv, io)` answers the exit code and never exits.
export {
  /** Runs the CLI on `argv` and answers the exit code (0, 1 or 2); never exits, never throws for a user's mistake. */
  runCli,
} from "./main.js";
export type {
  /** The streams and working folder a run of the CLI uses. */
  CliIo,
  /** Where the CLI writes (a stream or a test's collector). */
  OutputStream,
} from "./commands/cli-io.js";
export {
  /** The process's own streams; a reader that goes away ends the run quietly. */
  processIo,
} from "./commands/cli-io.js";

// Reports: build them from any projection source (a history file, or a store through readAllSource), then render.
export {
  /** Replays a source once through the read models the chosen reports need, then makes the reports. Never throws. */
  buildReports,
} from "./reports/build-reports.js";
export type {
  /** Which reports `buildReports` makes, with which settings. */
  BuildReportsOptions,
  /** Why reports could not be built. */
  BuildReportsError,
} from "./reports/build-reports.js";
export {
  /** One of `reportNames` (a zod enum). */
  ReportName,
  /** Every report, in the order shown; each named for its read model. */
  reportNames,
  /** The reports made when none are asked for: all but equity. */
  defaultReportNames,
} from "./reports/report-name.js";
export type {
  /** Settings of the read models and their reports, keyed by report. */
  ReportSettings,
} from "./reports/report-settings.js";
export type {
  /** A report: its read models' output and the view the other formats show. */
  BuiltReport,
  /** The reports of one replay, in the order asked for. */
  BuiltReports,
  /** Each report's data, as JSON writes it. */
  ReportData,
} from "./reports/report-registry.js";
export type {
  /** A report as the table, CSV and HTML formats show it. */
  ReportView,
  /** One table of a report. */
  TableView,
  /** A table column: its CSV key, its label, how its values read. */
  Column,
  /** How a column's values read (count, decimal, share, percent, interval, ...). */
  ColumnFormat,
  /** What a column's figures say about people, for small-number suppression. */
  ColumnDisclosure,
  /** Sums among a table's counts that shared reports protect together. */
  TableSums,
  /** A table cell's raw value; null is a figure that could not be computed. */
  Cell,
  /** An estimate with its confidence interval. */
  Interval,
} from "./reports/report-view.js";

// Small-number suppression for reports meant for sharing (docs/reports.md, "Small numbers").
export {
  /** One count published by the rule, on its own. */
  publishCount,
  /** A table of counts published by the rule, with secondary suppression. */
  suppressTable,
  /** The rule as figures: the suppressed range and the rounding base. */
  smallNumberRule,
  /** The rule in one sentence, printed on every shared report. */
  smallNumberRuleText,
} from "./disclosure/small-number-suppression.js";
export type {
  /** A count as published: exact zero, rounded, or suppressed. */
  PublishedCount,
  /** A table as published: its cells and the totals asked for. */
  PublishedTable,
  /** A table of counts and which of its totals are published with it. */
  CountTable,
} from "./disclosure/small-number-suppression.js";
export {
  /** One table for sharing: counts of people suppressed and rounded, figures derived from them too. */
  sharedTable,
  /** How a suppressed figure reads in shared reports. */
  SUPPRESSED,
} from "./disclosure/shared-view.js";

// Output: every format, and writing the files.
export {
  /** The reports in one format: what goes to stdout and the files for the output folder. */
  renderReports,
  /** One of `reportFormats` (a zod enum). */
  ReportFormat,
  /** The formats `replay --format` takes. */
  reportFormats,
} from "./output/render-reports.js";
export type {
  /** Reports in one format: stdout's text and the files. */
  RenderedReports,
} from "./output/render-reports.js";
export {
  /** One report as terminal text. */
  renderTableReport,
  /** Every report as terminal text, one after another. */
  renderTables,
  /** One table as text, no colours. */
  renderTextTable,
} from "./output/table-report.js";
export {
  /** The whole HTML page for the reports built. */
  renderHtmlReport,
} from "./output/html-report.js";
export type {
  /** The page's heading, where its events came from, and who it is for. */
  HtmlReportOptions,
  /** Who a report is for: shared (small numbers suppressed) or exact. */
  ReportFigures,
} from "./output/html-report.js";
export type {
  /** The charts the HTML page shows. */
  ChartId,
} from "./charts/svg-chart.js";
export {
  /** Every report in one JSON object keyed by report name. */
  reportsJson,
  /** One JSON file per report. */
  jsonFile,
} from "./output/json-report.js";
export {
  /** One CSV file per table of a report, shared or exact. */
  csvFiles,
  /** One table as CSV; a cell a spreadsheet would run as a formula is escaped. */
  tableCsv,
} from "./output/csv-report.js";
export {
  /** Writes report files into a folder, each whole or not at all. */
  writeReportFiles,
} from "./output/report-file.js";
export type {
  /** A rendered report file, named relative to the output folder. */
  ReportFile,
} from "./output/report-file.js";
