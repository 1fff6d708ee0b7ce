import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { linkwork } from "./cli-run.js";

// Flags are validated before any file is read, so none of these needs a history.
const cwd = process.cwd();

/** A usage error: exit code 2, nothing on stdout, one line on stderr, no stack trace. */
async function usageError(args: readonly string[]): Promise<string> {
  const run = await linkwork(cwd, args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  const lines = run.stderr.split("\n").filter((line) => line.length > 0);
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

describe("usage errors", () => {
  it("name an unknown flag, suggesting the nearest one", async () => {
    const line = await usageError(["simulate", "--seed", "1", "--out", "h.ndjson", "--pcn", "2"]);
    expect(line).toMatch(/^linkwork simulate: unknown option '--pcn'.*--pcns/);
  });

  it("refuse a simulation that would reach past today, which validate and replay would refuse", async () => {
    // A start one month ago and two months long ends a month from now, whenever the test runs.
    const now = new Date();
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    const out = `not-written-${String(process.pid)}.ndjson`;
    expect(await usageError(["simulate", "--seed", "1", "--out", out, "--start-date", start, "--months", "2"])).toBe(
      `linkwork simulate: --start-date/--months: the run would end on ${end}, after today; validate and replay refuse events dated in the future: choose an earlier --start-date or fewer --months`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("name the flag and the value given when a value is bad", async () => {
    expect(await usageError(["simulate", "--seed", "abc", "--out", "h.ndjson"])).toBe(
      'linkwork simulate: --seed: must be a whole number from -2147483648 to 2147483647 (got "abc")',
    );
    expect(await usageError(["simulate", "--seed", "1", "--out", "h.ndjson", "--pcns", "0"])).toContain(
      '--pcns: must be a whole number from 1 to 1250 (got "0")',
    );
    expect(await usageError(["simulate", "--seed", "1", "--out", "h.ndjson", "--scheme", "nhs"])).toContain(
      '--scheme: must be one of open, gp-only (got "nhs")',
    );
    expect(await usageError(["simulate", "--seed", "1", "--out", "h.ndjson", "--true-effect", "lots"])).toContain(
      "--true-effect: must be a number from -100 to 100",
    );
    expect(await usageError(["simulate", "--seed", "1", "--out", "h.ndjson", "--months", "3", "--intake-months", "4"])).toContain(
      "--intake-months: must be at most --months (3)",
    );
    expect(await usageError(["replay", "h.ndjson", "--format", "pdf"])).toContain(
      '--format: must be one of table, json, csv, html (got "pdf")',
    );
    expect(await usageError(["replay", "h.ndjson", "--report", "caseload,money"])).toContain(
      "--report: must be a comma-separated list of caseload, capacity, demand-reduction, outcomes, unmet-needs, community-demand, referral-sources, equity, gp-record-outbox, funding",
    );
    expect(await usageError(["replay", "h.ndjson", "--windows", "6,6"])).toContain(
      '--windows: must be a comma-separated list of different whole numbers from 1 to 120 (e.g. 6,12) (got "6,6")',
    );
    expect(await usageError(["replay", "h.ndjson", "--index-date", "contact"])).toContain(
      "--index-date: must be one of referral, acceptance, first-contact",
    );
    expect(await usageError(["replay", "h.ndjson", "--as-of", "yesterday"])).toContain("--as-of: must be an ISO date or instant");
    expect(await usageError(["replay", "h.ndjson", "--as-of", "9999-12-31"])).toContain("--as-of: must be between 1990 and 2100");
    expect(await usageError(["replay", "h.ndjson", "--retention-days", "forever"])).toContain(
      '--retention-days: must be a whole number of days or all (got "forever")',
    );
    expect(await usageError(["replay", "h.ndjson", "--retention-days", "-1"])).toContain("--retention-days: must be 0 days or more");
    expect(await usageError(["replay", "h.ndjson", "--confidence", "1"])).toContain("--confidence: must be a number from 0.5 to 0.999");
    expect(await usageError(["replay", "h.ndjson", "--fte-target", "0"])).toContain(
      "--fte-target: must be a number above 0 and at most 100",
    );
  });

  it("say which required flag or argument is missing", async () => {
    expect(await usageError(["simulate", "--out", "h.ndjson"])).toBe("linkwork simulate: --seed: is required");
    expect(await usageError(["simulate", "--seed", "4"])).toBe("linkwork simulate: --out: is required");
    expect(await usageError(["validate"])).toMatch(/^linkwork validate: missing required argument 'file'/);
    expect(await usageError(["replay", "h.ndjson", "--format", "html"])).toBe(
      "linkwork replay: --format html writes files: give --out DIR",
    );
  });

  it("give a number flag's own message, once, for a value past what a number holds or a date that is no date", async () => {
    expect(await usageError(["replay", "h.ndjson", "--frequent-attender", "1e400"])).toBe(
      'linkwork replay: --frequent-attender: must be a number from 0 to 10000 (got "1e400")',
    );
    expect(await usageError(["simulate", "--seed", "1", "--out", "h.ndjson", "--true-effect", "-1e999"])).toBe(
      'linkwork simulate: --true-effect: must be a number from -100 to 100 (got "-1e999")',
    );
    expect(await usageError(["replay", "h.ndjson", "--as-of", "2025-13-01"])).toBe(
      'linkwork replay: --as-of: must be an ISO date or instant such as 2025-12-31 or 2025-12-31T23:59:59Z (got "2025-13-01")',
    );
  });

  it("name the argument when a file name is empty, rather than calling the working folder not a file", async () => {
    expect(await usageError(["validate", ""])).toBe('linkwork validate: <file>: must name a history file (got "")');
    expect(await usageError(["replay", ""])).toBe('linkwork replay: <file>: must name a history file (got "")');
  });

  it("say plainly that a file is missing", async () => {
    expect(await usageError(["validate", "no-such-history.ndjson"])).toBe("linkwork validate: no such file: no-such-history.ndjson");
    expect(await usageError(["replay", "no-such-history.ndjson"])).toBe("linkwork replay: no such file: no-such-history.ndjson");
  });

  it("refuse an unknown command", async () => {
    expect(await usageError(["simmulate"])).toMatch(/^linkwork: unknown command 'simmulate'.*simulate/);
  });
});

describe("help", () => {
  it("lists every command, and every command's flags, with exit code 0", async () => {
    const top = await linkwork(cwd, ["--help"]);
    expect(top.code).toBe(0);
    for (const command of ["simulate", "validate", "replay"]) expect(top.stdout).toContain(command);
    const replay = await linkwork(cwd, ["replay", "--help"]);
    expect(replay.code).toBe(0);
    for (const flag of [
      "--report",
      "--format",
      "--out",
      "--index-date",
      "--windows",
      "--seed",
      "--as-of",
      "--fte-target",
      "--caseload-benchmark",
      "--quiet",
    ]) {
      expect(replay.stdout).toContain(flag);
    }
    const helpCommand = await linkwork(cwd, ["help", "validate"]);
    expect(helpCommand.code).toBe(0);
    expect(helpCommand.stdout).toContain("Usage: linkwork validate");
    // `linkwork` alone is a usage error: the help goes to stderr.
    const bare = await linkwork(cwd, []);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toContain("Usage: linkwork");
    const simulate = await linkwork(cwd, ["simulate", "--help"]);
    for (const flag of ["--seed", "--pcns", "--months", "--out", "--scheme", "--true-effect"]) expect(simulate.stdout).toContain(flag);
  });
});
