import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, describe, expect, it } from "vitest";
import { readPeopleFile } from "../src/commands/people-file.js";

const line = (n: number) =>
  `${JSON.stringify({ personId: `person_s${String(n).padStart(6, "0")}`, equity: { ageBand: "25-34", sex: "2", ethnicCategory: "A", deprivationDecile: 7 } })}\n`;

describe("people file limits", () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it("refuses one person more than the cap, naming the line, so the lookup stays bounded", async () => {
    folder = await mkdtemp(join(tmpdir(), "people-"));
    const path = join(folder, "people.ndjson");
    await writeFile(path, [1, 2, 3].map(line).join(""));
    const read = await readPeopleFile(path, "people.ndjson", 2);
    expect(E.isLeft(read) && read.left.message).toBe("--people people.ndjson: line 3: more than 2 people");
    const atCap = await readPeopleFile(path, "people.ndjson", 3);
    expect(E.isRight(atCap) && atCap.right.size).toBe(3);
  });

  it("reads a file saved with a byte order mark and Windows line ends (as spreadsheet tools write it) as the same people", async () => {
    folder = await mkdtemp(join(tmpdir(), "people-"));
    const path = join(folder, "people.ndjson");
    await writeFile(path, `\uFEFF${[1, 2].map(line).join("").replaceAll("\n", "\r\n")}`);
    const read = await readPeopleFile(path, "people.ndjson");
    expect(E.isRight(read) && [...read.right.keys()]).toEqual(["person_s000001", "person_s000002"]);
  });

  it("refuses a byte order mark anywhere but the file's start, naming the line", async () => {
    folder = await mkdtemp(join(tmpdir(), "people-"));
    const path = join(folder, "people.ndjson");
    await writeFile(path, `${line(1)}\uFEFF${line(2)}`);
    const read = await readPeopleFile(path, "people.ndjson");
    expect(E.isLeft(read) && read.left.message).toBe("--people people.ndjson: line 2: not valid JSON");
  });
});
