import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import {
  buildReports,
  renderHtmlReport,
  renderTableReport,
  renderTextTable,
  tableCsv,
  type BuiltReport,
  type TableView,
} from "../src/index.js";
import { linkwork, scratchFolder } from "./cli-run.js";

// Text that could come from a history file or an embedder's data, shaped to attack whoever reads the output.
const hostile = [
  '=HYPERLINK("http://attacker.example","click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A2)",
  "\tlead tab",
  "\rlead return",
  "name\u001b[31m red\u001b[0m",
  "forged\nline 1: no problems",
  "\u202eevil",
  "<script>alert(1)</script>",
  "\"quoted\" & 'single'",
];

const table: TableView = {
  id: "hostile",
  title: "Hostile values",
  columns: [
    { key: "name", label: "Name", format: "text" },
    { key: "count", label: "Count", format: "count" },
  ],
  rows: hostile.map((text, index) => [text, index - 3]),
};

async function caseloadReport(): Promise<BuiltReport> {
  const built = await buildReports(readAllSource(memoryEventStore()), {
    reports: ["caseload"],
    settings: { asOf: "2025-01-01T00:00:00Z" },
  });
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right.reports[0]!;
}

describe("output never echoes control characters or formulas from input", () => {
  it("CSV cells that a spreadsheet would run as a formula begin with ', numbers keep their sign", () => {
    const cells = tableCsv(table)
      .split(/\r?\n(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      .slice(1, -1)
      .map((row) => row.slice(0, row.lastIndexOf(",")));
    for (const cell of cells) {
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(tableCsv(table)).toContain("'=HYPERLINK(");
    expect(tableCsv(table)).toMatch(/\n"?'?[^\n]*,-3\n/);
  });

  it("terminal tables show control, separator and bidirectional characters as \\u escapes", async () => {
    const report = await caseloadReport();
    const text =
      renderTextTable(table) +
      renderTableReport({
        ...report,
        view: { ...report.view, title: hostile[6]!, summary: hostile, notes: hostile, tables: [table] },
      });
    // eslint-disable-next-line no-control-regex -- the characters that must not reach a terminal
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain("name\\u001b[31m red\\u001b[0m");
    expect(text).not.toContain("forged\nline 1");
  });

  it("the HTML page escapes hostile names wherever they appear", async () => {
    const report = await caseloadReport();
    const view = { ...report.view, title: hostile[9]!, description: hostile[10]!, summary: hostile, notes: hostile, tables: [table] };
    const poisoned = { ...report, view, sharedView: view } as BuiltReport;
    const html = renderHtmlReport({ events: 0, reports: [poisoned] }, { title: hostile[9]!, source: hostile[7]! });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;quoted&quot; &amp; &#39;single&#39;");
    // eslint-disable-next-line no-control-regex -- no escape sequence reaches the page
    expect(html).not.toMatch(/[\u001b\u202e]/);
  });
});

describe("command-line messages", () => {
  it("a flag value or file name with control characters is echoed escaped, on one line", async () => {
    const { dir, remove } = await scratchFolder();
    try {
      const run = await linkwork(dir, ["replay", "no\u001b[2Jsuch\nfile.ndjson", "--format", "x\u001b[31m"]);
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      // eslint-disable-next-line no-control-regex -- nothing that moves the cursor
      expect(run.stderr).not.toMatch(/[\u001b\r]/);
    } finally {
      await remove();
    }
  });

  it("a file or folder name with control characters is escaped in summaries, notes and `wrote` lines of a run that works", async () => {
    const { dir, remove } = await scratchFolder();
    try {
      const name = "e\u001b[2J\u0007.ndjson";
      await writeFile(join(dir, name), "");
      const validated = await linkwork(dir, ["validate", name]);
      const replayed = await linkwork(dir, ["replay", name]);
      const written = await linkwork(dir, [
        "replay",
        name,
        "--as-of",
        "2025-01-01",
        "--report",
        "caseload",
        "--format",
        "json",
        "--out",
        "o\u001b[31m",
      ]);
      for (const run of [validated, replayed, written]) {
        expect(run.code, run.stderr).toBe(0);
        // eslint-disable-next-line no-control-regex -- nothing that moves the cursor or rings the bell
        expect(run.stdout + run.stderr).not.toMatch(/[\u0007\u001b]/);
      }
      expect(validated.stdout).toContain("e\\u001b[2J\\u0007.ndjson: 0 lines");
      expect(replayed.stderr).toContain("e\\u001b[2J\\u0007.ndjson holds no events");
      expect(written.stderr).toMatch(/^wrote .*o\\u001b\[31m/m);
    } finally {
      await remove();
    }
  });
});
