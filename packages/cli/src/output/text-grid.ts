// A table drawn in box characters, exactly as cli-table3 draws one with `style: { compact: true }`
// and no colours (test/text-grid.property.test.ts checks that, cli-table3 being the reference). Why
// not cli-table3 itself: its layout checks every cell against every earlier row for spans, so a table
// costs rows² time; the 50-PCN year's funding-by-month table (about 7,000 rows) took some 5 s of a
// 25 s `linkwork replay` (CPU profile, 2026-12-05). This is one pass over the cells.
import stringWidth from "string-width";

/**
 * Printable ASCII takes one terminal column a character, as string-width counts it. Most cells are
 * ASCII figures and codes, and string-width builds a new escape-sequence pattern for every string it
 * measures: that was about half of rendering the 50-PCN year's tables (CPU profile, 2026-12-05).
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function cellWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Left or right alignment of a column's cells, its header included. */
export type GridAlign = "left" | "right";

/**
 * Text cells (already printable: no control characters, so no newlines or escape sequences) under a
 * header, each column as wide as its widest cell in terminal columns, plus one space either side.
 */
export function renderTextGrid(head: readonly string[], rows: readonly (readonly string[])[], aligns: readonly GridAlign[]): string {
  const widths = head.map((label) => cellWidth(label));
  const rowWidths = rows.map((row) =>
    head.map((_, column) => {
      const width = cellWidth(row[column] ?? "");
      if (width > widths[column]!) widths[column] = width;
      return width;
    }),
  );
  const rule = (left: string, middle: string, right: string) =>
    `${left}${widths.map((width) => "─".repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: readonly string[], cellWidths: readonly number[]) => {
    const padded = widths.map((width, column) => {
      const spaces = " ".repeat(width - cellWidths[column]!);
      const text = cells[column] ?? "";
      return aligns[column] === "right" ? ` ${spaces}${text} ` : ` ${text}${spaces} `;
    });
    return `│${padded.join("│")}│`;
  };
  const lines = [
    rule("┌", "┬", "┐"),
    line(
      head,
      head.map((label) => cellWidth(label)),
    ),
  ];
  if (rows.length > 0) lines.push(rule("├", "┼", "┤"));
  rows.forEach((row, index) => lines.push(line(row, rowWidths[index]!)));
  lines.push(rule("└", "┴", "┘"));
  return lines.join("\n");
}
