import { printable } from "@linkwork/core";
import type { BuiltReport, BuiltReports } from "../reports/report-registry.js";
import { alignsRight, cellText } from "../reports/figure-format.js";
import type { TableView } from "../reports/report-view.js";
import { skippedNotice, type SkippedHistory } from "../reports/skipped-history.js";
import { renderTextGrid } from "./text-grid.js";

const WIDTH = 100;

/** Wraps prose at word boundaries for a terminal, once made printable (it may quote input). */
function wrap(text: string, indent: string, width = WIDTH): string {
  const lines: string[] = [];
  let line = "";
  for (const word of printable(text).split(/\s+/)) {
    if (line.length > 0 && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.map((text, index) => (index === 0 ? indent : " ".repeat(indent.length)) + text).join("\n");
}

/** One table as text: the columns meant for terminals, no colours (the same text goes to .txt files). */
export function renderTextTable(table: TableView): string {
  const shown = table.columns.map((column, index) => ({ column, index })).filter(({ column }) => column.terminal !== false);
  const grid = () =>
    renderTextGrid(
      shown.map(({ column }) => printable(column.label)),
      table.rows.map((row) => shown.map(({ column, index }) => cellText(row[index] ?? null, column.format))),
      shown.map(({ column }) => (alignsRight(column.format) ? "right" : "left")),
    );
  const parts = [printable(table.title), table.rows.length === 0 ? "(no rows)" : grid()];
  if (table.caption !== undefined) parts.push(printable(table.caption));
  return parts.join("\n");
}

/** One report as terminal text: title, what a skipping replay left out, summary, how to read it, then its tables. */
export function renderTableReport(report: BuiltReport, skipped?: SkippedHistory): string {
  const { view } = report;
  const heading = printable(`${view.title} (as of ${view.asOf})`);
  const parts = [`${heading}\n${"=".repeat(heading.length)}`];
  if (skipped !== undefined) parts.push(wrap(`WARNING: ${skippedNotice(skipped)}`, ""));
  parts.push(wrap(view.description, ""));
  if (view.summary.length > 0) parts.push(view.summary.map((line) => wrap(line, "  ")).join("\n"));
  if (view.notes.length > 0) parts.push(`How to read it:\n${view.notes.map((note) => wrap(note, "  - ")).join("\n")}`);
  for (const table of view.tables) parts.push(renderTextTable(table));
  return `${parts.join("\n\n")}\n`;
}

/** Every report, one after another. */
export function renderTables(built: BuiltReports): string {
  return built.reports.map((report) => renderTableReport(report, built.skipped)).join("\n");
}
