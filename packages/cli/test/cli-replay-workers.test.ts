import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

// `linkwork replay --workers N`: the history split by person over worker threads gives the same reports.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
const flags = ["--format", "json", "--windows", "3,6", "--resamples", "300", "--retention-days", "20"];

beforeAll(async () => {
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
});
afterAll(() => remove());

describe("linkwork replay --workers", () => {
  it("prints every report exactly as a one-pass replay does, with two and three workers", async () => {
    const onePass = await linkwork(dir, ["replay", "history.ndjson", ...flags]);
    expect(onePass.code).toBe(0);
    expect(JSON.parse(onePass.stdout)).toHaveProperty("demand-reduction");
    for (const workers of ["2", "3"]) {
      const parallel = await linkwork(dir, ["replay", "history.ndjson", ...flags, "--workers", workers]);
      expect(parallel.stderr).toBe("");
      expect(parallel.code).toBe(0);
      expect(parallel.stdout).toBe(onePass.stdout);
    }
  }, 120_000);

  it("refuses a worker count outside 1-64, and skipping lines in parallel, naming the flag", async () => {
    for (const workers of ["0", "65", "two"]) {
      const run = await linkwork(dir, ["replay", "history.ndjson", "--workers", workers]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--workers");
    }
    const skip = await linkwork(dir, ["replay", "history.ndjson", "--workers", "2", "--on-error", "skip"]);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toContain("--workers");
  });
});
