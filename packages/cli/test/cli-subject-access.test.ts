import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

let dir = "";
let remove: () => Promise<void> = async () => undefined;
let personId = "";
let theirCase = "";

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
  const lines = (await readFile(join(dir, "history.ndjson"), "utf8")).split("\n").filter((line) => line.length > 0);
  const referral = lines
    .map((line) => JSON.parse(line) as { streamId: string; type: string; data: { personId?: string } })
    .find((line) => line.type === "ReferralReceived")!;
  personId = referral.data.personId!;
  theirCase = referral.streamId;
});
afterAll(() => remove());

describe("linkwork subject-access", () => {
  it("writes the person's records as JSON and as a page, and never prints their id", async () => {
    const run = await linkwork(dir, ["subject-access", "history.ndjson", "--person", personId, "--out", "request"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^linkwork subject-access: \d+ events in \d+ streams written to request\/subject-access\.json and request\/subject-access\.html\n$/,
    );
    expect(run.stderr + run.stdout).not.toContain(personId);
    const record = JSON.parse(await readFile(join(dir, "request", "subject-access.json"), "utf8")) as {
      personId: string;
      streams: { streamId: string; events: { what: string }[] }[];
    };
    expect(record.personId).toBe(personId);
    expect(record.streams.map((stream) => stream.streamId)).toContain(theirCase);
    expect(record.streams.map((stream) => stream.streamId)).toContain(`person-${personId}`);
    const html = await readFile(join(dir, "request", "subject-access.html"), "utf8");
    expect(html).toContain("You were referred to social prescribing");
    expect(html).not.toMatch(/<script/i);
  });

  it("refuses an unknown person (exit 1) and a malformed id (exit 2) without echoing either", async () => {
    const unknown = await linkwork(dir, ["subject-access", "history.ndjson", "--person", "person_zz9999", "--out", "none"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no event names the person given by --person/);
    expect(unknown.stderr).not.toContain("person_zz9999");
    const malformed = await linkwork(dir, ["subject-access", "history.ndjson", "--person", "Jane Smith 1950", "--out", "none"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).not.toContain("Jane");
    // Shaped like no person id a history can hold (a name with a dot fits a local reference, not a pseudonym).
    const name = await linkwork(dir, ["subject-access", "history.ndjson", "--person", "Jane.Smith", "--out", "none"]);
    expect(name.code, name.stderr).toBe(2);
    expect(name.stderr).toBe("linkwork subject-access: --person: must be a person id as events carry it\n");
  });
});
