import { link, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

let dir = "";
let remove: () => Promise<void> = async () => undefined;
const secret = "a-recipient-key-of-more-than-thirty-two-bytes-0123456789";
let caseIds: string[] = [];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
  await writeFile(join(dir, "evaluator.key"), `${secret}\n`);
  await writeFile(join(dir, "short.key"), "short\n");
  const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
  caseIds = [...new Set(lines.map((line) => (JSON.parse(line) as { streamId: string }).streamId).filter((id) => id.startsWith("case-")))];
});
afterAll(() => remove());

/** runCli with an environment. */
async function withEnvironment(env: Record<string, string>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd: dir,
    env,
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("linkwork evaluation-export", () => {
  it("writes a valid history with no case id, and a manifest naming the recipient; the key is printed nowhere", async () => {
    const run = await linkwork(dir, [
      "evaluation-export",
      "history.ndjson",
      "--recipient",
      "Evaluation team",
      "--key-file",
      "evaluator.key",
      "--out",
      "export.ndjson",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^linkwork evaluation-export: [\d,]+ events for Evaluation team, dates to the day, written to export\.ndjson/,
    );
    const text = await readFile(join(dir, "export.ndjson"), "utf8");
    for (const id of caseIds) expect(text).not.toContain(id);
    const manifest = JSON.parse(await readFile(join(dir, "export.ndjson.manifest.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ recipient: "Evaluation team", dates: "day" });
    expect(JSON.stringify(manifest) + run.stderr + run.stdout).not.toContain(secret);
    const validated = await linkwork(dir, ["validate", "export.ndjson", "-q"]);
    expect(validated.code, validated.stdout).toBe(0);
    // The same figures as the source, as of the end of the last day (the export keeps dates to the day).
    const asOf = ["--as-of", "2025-09-30", "--report", "capacity,referral-sources,unmet-needs", "--format", "json", "-q"];
    const source = JSON.parse((await linkwork(dir, ["replay", "history.ndjson", ...asOf])).stdout) as unknown;
    const copy = JSON.parse((await linkwork(dir, ["replay", "export.ndjson", ...asOf])).stdout) as unknown;
    expect(copy).toEqual(source);
  });

  it("gives the same file for the same key, from a key file or the environment, and another for another key", async () => {
    const args = ["evaluation-export", "history.ndjson", "--recipient", "r", "-q", "--dates", "month"];
    expect((await linkwork(dir, [...args, "--key-file", "evaluator.key", "--out", "a.ndjson"])).code).toBe(0);
    expect((await withEnvironment({ LINKWORK_EXPORT_KEY: secret }, [...args, "--out", "b.ndjson"])).code).toBe(0);
    expect((await withEnvironment({ LINKWORK_EXPORT_KEY: `${secret}!` }, [...args, "--out", "c.ndjson"])).code).toBe(0);
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((name) => readFile(join(dir, `${name}.ndjson`), "utf8")));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    // Month coarsening: every instant is the 1st of its month.
    const instants = [...a!.matchAll(/"occurredAt":"(\d{4}-\d{2}-\d{2})T/g)];
    expect(instants.length).toBeGreaterThan(0);
    expect(instants.every((match) => match[1]!.endsWith("-01"))).toBe(true);
  });

  it("refuses a missing or short key and an unknown granularity as usage errors, writing nothing", async () => {
    const base = ["evaluation-export", "history.ndjson", "--recipient", "r", "--out", "none.ndjson"];
    const missing = await withEnvironment({}, base);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--key-file FILE or in the LINKWORK_EXPORT_KEY environment variable/);
    const short = await linkwork(dir, [...base, "--key-file", "short.key"]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/the recipient key has 5 bytes: it needs at least 32/);
    expect(short.stderr).not.toContain("short\n");
    const weekly = await linkwork(dir, [...base, "--key-file", "evaluator.key", "--dates", "fortnight"]);
    expect(weekly.code).toBe(2);
    expect(weekly.stderr).toMatch(/--dates: must be one of day, week, month/);
    await expect(readFile(join(dir, "none.ndjson"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses to overwrite the history through a symbolic or a hard link to it, leaving it as it was", async () => {
    const before = await readFile(join(dir, "history.ndjson"), "utf8");
    await symlink(join(dir, "history.ndjson"), join(dir, "soft-link.ndjson"));
    await link(join(dir, "history.ndjson"), join(dir, "hard-link.ndjson"));
    for (const [input, out] of [
      ["soft-link.ndjson", "history.ndjson"],
      ["history.ndjson", "soft-link.ndjson"],
      ["history.ndjson", "hard-link.ndjson"],
    ]) {
      const run = await linkwork(dir, ["evaluation-export", input!, "--recipient", "r", "--key-file", "evaluator.key", "--out", out!]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/--out: the export must not overwrite the history it is made from/);
    }
    expect(await readFile(join(dir, "history.ndjson"), "utf8")).toBe(before);
  });
});
