import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder } from "./cli-run.js";

// A one-month history (a little over a thousand lines), then copies of it with lines broken on purpose.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
let lines: string[] = [];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  const simulated = await linkwork(dir, ["simulate", "--seed", "5", "--pcns", "1", "--months", "1", "--out", "tiny.ndjson"]);
  expect(simulated.code).toBe(0);
  lines = (await readFile(join(dir, "tiny.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
});
afterAll(() => remove());

/** The 1-based number of the first line whose event has this type. */
function firstLineOf(type: string): number {
  const index = lines.findIndex((line) => (JSON.parse(line) as { type: string }).type === type);
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe("linkwork validate", () => {
  it("lists every bad line with its number and field, then a summary, with exit code 1", async () => {
    const listSizeLine = firstLineOf("PcnListSizeRecorded");
    const referralLine = firstLineOf("ReferralReceived");
    const broken = [...lines];
    const listSize = JSON.parse(broken[listSizeLine - 1]!) as { data: { registeredPatients: number } };
    listSize.data.registeredPatients = -5;
    broken[listSizeLine - 1] = JSON.stringify(listSize);
    broken[referralLine - 1] = "{not json";
    const lastCaseLine = broken.length; // the last line cut short, as a truncated copy would be
    broken[lastCaseLine - 1] = broken[lastCaseLine - 1]!.slice(0, 40);
    await writeFile(join(dir, "broken.ndjson"), broken.join("\n"));

    const run = await linkwork(dir, ["validate", "broken.ndjson"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const output = run.stdout.trimEnd().split("\n");
    const problems = output.slice(0, -1);
    const summary = output.at(-1)!;
    expect(problems.find((line) => line.startsWith(`line ${listSizeLine}: `))).toMatch(/^line \d+: data\.registeredPatients: .+/);
    expect(problems.some((line) => line.startsWith(`line ${referralLine}: `))).toBe(true);
    expect(problems.some((line) => line.startsWith(`line ${lastCaseLine}: `) && /truncated/.test(line))).toBe(true);
    // Problems come in line order, each on one line.
    const numbers = problems.map((line) => Number(/^line (\d+): /.exec(line)?.[1]));
    expect(numbers.every((number) => Number.isInteger(number) && number > 0)).toBe(true);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(summary).toMatch(
      new RegExp(
        `^broken\\.ndjson: ${lines.length.toLocaleString("en-GB")} lines, [\\d,]+ valid events in [\\d,]+ streams; ${problems.length} problems? \\(.*BAD_JSON.*\\)$`,
      ),
    );
    expect(summary).toContain("INVALID_EVENT");
    expect(summary).toContain("TRUNCATED_LINE");
  });

  it("never quotes a line that is not JSON, which may hold a name or an NHS number, in validate's or replay's output", async () => {
    // JSON.parse's own message quotes the start of the text ("Jane Smith"...) or, further in, the text around the fault.
    const personal = [
      "Jane Smith 943 476 5919",
      "undefined",
      `[${Array.from({ length: 20 }, (_, index) => String(index)).join(",")},Jane Smith,1]`,
    ];
    await writeFile(join(dir, "personal.ndjson"), [...personal, ...lines.slice(0, 2)].join("\n"));
    const validated = await linkwork(dir, ["validate", "personal.ndjson"]);
    const replayed = await linkwork(dir, ["replay", "personal.ndjson"]);
    expect(validated.code).toBe(1);
    expect(replayed.code).toBe(1);
    for (const output of [validated.stdout, replayed.stderr]) {
      expect(output).toMatch(/^(linkwork replay: personal\.ndjson: )?line 1: not valid JSON: Unexpected token 'J'/m);
      for (const text of ["Jane", "Smith", "943", "undefined"]) expect(output).not.toContain(text);
    }
    expect(validated.stdout).toMatch(/^line 2: not valid JSON/m);
    expect(validated.stdout).toMatch(/^line 3: not valid JSON: Unexpected token 'J'/m);
  });

  it("prints every problem once, in line order, past the ones it holds while the bar is drawn", async () => {
    // 2,500 bad lines: more than validate holds before printing them as found (1,000).
    await writeFile(join(dir, "many.ndjson"), `${Array.from({ length: 2500 }, () => "x").join("\n")}\n`);
    for (const tty of [false, true]) {
      const run = await linkwork(dir, ["validate", "many.ndjson"], { tty });
      expect(run.code).toBe(1);
      const output = run.stdout.trimEnd().split("\n");
      expect(output.slice(0, -1)).toEqual(
        Array.from({ length: 2500 }, (_, index) => `line ${index + 1}: not valid JSON: Unexpected token 'x'`),
      );
      expect(output.at(-1)).toBe("many.ndjson: 2,500 lines, 0 valid events in 0 streams; 2,500 problems (2,500 BAD_JSON)");
    }
  });

  it("answers exit code 0 and no problems for a clean file", async () => {
    const run = await linkwork(dir, ["validate", "tiny.ndjson"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/; no problems\n$/);
  });
});

describe("progress bars", () => {
  it("draw rate and ETA on a terminal's stderr, and stay off when quiet or not a terminal", async () => {
    const args = ["validate", "tiny.ndjson"];
    const onTerminal = await linkwork(dir, args, { tty: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toContain("validating [");
    expect(onTerminal.stderr).toMatch(/MB\/s \| ETA /);
    expect(onTerminal.stdout).not.toContain("validating");

    const quiet = await linkwork(dir, [...args, "--quiet"], { tty: true });
    expect(quiet.stderr).toBe("");
    const piped = await linkwork(dir, args, { tty: false });
    expect(piped.stderr).toBe("");
  });
});
