import { stringify } from "csv-stringify/sync";
import type { BuiltReport } from "../reports/report-registry.js";
import { isInterval, type Cell, type TableView } from "../reports/report-view.js";
import type { SkippedHistory } from "../reports/skipped-history.js";
import { exactNotice, sharedNotice, type ReportFigures } from "./html-report.js";
import type { ReportFile } from "./report-file.js";

/** Header names: an interval column becomes three (`did`, `did_lower`, `did_upper`). */
function headers(table: TableView): string[] {
  return table.columns.flatMap((column) =>
    column.format === "interval" || column.format === "percent-interval"
      ? [column.key, `${column.key}_lower`, `${column.key}_upper`]
      : [column.key],
  );
}

/** Raw values for analysis: numbers unrounded, booleans as true/false, missing values empty. */
function values(table: TableView, row: readonly Cell[]): (string | number | boolean)[] {
  return table.columns.flatMap((column, index) => {
    const cell = row[index] ?? null;
    if (column.format === "interval" || column.format === "percent-interval") {
      return isInterval(cell) ? [cell.estimate, cell.lower, cell.upper] : ["", "", ""];
    }
    return [cell === null || isInterval(cell) ? "" : cell];
  });
}

/**
 * One table as CSV: snake_case headers, raw values. A text cell that a spreadsheet would run as a
 * formula (it begins with =, +, -, @, a tab or a carriage return) is written with a leading `'`, as
 * OWASP's CSV-injection advice has it (csv-stringify's `escape_formulas`; numbers keep their sign).
 */
export function tableCsv(table: TableView): string {
  return stringify([headers(table), ...table.rows.map((row) => values(table, row))], {
    cast: { boolean: (value) => String(value) },
    escape_formulas: true,
  });
}

/**
 * One CSV file per table of the report: `capacity-by-month.csv`, `capacity-forecast.csv`. Shared
 * (default): small numbers suppressed (`*`); `exact`: the exact figures, for operational use.
 */
export function csvFiles(report: BuiltReport, figures: ReportFigures = "shared"): ReportFile[] {
  const view = figures === "exact" ? report.view : report.sharedView;
  return view.tables.map((table) => ({ name: `${report.name}-${table.id}.csv`, content: tableCsv(table) }));
}

/** `disclosure.txt`, written with the CSV files: how their figures were published, and for whom. */
export function disclosureFile(figures: ReportFigures): ReportFile {
  return { name: "disclosure.txt", content: `${figures === "exact" ? exactNotice : sharedNotice}\n` };
}

/** After a replay that skipped lines, `skipped-lines.csv`: refused lines and affected streams, by code and category. */
export function skippedCsv(skipped: SkippedHistory): ReportFile {
  const rows = [
    ["what", "kind", "count"],
    ...skipped.byCode.map(({ code, lines }) => ["refused_lines", code, lines]),
    ...(skipped.applyFailures > 0 ? [["apply_failures", "", skipped.applyFailures]] : []),
    ...skipped.streams.map(({ category, streams }) => ["affected_streams", category, streams]),
    ...(skipped.unattributedLines > 0 ? [["unattributed_lines", "", skipped.unattributedLines]] : []),
  ];
  return { name: "skipped-lines.csv", content: stringify(rows, { escape_formulas: true }) };
}
