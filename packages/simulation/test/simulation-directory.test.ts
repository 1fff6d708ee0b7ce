import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { EventOf, RecordedEvent } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, type SimulationSettingsInput } from "../src/index.js";
import { readAllEvents } from "./recorded-history.js";

// The simulated VCSE directory: providers listed with their capacity, some funded, what providers
// report back on direct referrals, and activity-budget spend. Every command was accepted by linkwork,
// so the decider held each provider's order; these check what was emitted and that the settings steer it.

async function events(settings: SimulationSettingsInput): Promise<RecordedEvent[]> {
  const store = memoryEventStore();
  const result = await simulate(settings, { store });
  if (E.isLeft(result)) throw new Error(result.left.message);
  return readAllEvents(store);
}

function ofType<T extends RecordedEvent["event"]["type"]>(recorded: readonly RecordedEvent[], type: T): EventOf<T>[] {
  return recorded.filter((each) => each.event.type === type).map((each) => each.event as EventOf<T>);
}

const small = { seed: 21, pcns: 2, months: 6, network: { registeredPatients: { min: 15_000, max: 25_000 } } } as const;

describe("the simulated directory", () => {
  it("lists every provider connections name, declares its places, funds some, and providers report back", async () => {
    // Few places, so providers fill up: waiting lists, and declines of people kept waiting.
    const history = await events({
      ...small,
      providers: { placesPerMonth: { min: 1, max: 2 }, perSupportCategory: { min: 1, max: 1 }, gapShare: 0 },
    });
    const listed = ofType(history, "ProviderRegistered");
    const listedIds = new Set(listed.map((event) => event.data.providerId));
    for (const event of ofType(history, "ConnectionMade")) expect(listedIds.has(event.data.providerId as string)).toBe(true);
    expect(
      ofType(history, "ProviderCapacityDeclared")
        .map((event) => event.data.providerId)
        .sort(),
    ).toEqual([...listedIds].sort());
    const funded = ofType(history, "FundingAwarded");
    // 60% funded by default: some are, some are not.
    expect(funded.length).toBeGreaterThan(0);
    expect(funded.length).toBeLessThan(listed.length);
    for (const award of funded) expect(award.data.periodStart).toBe("2025-01-01");
    const updates = new Set(ofType(history, "ProviderUpdateRecorded").map((event) => event.data.update));
    expect([...updates].sort()).toEqual(["accepted", "attended", "declined", "did_not_attend", "finished", "waitlisted"]);
    expect(ofType(history, "ActivityBudgetSpent").length).toBeGreaterThan(0);
  });

  it("follows its settings: no funding, no direct referrals, no activity spend", async () => {
    const history = await events({
      ...small,
      providers: { fundedShare: 0, directReferralShare: 0, activitySpendShare: 0, placesPerMonth: { min: 1, max: 2 } },
    });
    expect(ofType(history, "ProviderRegistered").every((event) => event.data.route === "signposting_only")).toBe(true);
    expect(ofType(history, "FundingAwarded")).toEqual([]);
    expect(ofType(history, "ProviderUpdateRecorded")).toEqual([]);
    expect(ofType(history, "ActivityBudgetSpent")).toEqual([]);
    expect(ofType(history, "ConnectionMade").length).toBeGreaterThan(0);
  });

  it("leaves the case flow as it was: the same referrals and connections whatever the directory's settings", async () => {
    const caseFlow = (history: readonly RecordedEvent[]) =>
      history
        .filter((each) => each.event.type === "ReferralReceived" || each.event.type === "ConnectionMade")
        .map((each) => [each.streamId, each.event.metadata.eventId]);
    const quiet = await events({ ...small, providers: { fundedShare: 0, directReferralShare: 0, activitySpendShare: 0 } });
    expect(caseFlow(await events(small))).toEqual(caseFlow(quiet));
  });
});
