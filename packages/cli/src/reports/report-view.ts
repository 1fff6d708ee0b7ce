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

/**
 * What a column's figures say about people, for small-number suppression in shared reports
 * (docs/reports.md, "Small numbers"). A `count` column counts people or their events unless it is
 * `not-people`; every other figure about people names the count of the row it comes from:
 * - `mean`: a mean, interval or other figure calculated from the people the `of` count columns
 *   count (summed), or from each group the `each` columns count, shown as `*` when they (or any
 *   group) are 1 to 7 (NHS England: no calculation is made);
 * - `share`: numerator over denominator (the sum of the `denominator` count columns, or the
 *   numerator column's total in the table's total row), recomputed from the published (rounded)
 *   counts, `*` when any is suppressed, so that it gives no exact count away;
 * - `per`: proportional to the `of` count (a rate per FTE, a referral rate), scaled to its published
 *   (rounded) value, `*` when it is suppressed;
 * - `rate`: a proportion with its interval (a Wilson interval), `numerator` of `denominator`, shown
 *   as it is unless the numerator, the denominator or what the denominator leaves over (the
 *   denominator less the numerator) is 1 to 7: with the denominator published, the rate would give
 *   that count away (5% of 20 decided is 1 decline), so it is `*`;
 * - `band`: a text placing the `of` column's figure against limits (`below` under `lower`, `above`
 *   over `upper`, else `within`), placed again from that figure as published, `*` when it is
 *   suppressed: a band from the exact figure beside a rounded count can pin the count (13 referrals
 *   publish as 15; at a list of 10,000 only 13 of 13-17 is within the 1.2%-1.6% band).
 * Numeric columns without one (FTE, list size ratios, months) are not about people and are shown as they are.
 */
export type ColumnDisclosure =
  | { readonly kind: "not-people" }
  | { readonly kind: "mean"; readonly of: readonly string[]; readonly each?: readonly string[] }
  | { readonly kind: "share"; readonly numerator: string; readonly denominator: readonly string[] | "column-total" }
  | { readonly kind: "per"; readonly of: string }
  | { readonly kind: "rate"; readonly numerator: string; readonly denominator: string }
  | { readonly kind: "band"; readonly of: string; readonly lower: number; readonly upper: number };

/** A table column: its CSV key, its label, how its values read. */
export interface Column {
  /** Header of the CSV column: snake_case, stable. */
  readonly key: string;
  /** Header people read. */
  readonly label: string;
  readonly format: ColumnFormat;
  /** False: left out of terminal tables (too wide), kept in CSV and HTML. Default true. */
  readonly terminal?: boolean;
  /** How small-number suppression treats it; see `ColumnDisclosure`. */
  readonly disclosure?: ColumnDisclosure;
}

/**
 * Sums among a table's counts that a reader can use, so that shared reports protect them together:
 * without them each count is suppressed and rounded on its own.
 */
export interface TableSums {
  /** In every row, the `total` column is the sum of the `parts` columns. */
  readonly rows?: { readonly parts: readonly string[]; readonly total: string };
  /**
   * Count columns whose totals over the rows are published with the table (in the report's summary,
   * by `FigureText.total`, or in the table's last row when `lastRowIsTotal`).
   */
  readonly columns?: readonly string[];
  /** The last row holds the column totals (e.g. "all sources"). */
  readonly lastRowIsTotal?: boolean;
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
  /** Sums among its counts (see `TableSums`); none by default. */
  readonly sums?: TableSums;
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

/** A column; `terminal: false` leaves it out of terminal tables; `disclosure` says what it says about people. */
export function column(key: string, label: string, format: ColumnFormat, terminal = true, disclosure?: ColumnDisclosure): Column {
  return { key, label, format, ...(terminal ? {} : { terminal }), ...(disclosure === undefined ? {} : { disclosure }) };
}

/** A mean (or interval, or maximum) over the people the `of` count columns count. */
export const meanOf = (...of: string[]): ColumnDisclosure => ({ kind: "mean", of });
/** A share: a count column over the sum of others, or over its own total (`"column-total"`). */
export const shareOf = (numerator: string, denominator: readonly string[] | "column-total"): ColumnDisclosure => ({
  kind: "share",
  numerator,
  denominator,
});
/** A figure proportional to the `of` count column. */
export const perOf = (of: string): ColumnDisclosure => ({ kind: "per", of });
/** A proportion with its interval: `numerator` of `denominator` (see `ColumnDisclosure`). */
export const rateOf = (numerator: string, denominator: string): ColumnDisclosure => ({ kind: "rate", numerator, denominator });
/** A band (`below`, `within`, `above` the limits, both included in `within`) of the `of` column's figure. */
export const bandOf = (of: string, lower: number, upper: number): ColumnDisclosure => ({ kind: "band", of, lower, upper });
/** A figure over several groups (a difference in differences): `*` when any group has 1 to 7 people. */
export const meanOfEach = (...each: string[]): ColumnDisclosure => ({ kind: "mean", of: [], each });
/** A count column that does not count people (months, days). */
export const notPeople: ColumnDisclosure = { kind: "not-people" };

/** Whether a cell is an estimate with its interval. */
export function isInterval(cell: Cell): cell is Interval {
  return typeof cell === "object" && cell !== null;
}
