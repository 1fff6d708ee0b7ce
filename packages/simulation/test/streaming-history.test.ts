import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, simulateHistoryFile, simulationPolicy, simulationSettings, type SimulationSettingsInput } from "../src/index.js";
import { NetworkSimulation } from "../src/network-simulation.js";
import { streamingHistory } from "../src/streaming-history.js";
import { byStream, exportedText, readAllEvents } from "./recorded-history.js";

const settings: SimulationSettingsInput = { seed: 11, pcns: 1, months: 4, network: { registeredPatients: { min: 8_000, max: 8_000 } } };

let folder = "";
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "linkwork-sim-held-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** The first events of the 1-PCN run, to append by hand. */
async function someEvents() {
  const store = memoryEventStore();
  const held = await simulate({ ...settings, months: 1 }, { store });
  if (E.isLeft(held)) throw new Error(held.left.message);
  const page = await store.readAll({ maxCount: 3 });
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events.map((recorded) => recorded.event);
}

describe("the streaming history's held streams", () => {
  it("holding versions only, answers a read from a stream's end and refuses one from before it, naming the stream", async () => {
    const history = streamingHistory({ rereadable: false });
    const events = await someEvents();
    const appended = await history.store.append("pcn-held1", events, "no_stream");
    expect(appended).toMatchObject({ _tag: "Right", right: { nextExpectedVersion: 3 } });
    expect(await history.store.readStream("pcn-held1", { fromVersion: 3 })).toEqual(E.right([]));
    const early = await history.store.readStream("pcn-held1", { fromVersion: 1 });
    expect(early).toMatchObject({ _tag: "Left", left: { code: "INVALID_STORE_CALL" } });
    expect(E.isLeft(early) ? early.left.message : "").toContain("pcn-held1");
    // The version is kept: an append expecting another is a conflict, as in any store.
    expect(await history.store.append("pcn-held1", events.slice(0, 1), 1)).toMatchObject({
      _tag: "Left",
      left: { code: "CONCURRENCY_CONFLICT" },
    });
    expect(history.heldEvents).toBe(3);
    history.forget("pcn-held1");
    expect(history.heldEvents).toBe(0);
    expect(history.takeLines()).toHaveLength(3);
  });

  it("rereadable, reads a held stream back from any version", async () => {
    const history = streamingHistory({ rereadable: true });
    const events = await someEvents();
    await history.store.append("pcn-held1", events, "no_stream");
    const read = await history.store.readStream("pcn-held1", { fromVersion: 1 });
    expect(E.isRight(read) ? read.right.map((recorded) => [recorded.streamVersion, recorded.event.metadata.eventId]) : read).toEqual(
      events.slice(1).map((event, index) => [index + 2, event.metadata.eventId]),
    );
  });

  it("without the people's truth kept, writes the same bytes and the same figures, with no people listed", async () => {
    const store = memoryEventStore();
    const held = await simulate(settings, { store });
    if (E.isLeft(held)) throw new Error(held.left.message);
    const path = join(folder, "no-truth.ndjson");
    const streamed = await simulateHistoryFile(settings, path, { keepTruth: false });
    if (E.isLeft(streamed)) throw new Error(streamed.left.message);
    expect(await readFile(path, "utf8")).toBe(await exportedText(store));
    const { peakHeldEvents: _peak, trueEffect, ...summary } = streamed.right;
    const { trueEffect: heldEffect, ...heldSummary } = held.right;
    expect(summary).toEqual(heldSummary);
    expect(heldEffect.people.length).toBeGreaterThan(0);
    expect(trueEffect).toEqual({ ...heldEffect, people: [] });
  }, 60_000);
});

describe("the handler's cache size for a run (streamBound)", () => {
  // Defaults, a staggered start (pool people instead of referrals), more comparisons and a long run with a late intake.
  const runs: SimulationSettingsInput[] = [
    settings,
    { ...settings, seed: 3, network: { ...settings.network, staggeredStartMonths: { min: 0, max: 6 } } },
    { ...settings, seed: 5, usage: { comparisonPerReferral: 3 } },
    {
      ...settings,
      seed: 9,
      months: 14,
      intakeMonths: 10,
      network: { registeredPatients: { min: 1_000, max: 1_000 }, listGrowthPerYear: 0.2 },
    },
  ];

  it.each(runs.map((run, index) => [index, run] as const))(
    "is at least the streams run %i writes",
    async (_index, run) => {
      const store = memoryEventStore();
      const held = await simulate(run, { store });
      if (E.isLeft(held)) throw new Error(held.left.message);
      const streams = byStream(await readAllEvents(store)).size;
      const ready = simulationSettings(run);
      if (E.isLeft(ready)) throw new Error(ready.left.message);
      const policy = simulationPolicy(ready.right);
      if (E.isLeft(policy)) throw new Error(policy.left.message);
      const bound = new NetworkSimulation(ready.right, policy.right).streamBound;
      expect(streams).toBeGreaterThan(10);
      expect(bound).toBeGreaterThanOrEqual(streams);
      // Room to spare, not a cache far larger than the run.
      expect(bound).toBeLessThan(streams * 3 + 2_000);
    },
    60_000,
  );
});
