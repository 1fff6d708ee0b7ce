import { link, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

let dir = "";
let remove: () => Promise<void> = async () => undefined;
const secret = "a-recipient-key-of-more-than-thirty-two-bytes-0123456789";
let caseIds: string[] = [];
let personIds: string[] = [];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
  await writeFile(join(dir, "evaluator.key"), `${secret}\n`);
  await writeFile(join(dir, "short.key"), "short\n");
  const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
  caseIds = [...new Set(lines.map((line) => (JSON.parse(line) as { streamId: string }).streamId).filter((id) => id.startsWith("case-")))];
  personIds = [
    ...new Set(
      lines.flatMap((line) => {
        const { type, data } = JSON.parse(line) as { type: string; data: { personId?: string } };
        return type === "ReferralReceived" && data.personId !== undefined ? [data.personId] : [];
      }),
    ),
  ];
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

  it("leaves out the people an --opt-outs list names; the manifest counts them, small numbers suppressed", async () => {
    const base = ["evaluation-export", "history.ndjson", "--recipient", "Evaluation team", "--key-file", "evaluator.key"];
    const all = await linkwork(dir, [...base, "--out", "all.ndjson", "-q"]);
    expect(all.code, all.stderr).toBe(0);
    const allManifest = JSON.parse(await readFile(join(dir, "all.ndjson.manifest.json"), "utf8")) as { peopleLeftOut: object };
    expect(allManifest.peopleLeftOut).toMatchObject({
      withoutConsentToEvaluation: 0,
      nationalDataOptOut: expect.stringMatching(/^not checked/),
    });
    const few = personIds.slice(0, 3);
    const many = personIds.slice(0, 20);
    expect(many.length).toBe(20);
    await writeFile(join(dir, "few.txt"), `${few.join("\n")}\n`);
    await writeFile(join(dir, "many.txt"), `${many.join("\n")}\n\n`);
    const lines = async (file: string) => (await readFile(join(dir, file), "utf8")).split("\n").filter((line) => line.length > 0).length;
    for (const [list, expected] of [
      ["few.txt", "*"],
      ["many.txt", 20],
    ] as const) {
      const out = `${list}.ndjson`;
      const run = await linkwork(dir, [...base, "--opt-outs", list, "--out", out, "-q"]);
      expect(run.code, run.stderr).toBe(0);
      expect(await lines(out)).toBeLessThan(await lines("all.ndjson"));
      const manifest = JSON.parse(await readFile(join(dir, `${out}.manifest.json`), "utf8")) as { peopleLeftOut: object };
      expect(manifest.peopleLeftOut).toMatchObject({ nationalDataOptOut: expected, withoutConsentToEvaluation: 0 });
      expect(JSON.stringify(manifest)).not.toMatch(/person_/);
      expect((await linkwork(dir, ["validate", out, "-q"])).code).toBe(0);
    }
  });

  it("refuses an --opt-outs line that is not a pseudonym, naming the line and not echoing it, writing nothing", async () => {
    await writeFile(join(dir, "bad-opt-outs.txt"), `${personIds[0]}\n943 476 5919\n`);
    const run = await linkwork(dir, [
      "evaluation-export",
      "history.ndjson",
      "--recipient",
      "r",
      "--key-file",
      "evaluator.key",
      "--opt-outs",
      "bad-opt-outs.txt",
      "--out",
      "bad.ndjson",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--opt-outs: line 2 is not a person's pseudonym");
    expect(run.stderr).not.toContain("943 476 5919");
    await expect(stat(join(dir, "bad.ndjson"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses an --opt-outs line shaped like no issued pseudonym (person_ and letters only), which could opt out nobody", async () => {
    // An issued person id's token has 2 to 40 letters and digits, at least one of each (PersonId): a typo is refused, not ignored.
    for (const typo of ["person_abc", "person_1", `person_${"a1".repeat(21)}`]) {
      await writeFile(join(dir, "typo-opt-outs.txt"), `${personIds[0]}\n${typo}\n`);
      const run = await linkwork(dir, [
        "evaluation-export",
        "history.ndjson",
        "--recipient",
        "r",
        "--key-file",
        "evaluator.key",
        "--opt-outs",
        "typo-opt-outs.txt",
        "--out",
        "typo.ndjson",
      ]);
      expect({ typo, code: run.code, stderr: run.stderr.trim() }).toEqual({
        typo,
        code: 2,
        stderr: expect.stringContaining("--opt-outs: line 2 is not a person's pseudonym") as string,
      });
      await expect(stat(join(dir, "typo.ndjson"))).rejects.toThrow(/ENOENT/);
    }
  });

  it("takes the export back when its manifest cannot be written, naming the manifest and no temporary file", async () => {
    await mkdir(join(dir, "blocked.ndjson.manifest.json"));
    const run = await linkwork(dir, [
      "evaluation-export",
      "history.ndjson",
      "--recipient",
      "r",
      "--key-file",
      "evaluator.key",
      "--out",
      "blocked.ndjson",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out: cannot write the manifest blocked\.ndjson\.manifest\.json \(E[A-Z]+\); nothing was written/);
    expect(run.stderr).not.toMatch(/\.tmp|tmp-/);
    await expect(stat(join(dir, "blocked.ndjson"))).rejects.toThrow(/ENOENT/);
  });
});
