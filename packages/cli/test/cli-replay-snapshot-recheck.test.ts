import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealedFields } from "@linkwork/core/personal-data";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

// `linkwork replay --checkpoint DIR` re-checks what a snapshot holds by the rules history lines are
// checked by: issued id shapes, registered codes, erased people. One test per kind of bad snapshot.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
const report = ["--report", "community-demand", "--format", "json"];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
}, 60_000);
afterAll(() => remove());

interface Snapshot {
  people: string[];
  cases: [string, { pcnId: string; connections: { providerId: string; activity: string }[] | null }][];
  folded: { providers: string[]; pcns: string[]; activities: string[] };
}

/** A finished replay's checkpoint (community demand's, unless `extra` names another report) in a folder of its own, changed by `tamper`: the file's name. */
async function tampered<Json = Snapshot>(
  folder: string,
  extra: readonly string[],
  tamper: (snapshot: Json) => void,
  history = "history.ndjson",
): Promise<string> {
  expect((await linkwork(dir, ["replay", history, ...report, ...extra, "--checkpoint", folder, "--quiet"])).code).toBe(0);
  const [file] = await readdir(join(dir, folder));
  expect(file).toMatch(/^[a-z-]+@v\d+\.checkpoint\.json$/);
  const path = join(dir, folder, file!);
  const checkpoint = JSON.parse(await readFile(path, "utf8")) as { position: string; snapshot: string };
  const snapshot = JSON.parse(checkpoint.snapshot) as Json;
  tamper(snapshot);
  await writeFile(path, JSON.stringify({ ...checkpoint, snapshot: JSON.stringify(snapshot) }));
  return file!;
}

/** Replays again from the tampered checkpoint: it must stop naming the file and the field, echoing nothing planted. */
async function refused(folder: string, file: string, extra: readonly string[], field: string, planted: string, history = "history.ndjson") {
  const run = await linkwork(dir, ["replay", history, ...report, ...extra, "--checkpoint", folder]);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(join(folder, file));
  expect(run.stderr).toContain(field);
  expect(run.stderr).not.toContain(planted);
  return run.stderr;
}

const retained = ["--retention-days", "all"];
const firstWithConnections = (snapshot: Snapshot) => snapshot.cases.findIndex(([, held]) => (held.connections?.length ?? 0) > 0);

describe("replay --checkpoint re-checks the snapshot it resumes from", () => {
  it("refuses a person id that is not an issued pseudonym (an NHS number), naming the file and field", async () => {
    const planted = "943-476-5919";
    const file = await tampered("person-id", [], (snapshot) => void (snapshot.people[0] = planted));
    expect(await refused("person-id", file, [], "people[0]", planted)).toContain("must be an issued id");
  }, 60_000);

  it("refuses a case id that names someone", async () => {
    const planted = "Jane.Smith.1950-01-01";
    const file = await tampered("case-id", retained, (snapshot) => void (snapshot.cases[0]![0] = planted));
    await refused("case-id", file, retained, "cases[0][0]", planted);
  }, 60_000);

  it("refuses a provider id that is a phone number, and a PCN that is not an ODS code", async () => {
    const planted = "tel:07700-900123";
    const file = await tampered("provider-id", [], (snapshot) => void (snapshot.folded.providers[0] = planted));
    await refused("provider-id", file, [], "folded.providers[0]", planted);
    const pcn = await tampered("pcn-code", retained, (snapshot) => void (snapshot.cases[0]![1].pcnId = "Salford Central"));
    await refused("pcn-code", pcn, retained, "cases[0][1].pcnId", "Salford Central");
  }, 60_000);

  it("refuses a local code that no line registered, in a retained connection and among folded activities", async () => {
    const planted = "x-hiv-positive-partner-is-violent";
    const file = await tampered("code-retained", retained, (snapshot) => {
      const row = firstWithConnections(snapshot);
      expect(row).toBeGreaterThanOrEqual(0);
      snapshot.cases[row]![1].connections![0]!.activity = planted;
    });
    const stderr = await refused("code-retained", file, retained, ".connections[0].activity", planted);
    expect(stderr).toContain("registered in the history up to the snapshot's position");
    const folded = await tampered("code-folded", [], (snapshot) => void (snapshot.folded.activities[0] = planted));
    await refused("code-folded", folded, [], "folded.activities[0]", planted);
  }, 60_000);

  it("refuses a snapshot taken before a person was erased: it holds their connections, the history reads them erased", async () => {
    // The same history with one connected person's events in their erased form, as an export after erasure reads.
    const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
    const parsed = lines.map(
      (line) => JSON.parse(line) as { position: string; streamId: string; type: string; data: Record<string, unknown> },
    );
    const connected = parsed.find((line) => line.type === "ConnectionMade")!.streamId;
    const erasedLines = parsed.map((line) => {
      if (line.streamId !== connected) return line;
      const data = { ...line.data };
      for (const field of (sealedFields as Record<string, readonly string[]>)[line.type] ?? [])
        if (field in data) data[field] = { erased: true };
      return { ...line, data };
    });
    await writeFile(join(dir, "erased.ndjson"), `${erasedLines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    expect((await linkwork(dir, ["validate", "erased.ndjson"])).code).toBe(0);
    // The simulator's GP record sync acknowledges every entry of an ended case, its stream's last
    // line: without that line (in both files, later positions closed up) the person's entries wait
    // in the outbox's snapshot.
    const finalSync = parsed.findLastIndex((line) => line.streamId === connected);
    expect(parsed[finalSync]!.type).toBe("GpRecordEntriesSent");
    const withoutFinalSync = (source: readonly { position: string }[]) =>
      source
        .filter((_, index) => index !== finalSync)
        .map((line, index) => JSON.stringify(index < finalSync ? line : { ...line, position: String(BigInt(line.position) - 1n) }))
        .join("\n");
    for (const [name, source] of [
      ["pending.ndjson", parsed],
      ["pending-erased.ndjson", erasedLines],
    ] as const) {
      await writeFile(join(dir, name), `${withoutFinalSync(source)}\n`);
      expect((await linkwork(dir, ["validate", name])).code).toBe(0);
    }

    for (const [folder, extra, field, before, after] of [
      ["erased-retained", retained, "connections: holds the connections of a person erased", "history.ndjson", "erased.ndjson"],
      ["erased-folded", [], "folded.connections[", "history.ndjson", "erased.ndjson"],
      // The outbox would send the erased person's entries to their practice.
      [
        "erased-outbox",
        ["--report", "gp-record-outbox"],
        "].personErased: is false for a person erased in the history",
        "pending.ndjson",
        "pending-erased.ndjson",
      ],
    ] as const) {
      await mkdir(join(dir, folder), { recursive: true });
      const file = await tampered(folder, extra, () => undefined, before);
      await refused(folder, file, extra, field, connected.replace("case-", ""), after);
      // Rebuilt from the start (the checkpoint deleted), the erased history replays.
      const rebuilt = await linkwork(dir, ["replay", after, ...report, ...extra, "--checkpoint", `${folder}-new`]);
      expect(rebuilt.code, rebuilt.stderr).toBe(0);
    }
  }, 120_000);

  it("refuses an unmet need's code that no line registered, in a retained case and in the folded rows", async () => {
    // A later --report replaces community-demand's.
    const unmet = ["--report", "unmet-needs"];
    interface UnmetSnapshot {
      cases: [string, { needs: string[] }][];
      folded: { unmetNeeds: [string, string, string, string, number][] };
    }
    const planted = "x-hiv-positive-partner-is-violent";
    const file = await tampered<UnmetSnapshot>("unmet-retained", [...retained, ...unmet], (snapshot) => {
      const row = snapshot.cases.findIndex(([, held]) => held.needs.length > 0);
      expect(row).toBeGreaterThanOrEqual(0);
      snapshot.cases[row]![1].needs[0] = planted;
    });
    expect(file).toMatch(/^unmet-needs@v/);
    await refused("unmet-retained", file, [...retained, ...unmet], ".needs[0]", planted);
    const folded = await tampered<UnmetSnapshot>("unmet-folded", unmet, (snapshot) => {
      expect(snapshot.folded.unmetNeeds.length).toBeGreaterThan(0);
      snapshot.folded.unmetNeeds[0]![2] = planted;
    });
    await refused("unmet-folded", folded, unmet, "folded.unmetNeeds: a row's need", planted);
  }, 60_000);

  it("refuses a funded need that no line registered", async () => {
    const funding = ["--report", "funding"];
    interface FundingSnapshot {
      providers: [string, { awards: { needs: string[] }[] }][];
    }
    const planted = "x-lives-alone-at-12-high-st";
    const file = await tampered<FundingSnapshot>("funding-need", funding, (snapshot) => {
      const row = snapshot.providers.findIndex(([, provider]) => provider.awards.length > 0);
      expect(row).toBeGreaterThanOrEqual(0);
      snapshot.providers[row]![1].awards[0]!.needs[0] = planted;
    });
    expect(file).toMatch(/^funding@v/);
    await refused("funding-need", file, funding, ".awards[0].needs[0]", planted);
  }, 60_000);

  it("checks a snapshot taken further along than the history now replayed ends (a shorter file, or one cut after an erasure)", async () => {
    // The read never passes the snapshot's position: it must still be checked at the end of the read.
    const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
    await writeFile(join(dir, "shorter.ndjson"), `${lines.slice(0, Math.ceil(lines.length / 2)).join("\n")}\n`);
    const planted = "x-lives-alone-at-12-high-st";
    const file = await tampered("beyond-end", retained, (snapshot) => {
      const row = firstWithConnections(snapshot);
      expect(row).toBeGreaterThanOrEqual(0);
      snapshot.cases[row]![1].connections![0]!.activity = planted;
    });
    await refused("beyond-end", file, retained, ".connections[0].activity", planted, "shorter.ndjson");
  }, 60_000);

  it("resumes from an untouched snapshot as before", async () => {
    const file = await tampered("untouched", retained, () => undefined);
    expect(file).toContain("community-demand");
    const again = await linkwork(dir, ["replay", "history.ndjson", ...report, ...retained, "--checkpoint", "untouched"]);
    expect(again.code, again.stderr).toBe(0);
  }, 60_000);
});
