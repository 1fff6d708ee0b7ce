import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { evolveCase, initialCaseState, streamCategory, type CaseEvent, type EventOf, type RecordedEvent } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, type SimulationSettingsInput, type SimulationSummary } from "../src/index.js";
import { byStream, readAllEvents } from "./recorded-history.js";

async function run(settings: SimulationSettingsInput): Promise<{ summary: SimulationSummary; events: RecordedEvent[] }> {
  const store = memoryEventStore();
  const result = await simulate(settings, { store });
  if (E.isLeft(result)) throw new Error(result.left.message);
  return { summary: result.right, events: await readAllEvents(store) };
}

function ofType<T extends RecordedEvent["event"]["type"]>(events: readonly RecordedEvent[], type: T): EventOf<T>[] {
  return events.filter((recorded) => recorded.event.type === type).map((recorded) => recorded.event as EventOf<T>);
}

const small = { pcns: 2, months: 6, network: { registeredPatients: { min: 15_000, max: 25_000 } } } as const;

describe("the simulated network", () => {
  it("under a GP-only scheme refers people from GPs and practice staff only", async () => {
    const { summary, events } = await run({ seed: 11, ...small, scheme: "gp-only" });
    const sources = new Set(ofType(events, "ReferralReceived").map((event) => event.data.source));
    expect([...sources].sort()).toEqual(["gp", "practice_staff"]);
    expect(summary.referrals).toBeGreaterThan(100);
  });

  it("with few places at providers puts people on waiting lists and records the unmet need", async () => {
    const { events } = await run({
      seed: 12,
      ...small,
      providers: { placesPerMonth: { min: 1, max: 1 }, perSupportCategory: { min: 1, max: 1 }, gapShare: 0 },
    });
    const reasons = ofType(events, "UnmetNeedRecorded").map((event) => event.data.reason);
    expect(reasons.filter((reason) => reason === "provider_full").length).toBeGreaterThan(10);
    expect(reasons.filter((reason) => reason === "waiting_list").length).toBeGreaterThan(10);
    // Every kind of support has a provider, so no need goes unmet for want of provision.
    expect(reasons).not.toContain("no_provision");
    expect(ofType(events, "ConnectionOutcomeRecorded").some((event) => event.data.outcome === "waiting_list")).toBe(true);
    for (const event of ofType(events, "UnmetNeedRecorded")) {
      if (event.data.reason === "provider_full" || event.data.reason === "waiting_list") expect(event.data.providerId).toBeDefined();
    }
  });

  it("with no community provision connects no one and records every need as having no provision", async () => {
    const { events } = await run({ seed: 13, ...small, months: 3, providers: { gapShare: 1 } });
    expect(ofType(events, "ConnectionMade")).toEqual([]);
    const reasons = new Set(ofType(events, "UnmetNeedRecorded").map((event) => event.data.reason));
    expect(reasons.has("no_provision")).toBe(true);
    expect(reasons.has("provider_full")).toBe(false);
  });

  it("reassigns a leaving worker's open cases, so no open case is left with someone who has gone", async () => {
    const { summary, events } = await run({
      seed: 14,
      ...small,
      linkWorkers: { leaveProbabilityPerMonth: 0.4, joinProbabilityPerMonth: 0.3 },
    });
    expect(summary.linkWorkers.left).toBeGreaterThan(0);
    expect(summary.linkWorkers.reassignments).toBeGreaterThan(0);
    const leftAt = new Map(ofType(events, "LinkWorkerLeft").map((event) => [event.data.linkWorkerId, event.metadata.occurredAt] as const));
    const problems: string[] = [];
    for (const [streamId, recorded] of byStream(events)) {
      if (streamCategory(streamId) !== "case") continue;
      let state = initialCaseState;
      for (const { event } of recorded) {
        // Whoever holds the case when an event happens is still employed then (the GP record sync's
        // acknowledgements, after an ended case too, are the practice system's, not the holder's).
        const holder = state.linkWorkerId;
        const gone = holder === null ? undefined : leftAt.get(holder);
        if (gone !== undefined && event.type !== "GpRecordEntriesSent" && event.metadata.occurredAt > gone)
          problems.push(`${streamId}: ${event.type} after ${holder} left`);
        state = evolveCase(state, event as CaseEvent);
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers COMMAND_REFUSED naming the command when the store already holds a clashing history", async () => {
    const store = memoryEventStore();
    const first = await simulate({ seed: 15, pcns: 1, months: 1 }, { store });
    expect(E.isRight(first)).toBe(true);
    const second = await simulate({ seed: 16, pcns: 1, months: 1 }, { store });
    if (E.isRight(second)) throw new Error("expected the clashing run to be refused");
    expect(second.left.code).toBe("COMMAND_REFUSED");
    if (second.left.code !== "COMMAND_REFUSED") throw new Error("unreachable");
    // The second run's first worker has the id the first run gave its first worker.
    expect(second.left.command.type).toBe("RegisterLinkWorker");
    expect(second.left.error.code).toBe("INVALID_TRANSITION");
    expect(second.left.message).toContain("RegisterLinkWorker");
  });

  it("writes nothing new when the same run is repeated into the same store (command ids are reproducible)", async () => {
    const store = memoryEventStore();
    const first = await simulate({ seed: 17, pcns: 1, months: 1 }, { store });
    const written = (await readAllEvents(store)).length;
    const again = await simulate({ seed: 17, pcns: 1, months: 1 }, { store });
    if (E.isLeft(first) || E.isLeft(again)) throw new Error("a run was refused");
    expect(first.right.events).toBe(written);
    expect(again.right.events).toBe(0);
    expect(again.right.commands).toBe(first.right.commands);
    expect((await readAllEvents(store)).length).toBe(written);
  });

  it("reports its progress day by day, ending with the whole run", async () => {
    const progress: { day: number; days: number; commands: number }[] = [];
    const result = await simulate({ seed: 18, pcns: 1, months: 1 }, { onProgress: (step) => progress.push(step) });
    if (E.isLeft(result)) throw new Error(result.left.message);
    expect(progress.length).toBeGreaterThan(20);
    expect(progress.at(-1)).toEqual({ day: 31, days: 31, commands: result.right.commands });
    for (let index = 1; index < progress.length; index++) expect(progress[index]!.day).toBeGreaterThan(progress[index - 1]!.day);
  });
});
