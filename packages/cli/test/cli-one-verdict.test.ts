import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder } from "./cli-run.js";

// Two small histories of different seeds, and files made from them as real exports go wrong.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
let first = "";
let second = "";

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  for (const [seed, name] of [
    ["5", "first.ndjson"],
    ["6", "second.ndjson"],
  ] as const) {
    const simulated = await linkwork(dir, ["simulate", "--seed", seed, "--pcns", "1", "--months", "2", "--out", name]);
    expect(simulated.code).toBe(0);
  }
  first = await readFile(join(dir, "first.ndjson"), "utf8");
  second = await readFile(join(dir, "second.ndjson"), "utf8");
});
afterAll(() => remove());

/** The first problem validate lists: `line N: ...`. */
async function firstProblem(name: string): Promise<string> {
  const validated = await linkwork(dir, ["validate", name]);
  expect(validated.code).toBe(1);
  return validated.stdout.split("\n")[0]!;
}

const linesOf = (text: string) => text.split("\n").filter((line) => line.length > 0);

describe("validate and replay give one verdict", () => {
  const broken: [string, () => string][] = [
    ["two exports joined with cat", () => first + second],
    ["a line repeated", () => [...linesOf(first).slice(0, 40), linesOf(first)[39]!, ...linesOf(first).slice(40)].join("\n") + "\n"],
    ["a line dropped (a version gap)", () => [...linesOf(first).slice(0, 40), ...linesOf(first).slice(41)].join("\n") + "\n"],
    [
      "two lines swapped",
      () => {
        const lines = linesOf(first);
        [lines[30], lines[31]] = [lines[31]!, lines[30]!];
        return lines.join("\n") + "\n";
      },
    ],
    ["the last line cut short", () => first.slice(0, first.length - 30)],
    [
      "a local code never registered",
      () => {
        const lines = linesOf(first);
        const at = lines.findIndex((line) => line.includes('"type":"ConversationHeld"'));
        const parsed = JSON.parse(lines[at]!) as { data: { needs: string[] } };
        parsed.data.needs = [...parsed.data.needs.slice(0, 1), "x-lives-alone-at-12-high-st"];
        lines[at] = JSON.stringify(parsed);
        return lines.join("\n") + "\n";
      },
    ],
  ];

  for (const [what, make] of broken) {
    it(`${what}: replay stops at the line and code validate reports first, exit 1`, async () => {
      const name = `${what.replace(/\W+/g, "-")}.ndjson`;
      await writeFile(join(dir, name), make());
      const problem = await firstProblem(name);
      const replayed = await linkwork(dir, ["replay", name, "--report", "caseload", "--quiet"]);
      expect(replayed.code).toBe(1);
      expect(replayed.stdout).toBe("");
      expect(replayed.stderr).toContain(`${name}: ${problem}`);
    });
  }

  it("an empty file: both accept it, with nothing in it", async () => {
    await writeFile(join(dir, "empty.ndjson"), "");
    const validated = await linkwork(dir, ["validate", "empty.ndjson"]);
    expect(validated).toMatchObject({ code: 0, stdout: "empty.ndjson: 0 lines, 0 valid events in 0 streams; no problems\n" });
    const replayed = await linkwork(dir, ["replay", "empty.ndjson", "--report", "referral-sources"]);
    expect(replayed).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "linkwork replay: empty.ndjson holds no events to report on (give --as-of for reports of nothing)\n",
    });
    const asOf = await linkwork(dir, ["replay", "empty.ndjson", "--report", "referral-sources", "--as-of", "2025-06-01", "--quiet"]);
    expect(asOf.code).toBe(0);
    expect(asOf.stdout).toContain("Referral sources");
  });

  it("--on-error skip: the joined file replays, and every format says what was skipped", async () => {
    await writeFile(join(dir, "joined.ndjson"), first + second);
    const validated = await linkwork(dir, ["validate", "joined.ndjson"]);
    const refused = validated.stdout.split("\n").filter((line) => line.startsWith("line ")).length;
    expect(refused).toBeGreaterThan(0);

    const table = await linkwork(dir, ["replay", "joined.ndjson", "--report", "caseload", "--on-error", "skip"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`WARNING: Incomplete history: ${refused.toLocaleString("en-GB")} line`);
    expect(table.stderr).toContain("Incomplete history");

    const json = await linkwork(dir, [
      "replay",
      "joined.ndjson",
      "--report",
      "caseload",
      "--format",
      "json",
      "--on-error",
      "skip",
      "--quiet",
    ]);
    const caseload = (JSON.parse(json.stdout) as { caseload: { skipped: { lines: number; streams: { category: string }[] } } }).caseload;
    expect(caseload.skipped.lines).toBe(refused);
    expect(caseload.skipped.streams.map((entry) => entry.category)).toContain("case");

    const html = await linkwork(dir, [
      "replay",
      "joined.ndjson",
      "--format",
      "html",
      "--out",
      "skipped-html",
      "--on-error",
      "skip",
      "--quiet",
    ]);
    expect(html.code).toBe(0);
    expect(await readFile(join(dir, "skipped-html", "report.html"), "utf8")).toMatch(
      /<p class="warning" role="alert">Incomplete history: /,
    );

    const csv = await linkwork(dir, [
      "replay",
      "joined.ndjson",
      "--format",
      "csv",
      "--out",
      "skipped-csv",
      "--on-error",
      "skip",
      "--quiet",
    ]);
    expect(csv.code).toBe(0);
    expect(await readFile(join(dir, "skipped-csv", "skipped-lines.csv"), "utf8")).toMatch(/^what,kind,count\nrefused_lines,/);
  });

  it("--on-error skip on a file whose every line is refused fails, saying so, rather than reporting nothing", async () => {
    await writeFile(join(dir, "all-bad.ndjson"), '{"position":"1"\u001b[2J\nnot json\n');
    const replayed = await linkwork(dir, ["replay", "all-bad.ndjson", "--on-error", "skip", "--quiet"]);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toBe("");
    expect(replayed.stderr).toMatch(
      /^linkwork replay: all-bad\.ndjson: no event could be used\. Incomplete history: 2 lines of the history were refused and skipped \(2 BAD_JSON\)/,
    );
  });

  it("a clean file with --on-error skip carries no warning", async () => {
    const replayed = await linkwork(dir, ["replay", "first.ndjson", "--report", "caseload", "--on-error", "skip"]);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).not.toContain("Incomplete history");
  });
});
