import { execFileSync } from "node:child_process";
import { lstat, mkdir, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder } from "./cli-run.js";

// Where a command writes is checked before it does any work: a file that cannot be written there
// (a folder in the way, one of the command's own inputs) is a usage error naming the flag, and
// nothing is written or overwritten.

let dir = "";
let remove: () => Promise<void> = async () => undefined;
const secret = "a-recipient-key-of-more-than-thirty-two-bytes-0123456789";
const optOut = "person_zz9999\n";
let history = "";

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  const simulated = await linkwork(dir, ["simulate", "--seed", "5", "--pcns", "1", "--months", "2", "--out", "history.ndjson", "-q"]);
  expect(simulated.code, simulated.stderr).toBe(0);
  history = await readFile(join(dir, "history.ndjson"), "utf8");
  await writeFile(join(dir, "evaluator.key"), `${secret}\n`);
  await writeFile(join(dir, "opt-outs.txt"), optOut);
  await mkdir(join(dir, "a-folder"));
});
afterAll(() => remove());

/** A usage error: exit 2, one line on stderr, nothing on stdout. */
async function refused(args: readonly string[]): Promise<string> {
  const run = await linkwork(dir, args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.trimEnd().split("\n"), run.stderr).toHaveLength(1);
  return run.stderr;
}

const exportArgs = ["evaluation-export", "history.ndjson", "--recipient", "r", "--key-file", "evaluator.key"] as const;

describe("linkwork evaluation-export never overwrites its own inputs", () => {
  it("refuses an --out that is the key file or the opt-out list, leaving both as they were", async () => {
    expect(await refused([...exportArgs, "--out", "evaluator.key"])).toMatch(/^linkwork evaluation-export: --out: .*--key-file/);
    expect(await readFile(join(dir, "evaluator.key"), "utf8")).toBe(`${secret}\n`);
    expect(await refused([...exportArgs, "--opt-outs", "opt-outs.txt", "--out", "opt-outs.txt"])).toMatch(/--out: .*--opt-outs/);
    expect(await readFile(join(dir, "opt-outs.txt"), "utf8")).toBe(optOut);
  });

  it("refuses an --out whose manifest (OUT.manifest.json) would be the history it is made from", async () => {
    await writeFile(join(dir, "source.manifest.json"), history);
    const stderr = await refused([
      "evaluation-export",
      "source.manifest.json",
      "--recipient",
      "r",
      "--key-file",
      "evaluator.key",
      "--out",
      "source",
    ]);
    expect(stderr).toMatch(/--out: .*source\.manifest\.json/);
    expect(await readFile(join(dir, "source.manifest.json"), "utf8")).toBe(history);
    expect((await readdir(dir)).filter((name) => name === "source")).toEqual([]);
  });

  it("refuses an --out that is a folder before reading the history, naming no temporary file", async () => {
    const stderr = await refused([...exportArgs, "--out", "a-folder"]);
    expect(stderr).toMatch(/^linkwork evaluation-export: --out: a-folder is a folder/);
    expect(stderr).not.toMatch(/partial/);
  });
});

describe("linkwork simulate checks --out and --people before it runs", () => {
  it("refuses a --people that is a folder without writing the history", async () => {
    const stderr = await refused([
      "simulate",
      "--seed",
      "1",
      "--pcns",
      "1",
      "--months",
      "1",
      "--out",
      "fresh.ndjson",
      "--people",
      "a-folder",
    ]);
    expect(stderr).toMatch(/^linkwork simulate: --people: a-folder is a folder/);
    expect(await readdir(dir)).not.toContain("fresh.ndjson");
  });

  it("refuses an --out that is a folder, naming no temporary file", async () => {
    const stderr = await refused(["simulate", "--seed", "1", "--pcns", "1", "--months", "1", "--out", "a-folder"]);
    expect(stderr).toMatch(/^linkwork simulate: --out: a-folder is a folder/);
    expect(stderr).not.toMatch(/partial/);
  });
});

describe("an --out that is no regular file", () => {
  // A link in the scratch folder stands for /dev/stdout (never named here: before this check, a
  // root user's run renamed the history over it, replacing the system's link with a file).
  it("is refused, not replaced by a rename: a link to a device, a FIFO", async () => {
    await symlink("/dev/null", join(dir, "null-link"));
    execFileSync("mkfifo", [join(dir, "a-fifo")]);
    for (const out of ["null-link", "a-fifo"]) {
      const stderr = await refused(["simulate", "--seed", "1", "--pcns", "1", "--months", "1", "--out", out]);
      expect(stderr).toBe(`linkwork simulate: --out: ${out} is not a regular file: name a file\n`);
    }
    expect((await lstat(join(dir, "null-link"))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, "a-fifo"))).isFIFO()).toBe(true);
  });
});

describe("linkwork replay and subject-access check --out before they read the history", () => {
  it("refuses an --out folder that is a file (the history itself), leaving the file as it was", async () => {
    expect(await refused(["replay", "history.ndjson", "--format", "json", "--out", "history.ndjson"])).toMatch(
      /^linkwork replay: --out: history\.ndjson is not a folder/,
    );
    expect(await refused(["subject-access", "history.ndjson", "--person", "person_zz9999", "--out", "history.ndjson"])).toMatch(
      /^linkwork subject-access: --out: history\.ndjson is not a folder/,
    );
    expect(await readFile(join(dir, "history.ndjson"), "utf8")).toBe(history);
  });

  it("refuses to write a report over the history or the people file it reads", async () => {
    await mkdir(join(dir, "reports"));
    await writeFile(join(dir, "reports", "caseload.json"), history);
    expect(
      await refused(["replay", "reports/caseload.json", "--report", "caseload", "--format", "json", "--out", "reports", "-q"]),
    ).toMatch(/^linkwork replay: --out: .*caseload\.json.*the history/);
    expect(await readFile(join(dir, "reports", "caseload.json"), "utf8")).toBe(history);
  });
});

describe("linkwork replay when a report file cannot be written", () => {
  it("fails the run (exit 1, as docs/cli.md says), naming the report file and no temporary file", async () => {
    await mkdir(join(dir, "blocked", "capacity.json"), { recursive: true });
    const run = await linkwork(dir, ["replay", "history.ndjson", "--report", "capacity", "--format", "json", "--out", "blocked", "-q"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^linkwork replay: --out: cannot write blocked\/capacity\.json \(EISDIR\)\n$/);
  });
});
