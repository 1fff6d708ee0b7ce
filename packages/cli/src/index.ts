// The public API of @linkwork/cli, one named export at a time.

export { runCli } from "./main.js";
export type { CliIo, OutputStream } from "./cli-io.js";
export { processIo } from "./cli-io.js";

// Reports: build them from any projection source (a history file, or a store through readAllSource), then render.
export { buildReports } from "./build-reports.js";
export type { BuildReportsOptions, BuildReportsError } from "./build-reports.js";
export { ReportName, reportNames } from "./built-report.js";
export type { BuiltReport, BuiltReports, ReportSettings } from "./built-report.js";
export { renderReports, ReportFormat, reportFormats } from "./render-reports.js";
export type { RenderedReports } from "./render-reports.js";
export { renderTableReport, renderTables, renderTextTable } from "./table-report.js";
export { renderHtmlReport } from "./html-report.js";
export type { HtmlReportOptions, ChartId } from "./html-report.js";
export { reportsJson, jsonFile } from "./json-report.js";
export { csvFiles, tableCsv } from "./csv-report.js";
export { writeReportFiles } from "./report-file.js";
export type { ReportFile } from "./report-file.js";
export type { ReportView, TableView, Column, ColumnFormat, Cell, Interval } from "./report-view.js";
