import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportAliases, reportNames } from "../src/reports/report-name.js";
import { ReplayFlags } from "../src/commands/replay.js";
import { parseFlags } from "../src/commands/flag-values.js";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

// `--report` words: every report is named for its read model; the old words still work, with a notice.
const newWords = [
  "caseload",
  "capacity",
  "demand-reduction",
  "outcomes",
  "unmet-needs",
  "community-demand",
  "referral-sources",
  "equity",
  "gp-record-outbox",
  "funding",
];
// Equity needs the people's equity fields (--people), so it is in the default list only with them.
const defaultWords = newWords.filter((word) => word !== "equity");
const quick = ["--format", "json", "--windows", "3", "--resamples", "50"];

let dir = "";
let remove: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
});
afterAll(() => remove());

describe("report names", () => {
  it("are the read models' names, in the order reports are shown, and every old word stands for one of them", () => {
    expect([...reportNames]).toEqual(newWords);
    expect(reportAliases).toEqual({
      demand: "demand-reduction",
      gaps: "unmet-needs",
      providers: "community-demand",
      sources: "referral-sources",
    });
  });

  it("are what --help shows, and the old words are not", async () => {
    const help = await linkwork(dir, ["replay", "--help"]);
    expect(help.code).toBe(0);
    // commander wraps the help at the terminal's width.
    expect(help.stdout.replace(/\s+/g, " ")).toContain(`comma-separated: ${newWords.join(",")} (default all but equity`);
    expect(help.stdout).not.toMatch(/(?<![\w-])(demand|gaps|providers|sources)(?![\w-])/);
  });

  it("are the default list: every report but equity, in order, keyed by its name", async () => {
    const run = await linkwork(dir, ["replay", "history.ndjson", ...quick]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const parsed = JSON.parse(run.stdout) as Record<string, { report: string }>;
    expect(Object.keys(parsed)).toEqual(defaultWords);
    for (const name of defaultWords) expect(parsed[name]!.report).toBe(name);
  });
});

describe("old --report words", () => {
  it.each(Object.entries(reportAliases))("%s still works, says it is now %s, and gives the same report", async (old, name) => {
    const renamed = await linkwork(dir, ["replay", "history.ndjson", "--report", old, ...quick]);
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stderr).toBe(`linkwork replay: --report ${old} is now ${name}; the old word still works for now\n`);
    const current = await linkwork(dir, ["replay", "history.ndjson", "--report", name, ...quick]);
    expect(current.stderr).toBe("");
    expect(Object.keys(JSON.parse(renamed.stdout) as object)).toEqual([name]);
    expect(renamed.stdout).toBe(current.stdout);
  });

  it("given with the new word too, make one report and one notice; --quiet leaves the notice out", async () => {
    const both = await linkwork(dir, ["replay", "history.ndjson", "--report", "gaps,unmet-needs,gaps", ...quick]);
    expect(both.code).toBe(0);
    expect(Object.keys(JSON.parse(both.stdout) as object)).toEqual(["unmet-needs"]);
    expect(both.stderr.split("\n").filter((line) => line.length > 0)).toEqual([
      "linkwork replay: --report gaps is now unmet-needs; the old word still works for now",
    ]);
    const quiet = await linkwork(dir, ["replay", "history.ndjson", "--report", "sources", "--quiet", ...quick]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
  });
});

describe("the --report flag", () => {
  const word = fc.constantFrom(...reportNames, ...Object.keys(reportAliases));
  const nameOf = (given: string): string => (reportAliases as Record<string, string>)[given] ?? given;

  it("chooses each report once, in the order first given, and lists each old word once, in order", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), (words) => {
        const parsed = parseFlags(ReplayFlags, { report: words.join(",") });
        if (E.isLeft(parsed)) throw new Error(parsed.left.message);
        if (parsed.right.report === undefined) throw new Error("--report was given");
        const { chosen, renamed } = parsed.right.report;
        expect(chosen).toEqual([...new Set(words.map(nameOf))]);
        expect(renamed).toEqual(
          [...new Set(words)].filter((given) => nameOf(given) !== given).map((given) => ({ word: given, choice: nameOf(given) })),
        );
      }),
    );
  });
});
