import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, simulateHistoryFile, type SimulationSettingsInput } from "../src/index.js";
import { exportedText } from "./recorded-history.js";

// A year with short usage windows, so people finish being recorded within the run and their streams are let go.
const settings: SimulationSettingsInput = {
  seed: 42,
  pcns: 2,
  months: 12,
  intakeMonths: 6,
  network: { registeredPatients: { min: 12_000, max: 20_000 } },
  usage: { windowMonths: 2 },
};

let folder = "";
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "linkwork-sim-stream-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("simulating straight into a history file", () => {
  it("writes the same bytes as a run into a store then exported, with the same summary", async () => {
    const store = memoryEventStore();
    const held = await simulate(settings, { store });
    if (E.isLeft(held)) throw new Error(held.left.message);
    const path = join(folder, "streamed.ndjson");
    const streamed = await simulateHistoryFile(settings, path);
    if (E.isLeft(streamed)) throw new Error(streamed.left.message);
    const expected = await exportedText(store);
    expect(expected.length).toBeGreaterThan(100_000);
    expect(await readFile(path, "utf8")).toBe(expected);
    const { peakHeldEvents, ...summary } = streamed.right;
    expect(summary).toEqual(held.right);
    // Memory follows what is open: closed cases and people done with are let go as the run goes.
    expect(peakHeldEvents).toBeGreaterThan(0);
    expect(peakHeldEvents).toBeLessThan(held.right.events / 2);
  }, 120_000);

  it("gives the same bytes when the command handler's cache is tiny and streams are read back from the held lines", async () => {
    const small = { ...settings, months: 6, intakeMonths: 3 };
    const store = memoryEventStore();
    const held = await simulate(small, { store });
    if (E.isLeft(held)) throw new Error(held.left.message);
    const path = join(folder, "tiny-cache.ndjson");
    const streamed = await simulateHistoryFile(small, path, { cacheSize: 8 });
    if (E.isLeft(streamed)) throw new Error(streamed.left.message);
    expect(await readFile(path, "utf8")).toBe(await exportedText(store));
  }, 120_000);

  it("leaves no file when the simulation stops, and says why", async () => {
    const path = join(folder, "refused.ndjson");
    const result = await simulateHistoryFile({ ...settings, pcns: 0 }, path);
    expect(result).toMatchObject({ _tag: "Left", left: { code: "INVALID_SETTINGS" } });
    expect(await readdir(folder)).not.toContain("refused.ndjson");
  });

  it("fails with WRITE_FAILED, and no file, when the folder cannot be written", async () => {
    const path = join(folder, "no-such-folder", "history.ndjson");
    const result = await simulateHistoryFile({ ...settings, months: 2, intakeMonths: 1 }, path);
    expect(result).toMatchObject({ _tag: "Left", left: { code: "WRITE_FAILED" } });
  }, 60_000);
});
