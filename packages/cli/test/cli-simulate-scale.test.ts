import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder } from "./cli-run.js";

let dir = "";
let remove: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
});
afterAll(() => remove());

describe("linkwork simulate --scale", () => {
  it("refuses --scale with --pcns, and an unknown preset, naming the flag and writing nothing", async () => {
    const both = await linkwork(dir, ["simulate", "--seed", "1", "--scale", "national", "--pcns", "3", "--out", "out/a.ndjson"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--scale national sets the PCNs (1250)");
    const unknown = await linkwork(dir, ["simulate", "--seed", "1", "--scale", "regional", "--out", "out/b.ndjson"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--scale");
    expect(await readdir(dir)).not.toContain("out");
  });
});
