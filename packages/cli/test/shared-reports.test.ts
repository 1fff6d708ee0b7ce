import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { historyFileSource } from "@linkwork/projections";
import { buildReports, reportNames, type BuiltReports, type Cell, type ReportView } from "../src/index.js";
import { sharedTable } from "../src/disclosure/shared-view.js";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

// Shared outputs (CSV and HTML by default) on a small simulated history: one PCN, so many small counts.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
let built: BuiltReports;
let caseIds: string[] = [];
const demandFlags = ["--windows", "3,6", "--resamples", "200"];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
  const result = await buildReports(historyFileSource(join(dir, "history.ndjson")), {
    reports: [...reportNames],
    settings: { demandReduction: { windowsMonths: [3, 6], resamples: 200 } },
  });
  if (E.isLeft(result)) throw new Error(result.left.message);
  built = result.right;
  const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
  caseIds = [
    ...new Set(lines.map((line) => (JSON.parse(line) as { streamId: string }).streamId).filter((id) => id.startsWith("case-"))),
  ].map((id) => id.slice("case-".length));
  expect(caseIds.length).toBeGreaterThan(20);
});
afterAll(() => remove());

/** Every cell of a column, by the column's key, over a view's tables. */
function cells(view: ReportView, where: (format: string, disclosure: string | undefined) => boolean): { key: string; cell: Cell }[] {
  return view.tables.flatMap((table) =>
    table.columns.flatMap((column, at) =>
      where(column.format, column.disclosure?.kind)
        ? table.rows.map((row) => ({ key: `${table.id}.${column.key}`, cell: row[at] ?? null }))
        : [],
    ),
  );
}
const peopleCount = (format: string, disclosure: string | undefined) => format === "count" && disclosure === undefined;

describe("reports for sharing", () => {
  it("publish no count of people from 1 to 7: each is 0, *, or a multiple of 5 from 10", () => {
    let small = 0;
    for (const report of built.reports) {
      for (const { cell } of cells(report.view, peopleCount)) if (typeof cell === "number" && cell >= 1 && cell <= 7) small += 1;
      for (const { key, cell } of cells(report.sharedView, peopleCount)) {
        const fine = cell === null || cell === "*" || cell === 0 || (typeof cell === "number" && cell >= 10 && cell % 5 === 0);
        expect({ key, cell, fine }).toEqual({ key, cell, fine: true });
      }
    }
    // The exact reports do have small counts: the check above is not empty.
    expect(small).toBeGreaterThan(10);
  });

  it("show a mean or estimate over 1 to 7 people as *", () => {
    let checked = 0;
    for (const report of built.reports) {
      for (const [t, table] of report.view.tables.entries()) {
        const shared = report.sharedView.tables[t]!;
        table.columns.forEach((column, at) => {
          const disclosure = column.disclosure;
          if (disclosure?.kind !== "mean") return;
          const groups = [...(disclosure.of.length > 0 ? [disclosure.of] : []), ...(disclosure.each ?? []).map((key) => [key])];
          table.rows.forEach((row, r) => {
            const people = groups.map((keys) =>
              keys.reduce((sum, key) => sum + Number(row[table.columns.findIndex((other) => other.key === key)] ?? 0), 0),
            );
            if (row[at] !== null && people.some((n) => n >= 1 && n <= 7)) {
              checked += 1;
              expect(shared.rows[r]![at]).toBe("*");
            }
          });
        });
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("show no rate whose numerator, or what its denominator leaves over, is 1 to 7: the rate would give the count away", () => {
    // Equity's rates are intervals over two count columns: a 5.0% decline rate of 20 decided is 1 decline.
    const equity = built.reports.find((report) => report.view.title.startsWith("Equity"))!;
    const columns = equity.view.tables[0]!.columns;
    const rates = [
      ["decline_rate", "declined", "decided"],
      ["engagement_rate", "engaged", "referrals"],
      ["completion_rate", "completed", "engaged"],
    ] as const;
    const rateCell = (top: number, bottom: number): Cell => ({ estimate: (100 * top) / bottom, lower: 0, upper: 100 });
    // Each pair: a numerator and a denominator, the first two giving a count of 1 to 7 away, the last not.
    for (const [top, bottom, hidden] of [
      [1, 20, true],
      [19, 20, true],
      [10, 20, false],
    ] as const) {
      const counts: Record<string, number> = { referrals: bottom, decided: bottom, declined: top, engaged: top, completed: top };
      const row = columns.map((column): Cell => {
        const rate = rates.find(([key]) => key === column.key);
        if (rate !== undefined) return rateCell(counts[rate[1]]!, counts[rate[2]]!);
        if (column.format === "count") return counts[column.key] ?? 100;
        return column.format === "text" ? "group" : null;
      });
      // engaged is the numerator of one rate and the denominator of another: judge each rate on its own row.
      for (const [key, numerator, denominator] of rates) {
        const own = { ...counts, [numerator]: top, [denominator]: bottom };
        const cells = columns.map((column, at): Cell => (column.format === "count" && column.key in own ? own[column.key]! : row[at]!));
        const shared = sharedTable({ id: "by-group", title: "t", columns, rows: [cells] });
        const shown = shared.rows[0]![columns.findIndex((column) => column.key === key)];
        expect({ key, top, bottom, hidden: shown === "*" }).toEqual({ key, top, bottom, hidden });
      }
    }
  });

  it("do not flag a group of 1 to 7 referrals as under-reached (a figure calculated from them), as the summary does not name it", () => {
    const equity = built.reports.find((report) => report.view.title.startsWith("Equity"))!;
    const columns = equity.view.tables[0]!.columns;
    const flag = columns.findIndex((column) => column.key === "under_reached");
    for (const [referrals, hidden] of [
      [3, true],
      [0, false],
      [40, false],
    ] as const) {
      const row = columns.map((column): Cell => {
        if (column.key === "under_reached") return true;
        if (column.key === "referrals") return referrals;
        if (column.format === "count") return column.key === "list_patients" ? 50_000 : 0;
        return column.format === "text" ? "group" : null;
      });
      const shown = sharedTable({ id: "by-group", title: "t", columns, rows: [row] }).rows[0]![flag];
      expect({ referrals, hidden: shown === "*" }).toEqual({ referrals, hidden });
    }
  });

  it("write no count from 1 to 7 in their summaries and notes (PCN counts in the capacity summary aside)", () => {
    // A whole number standing alone, not part of a word, a date, a decimal, a percentage or "6-month".
    const smallCount = /(?<![\w.,:-])[1-7](?![\w.,%:-])/;
    let exactHadOne = false;
    for (const report of built.reports) {
      if (report.name === "capacity") continue;
      for (const line of [...report.view.summary, ...report.view.notes]) exactHadOne ||= smallCount.test(line);
      for (const line of [...report.sharedView.summary, ...report.sharedView.notes]) {
        expect({ report: report.name, line, small: smallCount.test(line) }).toEqual({ report: report.name, line, small: false });
      }
    }
    expect(exactHadOne).toBe(true);
  });

  it("keep the exact figures in the operational view: the terminal table and --exact-counts", () => {
    const referral = built.reports.find((report) => report.name === "referral-sources")!;
    expect(referral.view.tables[0]!.rows.flat()).not.toContain("*");
    expect(referral.sharedView.tables[0]!.rows.flat()).toContain("*");
  });

  it("write CSV with * for small counts and the rule in disclosure.txt; --exact-counts writes the exact figures and says so", async () => {
    expect((await linkwork(dir, ["replay", "history.ndjson", "--format", "csv", "--out", "shared", "-q", ...demandFlags])).code).toBe(0);
    expect(
      (await linkwork(dir, ["replay", "history.ndjson", "--format", "csv", "--out", "exact", "-q", "--exact-counts", ...demandFlags])).code,
    ).toBe(0);
    const shared = await readFile(join(dir, "shared", "referral-sources-by-source.csv"), "utf8");
    const exact = await readFile(join(dir, "exact", "referral-sources-by-source.csv"), "utf8");
    expect(shared).toContain(",*,");
    expect(exact).not.toContain("*");
    expect(await readFile(join(dir, "shared", "disclosure.txt"), "utf8")).toMatch(
      /counts from 1 to 7 are shown as \*, other counts are rounded to the nearest 5/,
    );
    expect(await readFile(join(dir, "exact", "disclosure.txt"), "utf8")).toMatch(/^Exact figures for operational use/);
  });

  it("print the rule on the HTML page, and an operational warning with --exact-counts", async () => {
    expect((await linkwork(dir, ["replay", "history.ndjson", "--format", "html", "--out", "page", "-q", ...demandFlags])).code).toBe(0);
    const html = await readFile(join(dir, "page", "report.html"), "utf8");
    expect(html).toContain('data-figures="shared"');
    expect(html).toContain("counts from 1 to 7 are shown as *");
    const flags = ["replay", "history.ndjson", "--format", "html", "--out", "exact-page", "-q", "--exact-counts", ...demandFlags];
    expect((await linkwork(dir, flags)).code).toBe(0);
    const exact = await readFile(join(dir, "exact-page", "report.html"), "utf8");
    expect(exact).toContain('data-figures="exact"');
    expect(exact).toContain("Exact figures for operational use (--exact-counts)");
  });
});

describe("case ids", () => {
  const mentions = (text: string) => caseIds.filter((id) => text.includes(id));

  it("appear in no default output: table, JSON, CSV or HTML", async () => {
    const table = await linkwork(dir, ["replay", "history.ndjson", "-q", "--report", "caseload"]);
    const json = await linkwork(dir, ["replay", "history.ndjson", "-q", "--format", "json", ...demandFlags]);
    expect((await linkwork(dir, ["replay", "history.ndjson", "-q", "--format", "csv", "--out", "ids-csv", ...demandFlags])).code).toBe(0);
    expect((await linkwork(dir, ["replay", "history.ndjson", "-q", "--format", "html", "--out", "ids-html", ...demandFlags])).code).toBe(0);
    const files = [
      ...(await Promise.all((await readdir(join(dir, "ids-csv"))).map((file) => readFile(join(dir, "ids-csv", file), "utf8")))),
      await readFile(join(dir, "ids-html", "report.html"), "utf8"),
    ];
    for (const text of [table.stdout, json.stdout, ...files]) expect(mentions(text)).toEqual([]);
  });

  it("are listed by --caseload-view operational, which says it is operational", async () => {
    const asOf = ["--as-of", "2025-03-15"];
    const table = await linkwork(dir, [
      "replay",
      "history.ndjson",
      "-q",
      "--report",
      "caseload",
      "--caseload-view",
      "operational",
      ...asOf,
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("Open cases (operational view: lists cases by id; not for sharing)");
    expect(mentions(table.stdout).length).toBeGreaterThan(0);
    const json = await linkwork(dir, [
      "replay",
      "history.ndjson",
      "-q",
      "--report",
      "caseload",
      "--format",
      "json",
      "--caseload-view",
      "operational",
      ...asOf,
    ]);
    const openCases = (JSON.parse(json.stdout) as { caseload: { data: { openCases: { rows: { caseId: string }[] } } } }).caseload.data
      .openCases.rows;
    expect(openCases.length).toBeGreaterThan(0);
    expect(openCases.every((row) => caseIds.includes(row.caseId))).toBe(true);
  });

  it("are refused in a shared CSV or HTML report: the operational view needs --exact-counts there", async () => {
    const refused = await linkwork(dir, ["replay", "history.ndjson", "--format", "html", "--out", "op", "--caseload-view", "operational"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--caseload-view operational lists cases by id.*--exact-counts/);
    const allowed = await linkwork(dir, [
      "replay",
      "history.ndjson",
      "-q",
      "--format",
      "csv",
      "--out",
      "op",
      "--caseload-view",
      "operational",
      "--exact-counts",
      "--report",
      "caseload",
      "--as-of",
      "2025-03-15",
    ]);
    expect(allowed.code).toBe(0);
    expect(mentions(await readFile(join(dir, "op", "caseload-open-cases.csv"), "utf8")).length).toBeGreaterThan(0);
  });
});
