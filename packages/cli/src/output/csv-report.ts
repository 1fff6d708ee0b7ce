import { stringify } from "csv-stringify/sync";
import type { BuiltReport } from "../reports/report-registry.js";
import { isInterval, type Cell, type TableView } from "../reports/report-view.js";
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

/** One table as CSV: snake_case headers, raw values. */
export function tableCsv(table: TableView): string {
  return stringify([headers(table), ...table.rows.map((row) => values(table, row))], { cast: { boolean: (value) => String(value) } });
}

/** One CSV file per table of the report: `capacity-by-month.csv`, `capacity-forecast.csv`. */
export function csvFiles(report: BuiltReport): ReportFile[] {
  return report.view.tables.map((table) => ({ name: `${report.name}-${table.id}.csv`, content: tableCsv(table) }));
}
