import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { peopleFileWriter, writePeopleFile, type PeopleFileLine } from "../src/commands/people-file.js";

const person = (n: number, decile: number): PeopleFileLine => ({
  personId: `person_s${String(n).padStart(6, "0")}`,
  equity: { ageBand: "25-34", sex: "2", ethnicCategory: "A", deprivationDecile: decile },
});

describe("people file written as the people come", () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it("for any people, in chunks or not, writes the same bytes as writing them all at once", async () => {
    folder = await mkdtemp(join(tmpdir(), "people-writer-"));
    const dir = folder;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 2_500 }), async (deciles) => {
        run += 1;
        const people = deciles.map((decile, index) => person(index + 1, decile));
        const streamed = join(dir, `streamed-${run}.ndjson`);
        const whole = join(dir, `whole-${run}.ndjson`);
        const writer = peopleFileWriter(streamed);
        for (const [index, next] of people.entries()) {
          writer.add(next);
          // The run yields now and then, as the simulation does while its history is written.
          if (index % 700 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await writer.finish();
        await writePeopleFile(whole, people);
        expect(writer.count).toBe(people.length);
        expect(await readFile(streamed, "utf8")).toBe(await readFile(whole, "utf8"));
      }),
      { numRuns: 15 },
    );
  });

  it("abandoned, it leaves no file, not even a partial one", async () => {
    folder = await mkdtemp(join(tmpdir(), "people-writer-"));
    const writer = peopleFileWriter(join(folder, "people.ndjson"));
    for (let n = 1; n <= 3_000; n++) writer.add(person(n, 5));
    await new Promise((resolve) => setImmediate(resolve));
    await writer.abandon();
    expect(await readdir(folder)).toEqual([]);
  });

  it("a file that cannot be written makes finish reject, and no file appears", async () => {
    folder = await mkdtemp(join(tmpdir(), "people-writer-"));
    const writer = peopleFileWriter(join(folder, "missing-folder", "people.ndjson"));
    for (let n = 1; n <= 2_000; n++) writer.add(person(n, 5));
    await expect(writer.finish()).rejects.toThrow();
    expect(await readdir(folder)).toEqual([]);
  });
});
