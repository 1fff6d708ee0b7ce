import { formatNumber } from "../reports/figure-format.js";
import type { Cell, Column, ReportView, TableView } from "../reports/report-view.js";
import { isSmallCount, publishCount, publishedValue, suppressTable, type PublishedCount } from "./small-number-suppression.js";

/** How a suppressed figure reads in shared reports (NHS England's publications use the same mark). */
export const SUPPRESSED = "*";

/**
 * How a report's summary writes its figures about people: exactly for operational use, by the
 * small-number rule for sharing. A report's view takes one, so its summary and its tables agree.
 */
export interface FigureText {
  /** True for operational (exact) figures. */
  readonly exact: boolean;
  /** A count of people or of their events. */
  readonly count: (count: number) => string;
  /**
   * A figure calculated from `people` people (a mean, an estimate): `text` as given, or `*` when
   * `people` would be suppressed.
   */
  readonly over: (people: number, text: string) => string;
}

/** Exact figures, for operational reports. */
export const exactFigures: FigureText = {
  exact: true,
  count: (count) => formatNumber(count, 0),
  over: (_people, text) => text,
};

/** Figures by the small-number rule, for shared reports. */
export const sharedFigures: FigureText = {
  exact: false,
  count: (count) => {
    const value = publishedValue(publishCount(count));
    return value === null ? SUPPRESSED : formatNumber(value, 0);
  },
  over: (people, text) => (isSmallCount(people) ? SUPPRESSED : text),
};

const asCount = (cell: Cell | undefined): number | null => (typeof cell === "number" ? cell : null);
const asCell = (published: PublishedCount): Cell => publishedValue(published) ?? SUPPRESSED;
const alone = (cell: Cell | undefined): PublishedCount | null => {
  const count = asCount(cell);
  return count === null ? null : publishCount(count);
};

/** Count columns of a table that count people or their events, by index. */
function peopleCounts(columns: readonly Column[]): number[] {
  return columns.flatMap((column, index) => (column.format === "count" && column.disclosure === undefined ? [index] : []));
}

/**
 * One table for sharing: every count of people suppressed and rounded by the rule (protected
 * together with the sums the table declares and the totals published with it), and every figure
 * derived from them suppressed or recomputed from the published counts.
 */
export function sharedTable(table: TableView): TableView {
  const sums = table.sums ?? {};
  const index = new Map(table.columns.map((column, at) => [column.key, at]));
  const hasTotalRow = sums.lastRowIsTotal === true && table.rows.length > 0;
  const body = hasTotalRow ? table.rows.slice(0, -1) : table.rows;
  const totalRow = hasTotalRow ? table.rows.at(-1) : undefined;
  const totalsShown = new Set(sums.columns ?? []);
  // Published counts by column index: one per body row, and the total row's.
  const published = new Map<number, (PublishedCount | null)[]>();
  const publishedTotal = new Map<number, PublishedCount>();
  let withheld = false;
  const protect = (columns: readonly number[], rowTotalColumn: number | null) => {
    const usable = body.map((row) => columns.every((at) => asCount(row[at]) !== null));
    const cells = body.flatMap((row, at) => (usable[at] === true ? [columns.map((column) => asCount(row[column]) ?? 0)] : []));
    const grandTotal =
      hasTotalRow ||
      (rowTotalColumn === null
        ? columns.some((at) => totalsShown.has(table.columns[at]!.key))
        : totalsShown.has(table.columns[rowTotalColumn]!.key));
    const result = suppressTable({
      cells,
      rowTotals: rowTotalColumn !== null,
      columnTotals: hasTotalRow && columns.length > 1,
      grandTotal,
    });
    withheld ||= result.withheld;
    columns.forEach((column, part) => {
      let next = 0;
      // A row where some part is missing (not computable) has no sum to protect: each count stands alone.
      published.set(
        column,
        usable.map((ok, r) => (ok ? (result.cells[next++]?.[part] ?? null) : alone(body[r]?.[column]))),
      );
      if (hasTotalRow) {
        const total = columns.length > 1 ? result.columnTotals?.[part] : result.grandTotal;
        if (total !== undefined && total !== null) publishedTotal.set(column, total);
      }
    });
    if (rowTotalColumn !== null) {
      let next = 0;
      published.set(
        rowTotalColumn,
        usable.map((ok, r) => (ok ? (result.rowTotals?.[next++] ?? null) : alone(body[r]?.[rowTotalColumn]))),
      );
      if (hasTotalRow && result.grandTotal !== null) publishedTotal.set(rowTotalColumn, result.grandTotal);
    }
  };
  const counted = new Set<number>();
  if (sums.rows !== undefined) {
    const parts = sums.rows.parts.flatMap((key) => (index.has(key) ? [index.get(key)!] : []));
    const total = index.get(sums.rows.total);
    if (total !== undefined && parts.length > 0) {
      protect(parts, total);
      for (const at of [...parts, total]) counted.add(at);
    }
  }
  for (const at of peopleCounts(table.columns)) if (!counted.has(at)) protect([at], null);

  const totalOf = (key: string): PublishedCount | null => {
    const at = index.get(key);
    return at === undefined ? null : (publishedTotal.get(at) ?? null);
  };
  const shareRow = (row: readonly Cell[], counts: (at: number) => PublishedCount | null | undefined): Cell[] => {
    const shared = (cell: Cell, at: number): Cell => {
      const column = table.columns[at]!;
      const own = counts(at);
      if (own !== undefined) return own === null ? cell : asCell(own);
      const disclosure = column.disclosure;
      if (disclosure === undefined || disclosure.kind === "not-people" || cell === null) return cell;
      const of = (key: string) => {
        const column = index.get(key);
        if (column === undefined) return undefined;
        const exact = asCount(row[column]);
        // A basis that is not itself a protected count is judged by the rule on its own.
        return { exact, shown: counts(column) ?? (exact === null ? null : publishCount(exact)) };
      };
      switch (disclosure.kind) {
        case "mean": {
          // NHS England: a figure calculated from 1 to 7 people is not calculated.
          const people = disclosure.of.reduce<number | null>((sum, key) => {
            const exact = of(key)?.exact;
            return sum === null || exact === null || exact === undefined ? null : sum + exact;
          }, 0);
          const groups = (disclosure.each ?? []).map((key) => of(key)?.exact ?? null);
          if (groups.some((group) => group === null || isSmallCount(group))) return SUPPRESSED;
          return people === null || (disclosure.of.length > 0 && isSmallCount(people)) ? SUPPRESSED : cell;
        }
        case "share": {
          const numerator = of(disclosure.numerator)?.shown;
          const parts =
            disclosure.denominator === "column-total"
              ? [totalOf(disclosure.numerator)]
              : disclosure.denominator.map((key) => of(key)?.shown);
          const shown = [numerator, ...parts].map((part) =>
            part == null || part.kind === "suppressed" ? null : (publishedValue(part) ?? 0),
          );
          const [top, ...bottoms] = shown;
          if (top === null || top === undefined || bottoms.some((part) => part === null)) return SUPPRESSED;
          const bottom = bottoms.reduce<number>((sum, part) => sum + (part ?? 0), 0);
          return bottom === 0 ? null : top / bottom;
        }
        case "rate": {
          const top = of(disclosure.numerator)?.exact;
          const bottom = of(disclosure.denominator)?.exact;
          if (top === null || top === undefined || bottom === null || bottom === undefined) return SUPPRESSED;
          return [top, bottom, bottom - top].some(isSmallCount) ? SUPPRESSED : cell;
        }
        case "per": {
          const basis = of(disclosure.of);
          if (basis?.shown == null || basis.shown.kind === "suppressed" || typeof cell !== "number") return SUPPRESSED;
          return basis.exact === null || basis.exact === 0 ? cell : (cell * (publishedValue(basis.shown) ?? 0)) / basis.exact;
        }
        case "band": {
          // Placed from the figure as published, never the exact one (see `ColumnDisclosure`).
          const at = index.get(disclosure.of);
          const figure = at === undefined ? SUPPRESSED : shared(row[at] ?? null, at);
          if (figure === null) return null;
          if (typeof figure !== "number") return SUPPRESSED;
          return figure < disclosure.lower ? "below" : figure > disclosure.upper ? "above" : "within";
        }
      }
    };
    return row.map(shared);
  };

  const rows = body.map((row, r) => shareRow(row, (at) => (published.has(at) ? (published.get(at)?.[r] ?? null) : undefined)));
  if (totalRow !== undefined) rows.push(shareRow(totalRow, (at) => (published.has(at) ? (publishedTotal.get(at) ?? null) : undefined)));
  const caption = withheld
    ? [table.caption, "Some counts are withheld (*): no other suppression kept every small count from being worked out from the totals."]
        .filter((part) => part !== undefined)
        .join(" ")
    : table.caption;
  return { ...table, rows, ...(caption === undefined ? {} : { caption }) };
}

/** A report's view for sharing: every table by `sharedTable` (the summary was written with `sharedFigures`). */
export function sharedView(view: ReportView): ReportView {
  return { ...view, tables: view.tables.map(sharedTable) };
}
