import Table from "cli-table3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderTextGrid, type GridAlign } from "../src/output/text-grid.js";

/** The reference: cli-table3 as the table report used it before (compact, no colours). */
function cliTable3(head: readonly string[], rows: readonly (readonly string[])[], aligns: readonly GridAlign[]): string {
  const grid = new Table({ head: [...head], style: { head: [], border: [], compact: true }, colAligns: [...aligns] });
  for (const row of rows) grid.push([...row]);
  return grid.toString();
}

// Printable text as reports hold it: ASCII, accents (one column), wide CJK and emoji (two), a combining mark (none).
const character = fc.constantFrom("a", "Z", "7", " ", "-", "%", "£", "é", "≥", "–", "中", "😀", "\u0301", "|", "─");
const cell = fc.array(character, { maxLength: 12 }).map((characters) => characters.join(""));

const table = fc.integer({ min: 1, max: 6 }).chain((columns) =>
  fc.record({
    head: fc.array(cell, { minLength: columns, maxLength: columns }),
    aligns: fc.array(fc.constantFrom<GridAlign>("left", "right"), { minLength: columns, maxLength: columns }),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 8 }),
  }),
);

describe("renderTextGrid", () => {
  it("draws any table of printable text exactly as cli-table3 does", () => {
    fc.assert(
      fc.property(table, ({ head, aligns, rows }) => {
        expect(renderTextGrid(head, rows, aligns)).toBe(cliTable3(head, rows, aligns));
      }),
      { numRuns: 500 },
    );
  });
});
