import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { publishCount, suppressTable, type PublishedCount, type PublishedTable } from "../src/disclosure/small-number-suppression.js";

/**
 * The reader (the attacker) knows the rule and which suppressions were secondary. From a published
 * figure they know an interval; `slack` bounds the open-ended ones for the search below (a bound
 * only hides alternatives, so a table found safe here is safe).
 */
function readerRange(published: PublishedCount, truth: number): readonly [number, number] {
  const slack = 12;
  switch (published.kind) {
    case "zero":
      return [0, 0];
    case "rounded":
      return [Math.max(8, published.value - 2), published.value + 2];
    case "suppressed":
      if (published.why === "small") return [1, 7];
      if (published.why === "secondary") return [8, truth + slack];
      return [0, truth + slack];
  }
}

/**
 * Every value each small suppressed cell takes over all tables that publish exactly as this one
 * does (brute force with pruning by rows; stops once each has two values).
 */
function valuesReaderCannotRuleOut(cells: number[][], published: PublishedTable): Map<string, Set<number>> {
  const rows = cells.length;
  const columns = cells[0]!.length;
  const ranges = cells.map((row, r) => row.map((truth, c) => readerRange(published.cells[r]![c]!, truth)));
  const totalOk = (value: number, figure: PublishedCount | null | undefined, truth: number) => {
    if (figure === null || figure === undefined) return true;
    const [low, high] = readerRange(figure, truth);
    return value >= low && value <= high;
  };
  const rowTruth = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTruth = cells[0]!.map((_, c) => cells.reduce((sum, row) => sum + row[c]!, 0));
  const grandTruth = rowTruth.reduce((a, b) => a + b, 0);
  const small: [number, number][] = [];
  cells.forEach((row, r) =>
    row.forEach((_, c) => {
      const figure = published.cells[r]![c]!;
      if (figure.kind === "suppressed" && figure.why === "small") small.push([r, c]);
    }),
  );
  const seen = new Map(small.map(([r, c]) => [`${r},${c}`, new Set<number>()]));
  const trial = cells.map((row) => row.map(() => 0));
  const done = () => [...seen.values()].every((values) => values.size >= 2);
  const search = (index: number): boolean => {
    if (index === rows * columns) {
      for (let c = 0; c < columns; c++) {
        const sum = trial.reduce((total, row) => total + row[c]!, 0);
        if (!totalOk(sum, published.columnTotals?.[c], columnTruth[c]!)) return false;
      }
      const grand = trial.flat().reduce((a, b) => a + b, 0);
      if (!totalOk(grand, published.grandTotal, grandTruth)) return false;
      for (const [r, c] of small) seen.get(`${r},${c}`)!.add(trial[r]![c]!);
      return done();
    }
    const r = Math.floor(index / columns);
    const c = index % columns;
    const [low, high] = ranges[r]![c]!;
    for (let value = low; value <= high; value++) {
      trial[r]![c] = value;
      if (c === columns - 1) {
        const sum = trial[r]!.reduce((a, b) => a + b, 0);
        if (!totalOk(sum, published.rowTotals?.[r], rowTruth[r]!)) continue;
      }
      if (search(index + 1)) return true;
    }
    return false;
  };
  search(0);
  return seen;
}

// Counts at the edges of the suppressed range (1, 7) and just above it (8-12) are where rounding
// alone leaks: some tables take every count from one edge, as the 2×2 table of 7s below does.
const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constantFrom(1, 7) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 7 }) },
  { weight: 2, arbitrary: fc.integer({ min: 8, max: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 13, max: 30 }) },
);
const counts = fc.constantFrom(count, fc.constant(7), fc.constantFrom(1, 8), fc.constantFrom(7, 12));
const table = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), counts)
  .filter(([rows, columns]) => rows * columns <= 6)
  .chain(([rows, columns, cell]) =>
    fc.record({
      cells: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
      rowTotals: fc.boolean(),
      columnTotals: fc.boolean(),
      grandTotal: fc.boolean(),
    }),
  );

const numbersPublished = (published: PublishedTable): number[] =>
  [
    ...published.cells.flat(),
    ...(published.rowTotals ?? []),
    ...(published.columnTotals ?? []),
    ...(published.grandTotal === null ? [] : [published.grandTotal]),
  ].flatMap((figure) => (figure.kind === "zero" ? [0] : figure.kind === "rounded" ? [figure.value] : []));

describe("small-number suppression (NHS England's rule: 1-7 suppressed, others rounded to the nearest 5)", () => {
  it("publishes 0 as 0, suppresses 1 to 7, and rounds the rest to the nearest 5", () => {
    expect([0, 1, 7, 8, 12, 13, 22, 23, 1234].map(publishCount)).toEqual([
      { kind: "zero" },
      { kind: "suppressed", why: "small" },
      { kind: "suppressed", why: "small" },
      { kind: "rounded", value: 10 },
      { kind: "rounded", value: 10 },
      { kind: "rounded", value: 15 },
      { kind: "rounded", value: 20 },
      { kind: "rounded", value: 25 },
      { kind: "rounded", value: 1235 },
    ]);
  });

  it("never publishes a figure from 1 to 7, and every rounded figure is within 2 of the truth", () => {
    fc.assert(
      fc.property(table, (input) => {
        const published = suppressTable(input);
        for (const value of numbersPublished(published)) expect(value === 0 || value >= 10).toBe(true);
        input.cells.forEach((row, r) =>
          row.forEach((truth, c) => {
            const figure = published.cells[r]![c]!;
            if (figure.kind === "rounded") expect(Math.abs(figure.value - truth)).toBeLessThanOrEqual(2);
            if (figure.kind === "zero") expect(truth).toBe(0);
          }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("leaves no suppressed count that the cells and totals published with it pin to one value", () => {
    fc.assert(
      fc.property(table, (input) => {
        const published = suppressTable(input);
        for (const [cell, values] of valuesReaderCannotRuleOut(input.cells, published)) {
          expect({ cell, possible: values.size >= 2 }).toEqual({ cell, possible: true });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("suppresses a further figure where rounding alone would give the counts away (a 2×2 table of 7s)", () => {
    const input = {
      cells: [
        [7, 7],
        [7, 7],
      ],
      rowTotals: true,
      columnTotals: true,
      grandTotal: true,
    };
    // Rounding alone: every total of 14 reads 15 (13-17), the grand total 30 (28-32): four cells of at most 7 make 28 only if all are 7.
    const published = suppressTable(input);
    const secondary = [...published.cells.flat(), ...published.rowTotals!, ...published.columnTotals!].filter(
      (figure) => figure.kind === "suppressed" && figure.why !== "small",
    );
    expect(secondary.length).toBeGreaterThan(0);
    expect(published.grandTotal).toEqual({ kind: "rounded", value: 30 });
    for (const values of valuesReaderCannotRuleOut(input.cells, published).values()) expect(values.size).toBeGreaterThanOrEqual(2);
  });

  it("publishes the grand total by the rule, whatever else is suppressed", () => {
    fc.assert(
      fc.property(table, (input) => {
        const published = suppressTable({ ...input, grandTotal: true });
        expect(published.grandTotal).toEqual(publishCount(input.cells.flat().reduce((a, b) => a + b, 0)));
      }),
      { numRuns: 200 },
    );
  });
});
