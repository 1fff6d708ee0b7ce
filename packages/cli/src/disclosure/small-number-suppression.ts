/**
 * Small-number suppression for outputs meant for sharing, following NHS England's (formerly NHS
 * Digital's) disclosure control for sub-national counts in its secondary care statistics (HES and
 * ECDS, applied since September 2018 and since adopted for its other datasets):
 *   https://digital.nhs.uk/data-and-information/data-tools-and-services/data-services/hospital-episode-statistics/change-to-disclosure-control-methodology-for-hes-and-ecds-from-september-2018
 * - a count of 0 is published as 0;
 * - a count from 1 to 7 is suppressed (published as `*`);
 * - every other count is rounded to the nearest 5;
 * - totals are computed from the exact counts, then published by the same rule (so they need not
 *   equal the sum of the published cells);
 * - a figure calculated from 1 to 7 people (a mean, a rate) is not calculated: `*`.
 *
 * NHS England's method relies on rounding alone and does no secondary suppression. A rounded
 * total can still pin a suppressed count in edge cases (a 2×2 table of 7s with its totals), so
 * `suppressTable` adds secondary suppression: a suppressed cell is published only when another
 * table with the same published figures and a different value in that cell exists; otherwise a
 * neighbouring cell or a row or column total is suppressed too, until every suppressed cell is safe.
 */

/** The rule, as figures: counts from `smallest` to `largest` are suppressed, others rounded to `base`. */
export const smallNumberRule = { smallest: 1, largest: 7, base: 5 } as const;

/** The rule in one sentence, printed on every shared report. */
export const smallNumberRuleText =
  "Small-number suppression (NHS England's disclosure control for sub-national counts): counts from 1 to 7 are shown as *, " +
  "other counts are rounded to the nearest 5, totals are computed from exact counts and then rounded, " +
  "a figure calculated from 1 to 7 people is shown as *, and further figures are shown as * where a total " +
  "would otherwise let a suppressed count be worked out.";

/** A count as published: exact (0), rounded to the nearest 5, or suppressed (`*`). */
export type PublishedCount =
  | { readonly kind: "zero" }
  | { readonly kind: "rounded"; readonly value: number }
  /**
   * `small`: the count is from 1 to 7; `secondary`: it is larger, suppressed to protect a small one;
   * `withheld`: the whole table's cells are held back (see `PublishedTable.withheld`).
   */
  | { readonly kind: "suppressed"; readonly why: "small" | "secondary" | "withheld" };

/** Whether a count is in the suppressed range (1 to 7). */
export function isSmallCount(count: number): boolean {
  return count >= smallNumberRule.smallest && count <= smallNumberRule.largest;
}

/** One count by the rule, on its own (no totals published with it). */
export function publishCount(count: number): PublishedCount {
  if (count <= 0) return { kind: "zero" };
  if (isSmallCount(count)) return { kind: "suppressed", why: "small" };
  return { kind: "rounded", value: Math.round(count / smallNumberRule.base) * smallNumberRule.base };
}

/** The published count's number, or null when suppressed. */
export function publishedValue(count: PublishedCount): number | null {
  switch (count.kind) {
    case "zero":
      return 0;
    case "rounded":
      return count.value;
    case "suppressed":
      return null;
  }
}

/** A table of counts and which of its totals are published with it. */
export interface CountTable {
  /** Rows of counts (whole numbers, 0 or more), every row as long as the first. */
  readonly cells: readonly (readonly number[])[];
  /** Each row's total is published. */
  readonly rowTotals?: boolean;
  /** Each column's total is published. */
  readonly columnTotals?: boolean;
  /** The table's total is published (it is never suppressed for another cell's sake). */
  readonly grandTotal?: boolean;
}

/** A table as published: its cells and the totals asked for. */
export interface PublishedTable {
  readonly cells: readonly (readonly PublishedCount[])[];
  readonly rowTotals: readonly PublishedCount[] | null;
  readonly columnTotals: readonly PublishedCount[] | null;
  readonly grandTotal: PublishedCount | null;
  /**
   * True when no further suppression made every small count safe: every cell and row and column
   * total is then held back, and only the grand total (if asked for) is published.
   */
  readonly withheld: boolean;
}

/** What a reader who knows the rule can tell of a figure from how it is published: its least and greatest value. */
interface Range {
  readonly low: number;
  readonly high: number;
}

function rangeOf(published: PublishedCount): Range {
  switch (published.kind) {
    case "zero":
      return { low: 0, high: 0 };
    case "rounded":
      return { low: Math.max(smallNumberRule.largest + 1, published.value - 2), high: published.value + 2 };
    case "suppressed":
      // A careful reader is assumed to know which suppressions were secondary (larger than 7).
      switch (published.why) {
        case "small":
          return { low: smallNumberRule.smallest, high: smallNumberRule.largest };
        case "secondary":
          return { low: smallNumberRule.largest + 1, high: Number.POSITIVE_INFINITY };
        case "withheld":
          return { low: 0, high: Number.POSITIVE_INFINITY };
      }
  }
}

/** The working state: exact figures and how each is published. */
interface Grid {
  readonly cells: number[][];
  readonly published: PublishedCount[][];
  readonly rowTotals: number[];
  readonly rowPublished: PublishedCount[] | null;
  readonly columnTotals: number[];
  readonly columnPublished: PublishedCount[] | null;
  readonly grandTotal: number;
  readonly grandPublished: PublishedCount | null;
}

const within = (value: number, published: PublishedCount | null | undefined): boolean => {
  if (published === null || published === undefined) return true;
  const range = rangeOf(published);
  return value >= range.low && value <= range.high;
};

/**
 * Whether moving `moves` (cell changes) keeps every published figure where a reader would put it:
 * a witness that the table is not the only one behind what is published.
 */
function consistent(grid: Grid, moves: readonly { row: number; column: number; by: number }[]): boolean {
  const rowChange = new Map<number, number>();
  const columnChange = new Map<number, number>();
  let grandChange = 0;
  for (const { row, column, by } of moves) {
    if (!within((grid.cells[row]?.[column] ?? 0) + by, grid.published[row]?.[column])) return false;
    rowChange.set(row, (rowChange.get(row) ?? 0) + by);
    columnChange.set(column, (columnChange.get(column) ?? 0) + by);
    grandChange += by;
  }
  for (const [row, by] of rowChange) if (!within((grid.rowTotals[row] ?? 0) + by, grid.rowPublished?.[row])) return false;
  for (const [column, by] of columnChange) if (!within((grid.columnTotals[column] ?? 0) + by, grid.columnPublished?.[column])) return false;
  return within(grid.grandTotal + grandChange, grid.grandPublished);
}

/**
 * Whether another table, publishing the same figures, has a different value in this cell. Moves
 * tried: the cell alone (its totals absorb it within their rounding), the cell and another in its
 * row or column, and a rectangle of four cells (every total unchanged). A step of 1 suffices: every
 * published figure is an interval around the true value, so if a larger step fits, so does 1.
 */
function ambiguous(grid: Grid, row: number, column: number): boolean {
  const rows = grid.cells.length;
  const columns = grid.cells[0]?.length ?? 0;
  for (const by of [1, -1]) {
    if (consistent(grid, [{ row, column, by }])) return true;
    for (let other = 0; other < columns; other++) {
      if (
        other !== column &&
        consistent(grid, [
          { row, column, by },
          { row, column: other, by: -by },
        ])
      )
        return true;
    }
    for (let other = 0; other < rows; other++) {
      if (
        other !== row &&
        consistent(grid, [
          { row, column, by },
          { row: other, column, by: -by },
        ])
      )
        return true;
    }
    for (let otherRow = 0; otherRow < rows; otherRow++) {
      if (otherRow === row) continue;
      for (let otherColumn = 0; otherColumn < columns; otherColumn++) {
        if (otherColumn === column) continue;
        const rectangle = [
          { row, column, by },
          { row, column: otherColumn, by: -by },
          { row: otherRow, column, by: -by },
          { row: otherRow, column: otherColumn, by },
        ];
        if (consistent(grid, rectangle)) return true;
      }
    }
  }
  return false;
}

const secondary: PublishedCount = { kind: "suppressed", why: "secondary" };

/**
 * A further figure to suppress for the unsafe cell: the smallest rounded cell in its row or column,
 * else its row's total, else its column's. Null when none is left.
 */
function nextSuppression(grid: Grid, row: number, column: number): (() => void) | null {
  const candidates: { value: number; apply: () => void }[] = [];
  grid.published[row]?.forEach((published, other) => {
    if (published.kind === "rounded")
      candidates.push({ value: grid.cells[row]?.[other] ?? 0, apply: () => void (grid.published[row]![other] = secondary) });
  });
  grid.published.forEach((line, other) => {
    if (line[column]?.kind === "rounded")
      candidates.push({ value: grid.cells[other]?.[column] ?? 0, apply: () => void (grid.published[other]![column] = secondary) });
  });
  const smallest = candidates.sort((a, b) => a.value - b.value)[0];
  if (smallest !== undefined) return smallest.apply;
  if (grid.rowPublished?.[row]?.kind === "rounded") return () => void (grid.rowPublished![row] = secondary);
  if (grid.columnPublished?.[column]?.kind === "rounded") return () => void (grid.columnPublished![column] = secondary);
  return null;
}

/**
 * A table of counts published by the rule, with its totals, and secondary suppression so that no
 * suppressed small count can be worked out from the cells and totals published with it.
 */
export function suppressTable(table: CountTable): PublishedTable {
  const cells = table.cells.map((row) => row.map((count) => Math.max(0, Math.round(count))));
  const columns = cells[0]?.length ?? 0;
  const rowTotals = cells.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = Array.from({ length: columns }, (_, column) => cells.reduce((sum, row) => sum + (row[column] ?? 0), 0));
  const grandTotal = rowTotals.reduce((sum, count) => sum + count, 0);
  const grid: Grid = {
    cells,
    published: cells.map((row) => row.map(publishCount)),
    rowTotals,
    rowPublished: table.rowTotals === true ? rowTotals.map(publishCount) : null,
    columnTotals,
    columnPublished: table.columnTotals === true ? columnTotals.map(publishCount) : null,
    grandTotal,
    grandPublished: table.grandTotal === true ? publishCount(grandTotal) : null,
  };
  // Suppressing a figure only widens what a reader can tell of it, so a witness found for one cell
  // stays valid: each cell is made safe once, in order, and the scan never starts over.
  for (let row = 0; row < cells.length; row++) {
    for (let column = 0; column < columns; column++) {
      const figure = grid.published[row]?.[column];
      if (figure?.kind !== "suppressed" || figure.why !== "small") continue;
      while (!ambiguous(grid, row, column)) {
        const suppress = nextSuppression(grid, row, column);
        if (suppress === null) return withheld(grid);
        suppress();
      }
    }
  }
  return { ...published(grid), withheld: false };
}

function published(grid: Grid): Omit<PublishedTable, "withheld"> {
  return {
    cells: grid.published,
    rowTotals: grid.rowPublished,
    columnTotals: grid.columnPublished,
    grandTotal: grid.grandPublished,
  };
}

function withheld(grid: Grid): PublishedTable {
  const held: PublishedCount = { kind: "suppressed", why: "withheld" };
  const all = (counts: readonly PublishedCount[]) => counts.map(() => held);
  return {
    cells: grid.published.map(all),
    rowTotals: grid.rowPublished === null ? null : all(grid.rowPublished),
    columnTotals: grid.columnPublished === null ? null : all(grid.columnPublished),
    grandTotal: grid.grandPublished,
    withheld: true,
  };
}
