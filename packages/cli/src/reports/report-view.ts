/**
 * A report as every format shows it: a title, a few summary lines, notes on how to read it, and
 * tables. Cells keep raw values (CSV and JSON want numbers); the table and HTML renderers format
 * them by their column's format.
 */

/** An estimate with its confidence interval. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** A table cell's raw value; null is a figure that could not be computed (shown `-`). */
export type Cell = string | number | boolean | null | Interval;

/**
 * How a column's values read: `count` whole numbers; `decimal` two decimals; `share` a fraction
 * shown as a percentage (0.25 → 25.0%); `percent` a value already in percent; `interval` an
 * estimate with its interval; `percent-interval` the same in percent; `yes-no` a boolean.
 */
export type ColumnFormat = "text" | "count" | "decimal" | "share" | "percent" | "interval" | "percent-interval" | "yes-no";

/** A table column: its CSV key, its label, how its values read. */
export interface Column {
  /** Header of the CSV column: snake_case, stable. */
  readonly key: string;
  /** Header people read. */
  readonly label: string;
  readonly format: ColumnFormat;
  /** False: left out of terminal tables (too wide), kept in CSV and HTML. Default true. */
  readonly terminal?: boolean;
}

/** One table of a report. */
export interface TableView {
  /** Names the table in file names: `capacity-by-month.csv`. */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Said under the table, e.g. why it is empty. */
  readonly caption?: string;
}

/** A report as the table, CSV and HTML formats show it. */
export interface ReportView {
  readonly title: string;
  /** What the report covers, in a sentence. */
  readonly description: string;
  readonly asOf: string;
  /** Headline figures, one per line. */
  readonly summary: readonly string[];
  /** How to read the figures (for the demand-reduction report, which figure to trust). */
  readonly notes: readonly string[];
  readonly tables: readonly TableView[];
}

/** A column; `terminal: false` leaves it out of terminal tables. */
export function column(key: string, label: string, format: ColumnFormat, terminal = true): Column {
  return terminal ? { key, label, format } : { key, label, format, terminal };
}

/** Whether a cell is an estimate with its interval. */
export function isInterval(cell: Cell): cell is Interval {
  return typeof cell === "object" && cell !== null;
}
