import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultReportNames } from "../src/index.js";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

// One small simulated history, then every command and format on it, in process through runCli.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
const demandFlags = ["--windows", "3,6", "--resamples", "400"];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  const simulated = await linkwork(dir, smallHistoryArgs);
  expect(simulated.stderr).toBe("");
  expect(simulated.code).toBe(0);
});
afterAll(() => remove());

describe("linkwork simulate", () => {
  it("writes the history file and summarises the run on stdout", async () => {
    const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
    expect(lines.length).toBeGreaterThan(1000);
    expect(JSON.parse(lines[0]!)).toMatchObject({ position: "1", streamVersion: 1 });
    const again = await linkwork(dir, [...smallHistoryArgs.slice(0, -1), "again.ndjson"]);
    expect(again.stdout).toMatch(/^Simulated 1 PCN from 2025-01-01 to 2025-10-01/);
    expect(again.stdout).toContain(`${lines.length.toLocaleString("en-GB")} events written to again.ndjson`);
    // Same seed and flags: the same history, byte for byte.
    expect(await readFile(join(dir, "again.ndjson"), "utf8")).toBe(await readFile(join(dir, "history.ndjson"), "utf8"));
  });
});

describe("linkwork validate", () => {
  it("passes the simulator's history with exit code 0", async () => {
    const run = await linkwork(dir, ["validate", "history.ndjson"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^history\.ndjson: [\d,]+ lines, [\d,]+ valid events in [\d,]+ streams; no problems\n$/);
    expect(run.stderr).toBe("");
  });
});

describe("linkwork replay", () => {
  it("prints every report as terminal tables, saying which demand figure to trust", async () => {
    const run = await linkwork(dir, ["replay", "history.ndjson", ...demandFlags]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    for (const title of ["Caseload", "Capacity", "Demand reduction", "Outcomes", "Unmet needs", "Community demand", "Referral sources"]) {
      expect(run.stdout).toContain(`${title} (as of `);
    }
    expect(run.stdout).toContain("Effect estimate (trust this): difference in differences, intention to treat, 6-month windows");
    expect(run.stdout).toContain("Before/after for the same people (descriptive, overstates the effect)");
    expect(run.stdout).toContain("Which figure to trust: the difference-in-differences (DiD) estimate");
    // No colour codes: the same text goes to files.
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("writes one .txt per report with --out, and prints the tables too", async () => {
    const run = await linkwork(dir, ["replay", "history.ndjson", "--report", "caseload,capacity", "--out", "tables"]);
    expect(run.code).toBe(0);
    expect((await readdir(join(dir, "tables"))).sort()).toEqual(["capacity.txt", "caseload.txt"]);
    expect(await readFile(join(dir, "tables", "caseload.txt"), "utf8")).toContain("Open cases by PCN");
    expect(run.stdout).toContain("Capacity by PCN and month");
    expect(run.stdout).not.toContain("Demand reduction");
  });

  it("prints one JSON object of every report without --out, with the settings the flags gave", async () => {
    const run = await linkwork(dir, [
      "replay",
      "history.ndjson",
      "--format",
      "json",
      ...demandFlags,
      "--index-date",
      "first-contact",
      "--seed",
      "9",
    ]);
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as Record<
      string,
      { report: string; asOf: string; notes: string[]; data: Record<string, unknown> }
    >;
    // Every report but equity, which needs the people's fields (--people).
    expect(Object.keys(parsed)).toEqual([...defaultReportNames]);
    const demand = parsed["demand-reduction"]!.data as {
      indexDate: string;
      seed: number;
      resamples: number;
      windows: { months: number }[];
    };
    expect(demand.indexDate).toBe("first_contact");
    expect(demand.seed).toBe(9);
    expect(demand.resamples).toBe(400);
    expect(demand.windows.map((window) => window.months)).toEqual([3, 6]);
    expect(parsed["demand-reduction"]!.notes.join(" ")).toContain("Which figure to trust");
    expect(parsed["capacity"]!.data).toHaveProperty("byMonth.rows");
  });

  it("writes one JSON file per report with --out, each parsing, as of the instant given", async () => {
    const asOf = "2025-08-31T23:59:59Z";
    const run = await linkwork(dir, [
      "replay",
      "history.ndjson",
      "--format",
      "json",
      "--out",
      "json",
      "--report",
      "demand-reduction,referral-sources,unmet-needs",
      "--as-of",
      asOf,
      ...demandFlags,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect((await readdir(join(dir, "json"))).sort()).toEqual(["demand-reduction.json", "referral-sources.json", "unmet-needs.json"]);
    for (const name of ["demand-reduction", "unmet-needs", "referral-sources"]) {
      const file = JSON.parse(await readFile(join(dir, "json", `${name}.json`), "utf8")) as { report: string; asOf: string };
      expect(file.report).toBe(name);
      expect(file.asOf).toBe("2025-08-31T23:59:59.000Z");
    }
  });

  it("reports as of an early instant by keeping every case, and refuses one before a retention horizon it was told to use", async () => {
    const early = ["replay", "history.ndjson", "--format", "json", "--as-of", "2025-04-30", ...demandFlags];
    const kept = await linkwork(dir, early);
    expect(kept.stderr).toBe("");
    expect(kept.code).toBe(0);
    expect((JSON.parse(kept.stdout) as Record<string, { asOf: string }>)["caseload"]!.asOf).toBe("2025-04-30T23:59:59.999Z");
    const short = await linkwork(dir, [...early, "--retention-days", "30", "--quiet"]);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain("asOf");
    expect(short.stderr).toContain("retention horizon");
  });

  it("gives the same reports with every case kept as with the default retention, as of the end", async () => {
    const json = ["replay", "history.ndjson", "--format", "json", ...demandFlags];
    const defaults = await linkwork(dir, json);
    const everything = await linkwork(dir, [...json, "--retention-days", "all"]);
    expect(defaults.code).toBe(0);
    expect(everything.stdout).toBe(defaults.stdout);
  });

  it("writes CSV files with headers, an interval as three columns", async () => {
    const run = await linkwork(dir, ["replay", "history.ndjson", "--format", "csv", "--out", "csv", ...demandFlags]);
    expect(run.code).toBe(0);
    const files = (await readdir(join(dir, "csv"))).sort();
    expect(files).toEqual(
      [
        "capacity-by-month.csv",
        "capacity-by-year.csv",
        "capacity-forecast.csv",
        "caseload-by-link-worker.csv",
        "caseload-by-pcn.csv",
        "community-demand-by-provider.csv",
        "demand-reduction-before-after.csv",
        "demand-reduction-matched.csv",
        "demand-reduction-balance.csv",
        "disclosure.txt",
        "gp-record-outbox-by-practice.csv",
        "demand-reduction-effect.csv",
        "funding-by-provider.csv",
        "funding-by-provider-month.csv",
        "funding-by-provider-need.csv",
        "outcomes-changes.csv",
        "referral-sources-by-source.csv",
        "unmet-needs-by-pcn-and-need.csv",
      ].sort(),
    );
    const capacity = (await readFile(join(dir, "csv", "capacity-by-month.csv"), "utf8")).trim().split("\n");
    expect(capacity[0]).toMatch(/^pcn,month,complete,registered_patients,fte,fte_per_10k,/);
    expect(capacity).toHaveLength(1 + 9); // one PCN, nine months
    expect(capacity[1]).toMatch(/^U00001,2025-01,true,\d+,/);
    // January to March 2025 end the financial year 2024/25; April to September start 2025/26.
    const years = (await readFile(join(dir, "csv", "capacity-by-year.csv"), "utf8")).trim().split("\n");
    expect(years[0]).toMatch(/^pcn,year,months,complete,registered_patients,fte,fte_needed,shortfall_fte,/);
    expect(years.slice(1).map((line) => line.split(",").slice(0, 3).join(","))).toEqual(["U00001,2024/25,3", "U00001,2025/26,6"]);
    const effect = (await readFile(join(dir, "csv", "demand-reduction-effect.csv"), "utf8")).split("\n");
    expect(effect[0]).toContain("did,did_lower,did_upper");
    for (const file of files.filter((name) => name.endsWith(".csv"))) {
      const header = (await readFile(join(dir, "csv", file), "utf8")).split("\n")[0]!;
      expect(header).toMatch(/^[a-z0-9_]+(,[a-z0-9_]+)*$/);
    }
  });

  it("writes one self-contained HTML page with the four charts as inline SVG", async () => {
    const run = await linkwork(dir, ["replay", "history.ndjson", "--format", "html", "--out", "html", "--exact-counts", ...demandFlags]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("report.html");
    expect(await readdir(join(dir, "html"))).toEqual(["report.html"]);
    const html = await readFile(join(dir, "html", "report.html"), "utf8");
    for (const chart of ["capacity", "gp-use", "unmet-needs", "community-demand"])
      expect(html).toMatch(new RegExp(`data-chart="${chart}"><svg `));
    // Nothing to load: no script, stylesheet, image or frame; url() only for the SVGs' own clip paths (url(#id)).
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    // The only URLs are the SVG namespaces, which are names, not fetched.
    expect(new Set(html.match(/https?:\/\/[^"'\s)]+/g))).toEqual(new Set(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]));
    expect(html).toContain("Which figure to trust");
  });

  it("stops at a bad line with one line naming it and exit code 1", async () => {
    const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n");
    lines[41] = "{not json";
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "broken.ndjson"), lines.join("\n"));
    const run = await linkwork(dir, ["replay", "broken.ndjson", "--report", "caseload"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^linkwork replay: broken\.ndjson: line 42: .+ \(run `linkwork validate broken\.ndjson` to list every problem\)\n$/,
    );
  });
});
