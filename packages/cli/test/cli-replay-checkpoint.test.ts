import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { historyFileSource } from "@linkwork/projections";
import { buildReports, reportNames } from "../src/index.js";
import { checkpointFolder } from "../src/commands/checkpoint-folder.js";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

// `linkwork replay --checkpoint DIR`: a run stopped after N lines resumes from its checkpoints.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
let lines: string[] = [];
const flags = ["--format", "json", "--windows", "3,6", "--resamples", "300", "--retention-days", "30"];
const settings = {
  retentionDays: 30,
  demandReduction: { windowsMonths: [3, 6], resamples: 300 },
  outcomes: { resamples: 300 },
};

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
  lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
});
afterAll(() => remove());

/** What a run killed after `count` lines has read: the file up to there (its checkpoints are saved per batch). */
async function firstLines(count: number, name: string): Promise<string> {
  await writeFile(join(dir, name), `${lines.slice(0, count).join("\n")}\n`);
  return join(dir, name);
}

describe("linkwork replay --checkpoint", () => {
  it("resumes a run stopped after N lines from its checkpoints, applying only the rest, with the same reports", async () => {
    const cut = Math.floor(lines.length * 0.6);
    const folder = join(dir, "checkpoints");
    const stopped = await buildReports(historyFileSource(await firstLines(cut, "part.ndjson")), {
      reports: [...reportNames],
      settings,
      checkpoints: checkpointFolder(folder),
    });
    expect(E.isRight(stopped)).toBe(true);
    // One file per read model, named as the runner names its checkpoint (the read model and its version).
    const files = await readdir(folder);
    expect(files).toHaveLength(reportNames.length);
    for (const name of reportNames)
      expect(files.some((file) => file.startsWith(`${name}@v`) && file.endsWith(".checkpoint.json"))).toBe(true);

    const resumed = await buildReports(historyFileSource(join(dir, "history.ndjson")), {
      reports: [...reportNames],
      settings,
      checkpoints: checkpointFolder(folder),
    });
    const fresh = await buildReports(historyFileSource(join(dir, "history.ndjson")), { reports: [...reportNames], settings });
    if (E.isLeft(resumed) || E.isLeft(fresh)) throw new Error("a replay failed");
    // Only the lines after the checkpoint were applied; the reports are a full replay's.
    expect(resumed.right.events).toBe(lines.length - cut);
    expect(fresh.right.events).toBe(lines.length);
    expect(resumed.right.reports).toEqual(fresh.right.reports);
  }, 120_000);

  it("prints the one-pass reports when the CLI resumes, and refuses --checkpoint with --workers", async () => {
    const onePass = await linkwork(dir, ["replay", "history.ndjson", ...flags]);
    await firstLines(Math.floor(lines.length / 3), "third.ndjson");
    expect((await linkwork(dir, ["replay", "third.ndjson", ...flags, "--checkpoint", "cli-checkpoints", "--quiet"])).code).toBe(0);
    const resumed = await linkwork(dir, ["replay", "history.ndjson", ...flags, "--checkpoint", "cli-checkpoints"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe(onePass.stdout);
    const both = await linkwork(dir, ["replay", "history.ndjson", "--checkpoint", "x", "--workers", "2"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--checkpoint");
  }, 120_000);

  it("refuses a checkpoint file that is not one, naming it", async () => {
    const folder = join(dir, "broken");
    await linkwork(dir, ["replay", "history.ndjson", "--report", "caseload", "--checkpoint", "broken", "--quiet"]);
    const [file] = await readdir(folder);
    expect(file).toMatch(/^caseload@v\d+\.checkpoint\.json$/);
    await writeFile(join(folder, file!), "{not json");
    const run = await linkwork(dir, ["replay", "history.ndjson", "--report", "caseload", "--checkpoint", "broken"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file!} is not a checkpoint`);
  }, 60_000);

  it("a second run over a finished file prints the reports from its snapshots, as the first did", async () => {
    const first = await linkwork(dir, ["replay", "history.ndjson", ...flags, "--checkpoint", "finished"]);
    expect(first.code, first.stderr).toBe(0);
    const again = await linkwork(dir, ["replay", "history.ndjson", ...flags, "--checkpoint", "finished"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain("no events to report");
    expect(again.stdout).toBe(first.stdout);
  }, 120_000);

  it("checkpoints past the end of the file are a failed run naming the mismatch, printing no reports", async () => {
    expect((await linkwork(dir, ["replay", "history.ndjson", "--report", "caseload", "--checkpoint", "longer", "--quiet"])).code).toBe(0);
    await firstLines(Math.floor(lines.length / 2), "shorter.ndjson");
    const run = await linkwork(dir, ["replay", "shorter.ndjson", "--report", "caseload", "--checkpoint", "longer"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`past the end of the history (${Math.floor(lines.length / 2)} events)`);
  }, 60_000);

  it("a file where the checkpoint folder should be is a usage error naming the flag, not a raw ENOTDIR", async () => {
    await writeFile(join(dir, "a-file"), "not a folder\n");
    for (const given of ["a-file", "a-file/below"]) {
      const run = await linkwork(dir, ["replay", "history.ndjson", "--report", "caseload", "--checkpoint", given]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--checkpoint: ${given} is not a folder`);
      expect(run.stderr).not.toContain("ENOTDIR:");
    }
  }, 60_000);
});
