import { printable } from "@linkwork/core";
import { isInterval, type Cell, type ColumnFormat } from "./report-view.js";

// One formatter per number of decimals: `toLocaleString` with options builds a new Intl.NumberFormat
// every call, which took ~5% of a 10-PCN `linkwork replay` (its tables format tens of thousands of cells).
const formatters = new Map<number, Intl.NumberFormat>();

/** Numbers as reports print them: en-GB grouping, a fixed number of decimals (what `toLocaleString("en-GB", ...)` writes). */
export function formatNumber(value: number, decimals: number): string {
  // A whole number from 0 to 999 needs no grouping: its digits are what en-GB writes (most counts
  // in the by-month tables; Intl's format was a fifth of rendering the 50-PCN year's reports).
  if (decimals === 0 && Number.isInteger(value) && value >= 0 && value < 1000 && !Object.is(value, -0)) return String(value);
  let formatter = formatters.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter.format(value);
}

/** `-1.95 (-2.61 to -1.30)`: an estimate and its interval, as the reports write them. */
export function formatInterval(estimate: number, lower: number, upper: number, suffix = "", decimals = 2): string {
  return `${formatNumber(estimate, decimals)}${suffix} (${formatNumber(lower, decimals)}${suffix} to ${formatNumber(upper, decimals)}${suffix})`;
}

/** A cell as text for terminals and HTML; missing values (no data, not computable) read "-". */
export function cellText(cell: Cell, format: ColumnFormat): string {
  if (cell === null) return "-";
  if (isInterval(cell)) {
    return format === "percent-interval"
      ? formatInterval(cell.estimate, cell.lower, cell.upper, "%", 1)
      : formatInterval(cell.estimate, cell.lower, cell.upper);
  }
  if (typeof cell === "boolean") return cell ? "yes" : "no";
  // Text may come from the history: shown only once printable (no escape sequences, no forged lines).
  if (typeof cell === "string") return printable(cell);
  switch (format) {
    case "count":
      return formatNumber(cell, Number.isInteger(cell) ? 0 : 1);
    case "decimal":
    case "interval":
      return formatNumber(cell, 2);
    case "share":
      return `${formatNumber(cell * 100, 1)}%`;
    case "percent":
    case "percent-interval":
      return `${formatNumber(cell, 1)}%`;
    case "text":
    case "yes-no":
      return String(cell);
  }
}

/** Words from vocabulary codes: `social_connection_and_befriending` → `social connection and befriending`. */
export function words(code: string): string {
  return code.replace(/_/g, " ");
}

/** Whether a column's values align right (numbers) or left (words). */
export function alignsRight(format: ColumnFormat): boolean {
  return format !== "text" && format !== "yes-no";
}
