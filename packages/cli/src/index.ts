// The public API of @linkwork/cli, one named export at a time.

// The command line, run in process: `runCli(argv, io)` answers the exit code and never exits.
export { runCli } from "./main.js";
export type { CliIo, OutputStream } from "./commands/cli-io.js";
export { processIo } from "./commands/cli-io.js";

// Reports: build them from any projection source (a history file, or a store through readAllSource), then render.
export { buildReports } from "./reports/build-reports.js";
export type { BuildReportsOptions, BuildReportsError } from "./reports/build-reports.js";
export { ReportName, reportNames, defaultReportNames } from "./reports/report-name.js";
export type { ReportSettings } from "./reports/report-settings.js";
export type { BuiltReport, BuiltReports, ReportData } from "./reports/report-registry.js";
export type { ReportView, TableView, Column, ColumnFormat, ColumnDisclosure, TableSums, Cell, Interval } from "./reports/report-view.js";

// Small-number suppression for reports meant for sharing (docs/reports.md, "Small numbers").
export { publishCount, suppressTable, smallNumberRule, smallNumberRuleText } from "./disclosure/small-number-suppression.js";
export type { PublishedCount, PublishedTable, CountTable } from "./disclosure/small-number-suppression.js";
export { sharedTable, SUPPRESSED } from "./disclosure/shared-view.js";

// Output: every format, and writing the files.
export { renderReports, ReportFormat, reportFormats } from "./output/render-reports.js";
export type { RenderedReports } from "./output/render-reports.js";
export { renderTableReport, renderTables, renderTextTable } from "./output/table-report.js";
export { renderHtmlReport } from "./output/html-report.js";
export type { HtmlReportOptions, ReportFigures } from "./output/html-report.js";
export type { ChartId } from "./charts/svg-chart.js";
export { reportsJson, jsonFile } from "./output/json-report.js";
export { csvFiles, tableCsv } from "./output/csv-report.js";
export { writeReportFiles } from "./output/report-file.js";
export type { ReportFile } from "./output/report-file.js";
