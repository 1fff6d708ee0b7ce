import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder } from "./cli-run.js";

// The equity report end to end: the simulator writes a history and, apart, the people's equity fields
// (as a register would export them); replay joins them by pseudonym and writes the report.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
const simulateArgs = ["simulate", "--seed", "5", "--pcns", "2", "--months", "8", "--intake-months", "6", "--out", "history.ndjson"];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  const simulated = await linkwork(dir, [...simulateArgs, "--people", "people.ndjson"]);
  expect(simulated.stderr).toBe("");
  expect(simulated.code).toBe(0);
}, 120_000);
afterAll(() => remove());

describe("linkwork simulate --people", () => {
  it("writes each referred person's equity fields apart from the history, the history unchanged", async () => {
    const people = (await readFile(join(dir, "people.ndjson"), "utf8")).trim().split("\n");
    expect(people.length).toBeGreaterThan(100);
    expect(JSON.parse(people[0]!)).toMatchObject({ personId: "person_s000001", equity: { ageBand: expect.any(String) } });
    const history = await readFile(join(dir, "history.ndjson"), "utf8");
    expect(history).not.toMatch(/ethnicCategory|"deprivationDecile"/);
    expect(history).toContain('"type":"PracticeListCompositionRecorded"');
    const without = await linkwork(dir, [...simulateArgs.slice(0, -1), "plain.ndjson"]);
    expect(await readFile(join(dir, "plain.ndjson"), "utf8")).toBe(history);
    expect(without.stdout).not.toContain("people.ndjson");
  });
});

describe("linkwork simulate --people, refused before any run", () => {
  it("refuses a people file that is the history file, and one whose folder cannot be made, writing nothing", async () => {
    const short = ["simulate", "--seed", "5", "--pcns", "1", "--months", "2"];
    const same = await linkwork(dir, [...short, "--out", "same.ndjson", "--people", "./same.ndjson"]);
    expect({ code: same.code, stderr: same.stderr.trim() }).toEqual({
      code: 2,
      stderr: "linkwork simulate: --people: must not be the history file (--out)",
    });
    await expect(readFile(join(dir, "same.ndjson"), "utf8")).rejects.toThrow(/ENOENT/);
    // A file stands where the people file's folder should be: refused before the history is written.
    await writeFile(join(dir, "a-file"), "");
    const blocked = await linkwork(dir, [...short, "--out", "kept-out.ndjson", "--people", "a-file/people.ndjson"]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/^linkwork simulate: --people: cannot create the folder for a-file\/people.ndjson/);
    await expect(readFile(join(dir, "kept-out.ndjson"), "utf8")).rejects.toThrow(/ENOENT/);
  });
});

describe("linkwork simulate's summary", () => {
  it("names the files it wrote without the control characters in their names", async () => {
    const short = ["simulate", "--seed", "5", "--pcns", "1", "--months", "2"];
    const run = await linkwork(dir, [...short, "--out", "h\u001b[2Jistory.ndjson", "--people", "p\u001b]0;x\u0007eople.ndjson"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("events written to h");
    // eslint-disable-next-line no-control-regex -- the point: no escape or bell reaches the terminal
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe("linkwork replay --people", () => {
  it("adds the equity report, says in words who is under-reached, and joins nobody without the file", async () => {
    const run = await linkwork(dir, ["replay", "history.ndjson", "--people", "people.ndjson", "--report", "equity"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Equity (as of ");
    expect(run.stdout).toMatch(/By ethnic group, under-reached against [\d.]+ referrals per 1,000 for the whole list: .*Asian/);
    expect(run.stdout).toMatch(/By age band, under-reached .*aged 0-17/);
    const without = await linkwork(dir, ["replay", "history.ndjson", "--report", "equity"]);
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(/[\d,]+ of [\d,]+ referred people have no equity fields in the register/);
  });

  it("is in the default reports only when the people are given", async () => {
    const json = await linkwork(dir, ["replay", "history.ndjson", "--people", "people.ndjson", "--format", "json", "--resamples", "50"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Record<string, { data: { rows: { field: string; group: string; referrals: number }[] } }>;
    expect(Object.keys(parsed)).toContain("equity");
    const white = parsed["equity"]!.data.rows.find((row) => row.field === "ethnicGroup" && row.group === "white");
    expect(white?.referrals).toBeGreaterThan(50);
    const plain = await linkwork(dir, ["replay", "history.ndjson", "--format", "json", "--resamples", "50"]);
    expect(Object.keys(JSON.parse(plain.stdout) as object)).not.toContain("equity");
  });

  it("gives the same report from worker threads, which never receive the people", async () => {
    const args = ["replay", "history.ndjson", "--people", "people.ndjson", "--report", "equity", "--format", "json", "--resamples", "50"];
    const one = await linkwork(dir, args);
    const two = await linkwork(dir, [...args, "--workers", "2"]);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it("suppresses small numbers in the shared CSV, and writes the by-group table", async () => {
    const run = await linkwork(dir, [
      "replay",
      "history.ndjson",
      "--people",
      "people.ndjson",
      "--report",
      "equity",
      "--format",
      "csv",
      "--out",
      "csv",
    ]);
    expect(run.code).toBe(0);
    const lines = (await readFile(join(dir, "csv", "equity-by-group.csv"), "utf8")).trim().split("\n");
    expect(lines[0]).toMatch(/^field,group,list_patients,list_share,referrals,referral_share,referrals_per_1000,/);
    // Counts of referrals are 0, * (1 to 7) or multiples of 5.
    const referrals = lines.slice(1).map((line) => line.split(",")[4]!);
    expect(referrals.length).toBeGreaterThan(20);
    for (const count of referrals) expect(count === "*" || Number(count) % 5 === 0).toBe(true);
    const exact = await linkwork(dir, [
      "replay",
      "history.ndjson",
      "--people",
      "people.ndjson",
      "--report",
      "equity",
      "--format",
      "csv",
      "--out",
      "exact",
      "--exact-counts",
    ]);
    expect(exact.code).toBe(0);
    const exactReferrals = (await readFile(join(dir, "exact", "equity-by-group.csv"), "utf8"))
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => Number(line.split(",")[4]));
    expect(exactReferrals.some((count) => count % 5 !== 0)).toBe(true);
  });

  it("refuses a bad people file naming the line, and a missing one, writing nothing", async () => {
    await writeFile(join(dir, "bad.ndjson"), '{"personId":"person_s1x","equity":{}}\n{"personId":"Jane Smith","equity":{}}\n');
    const bad = await linkwork(dir, ["replay", "history.ndjson", "--people", "bad.ndjson", "--report", "equity"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^linkwork replay: --people bad\.ndjson: line 2: personId: must be an issued id/);
    expect(bad.stderr).not.toContain("Jane");
    // A line with no end is refused once it passes the limit, never held whole.
    await writeFile(join(dir, "long.ndjson"), `{"personId":"person_s1x","equity":{"x":"${"a".repeat(100_000)}`);
    const long = await linkwork(dir, ["replay", "history.ndjson", "--people", "long.ndjson", "--report", "equity"]);
    expect(long.code).toBe(1);
    expect(long.stderr).toBe("linkwork replay: --people long.ndjson: line 1: longer than 1024 bytes\n");
    const missing = await linkwork(dir, ["replay", "history.ndjson", "--people", "nowhere.ndjson"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--people: no such file: nowhere.ndjson");
  });
});
