import type { CalendarMonth } from "./calendar-month.js";

/**
 * Counters of folded cases per UTC month over a grid of cells. A cell is one combination of the
 * dimensions a report groups and filters by, numbered densely by the read model (PCN number × the
 * number of sources + source, say), and every cell holds the same counters. The grid is dense within
 * a month (one Int32Array per month that has folded cases): memory is months × cells × counters × 4
 * bytes whatever the number of cases folded, with no object, Map entry or key string per cell.
 *
 * Buys heap, a little: with referral-sources on plain nested Maps (month -> PCN -> source -> tally
 * object) instead, the replay bench's peak live heap for the 10x history was 6.1-6.2 MB vs 5.7 MB
 * (medians; ratio to the 1x history 1.21x vs 1.13x, target < 1.5x), throughput within noise (file
 * replay 0.49x vs 0.46x bare JSON.parse, store-memory replay 0.98-1.01x vs 0.91x the bare apply loop).
 * Measured with `pnpm bench --only replay` on 2026-12-05, 5 packed runs vs 2 plain, load average 4-9.
 */
export interface MonthlyTallies {
  /** Counters per cell: cell `c` of a month holds its grid's entries `c * counters` onwards. */
  readonly counters: number;
  readonly months: Map<CalendarMonth, Int32Array>;
}

export function monthlyTallies(counters: number): MonthlyTallies {
  return { counters, months: new Map() };
}

/** The month's grid, created or grown so that it holds `cell`. */
function gridHolding(tallies: MonthlyTallies, month: CalendarMonth, cell: number): Int32Array {
  const { counters, months } = tallies;
  const offset = cell * counters;
  const grid = months.get(month);
  if (grid !== undefined && grid.length >= offset + counters) return grid;
  // Cells beyond the grid (a PCN seen for the first time) grow it by a quarter at least, so
  // copying stays rare; the spare cells are zeros, which every report adds harmlessly.
  const spare = grid === undefined ? 0 : Math.ceil((grid.length / counters) * 1.25) * counters;
  const grown = new Int32Array(Math.max(offset + counters, spare));
  if (grid !== undefined) grown.set(grid);
  months.set(month, grown);
  return grown;
}

/** Adds `counts` (one per counter, in order) to a cell of a month, growing the month's grid to hold it. */
export function addToMonthlyTally(tallies: MonthlyTallies, month: CalendarMonth, cell: number, counts: readonly number[]): void {
  const grid = gridHolding(tallies, month, cell);
  const offset = cell * tallies.counters;
  for (let counter = 0; counter < tallies.counters; counter += 1) {
    grid[offset + counter] = (grid[offset + counter] ?? 0) + (counts[counter] ?? 0);
  }
}

/** Adds `amount` to one counter of a cell of a month: a fold that touches a single counter allocates nothing. */
export function addToMonthlyCounter(tallies: MonthlyTallies, month: CalendarMonth, cell: number, counter: number, amount = 1): void {
  const grid = gridHolding(tallies, month, cell);
  const at = cell * tallies.counters + counter;
  grid[at] = (grid[at] ?? 0) + amount;
}
