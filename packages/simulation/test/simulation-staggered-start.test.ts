import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { EventOf } from "@linkwork/core";
import { demandReductionProjection, demandReductionReport } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate } from "../src/index.js";
import { readAllEvents } from "./recorded-history.js";

// A history with a staggered start (network.staggeredStartMonths): practices start on different
// dates, refer no one before, and the demand-reduction report finds the staggered design in it.
describe("a simulation with a staggered start across practices", () => {
  it("records each practice's start, refers no one before it, and gives the report a staggered design", async () => {
    const store = memoryEventStore();
    const settings = {
      seed: 11,
      pcns: 2,
      months: 18,
      network: {
        registeredPatients: { min: 12_000, max: 12_000 },
        practicesPerPcn: { min: 4, max: 4 },
        staggeredStartMonths: { min: 4, max: 20 },
      },
      usage: { windowMonths: 9, comparisonPerReferral: 0 },
    } as const;
    const summary = await simulate(settings, { store });
    if (E.isLeft(summary)) throw new Error(summary.left.message);
    const events = await readAllEvents(store);
    const starts = new Map(
      events
        .map((recorded) => recorded.event)
        .filter((event): event is EventOf<"SocialPrescribingStarted"> => event.type === "SocialPrescribingStarted")
        .map((event) => [event.data.practiceId, event.data.startDate] as const),
    );
    // Starts drawn from months 4-20 of an 18-month run: some practices start within it, some do not.
    expect(starts.size).toBeGreaterThan(1);
    expect(starts.size).toBeLessThan(8);
    const referrals = events
      .map((recorded) => recorded.event)
      .filter((event): event is EventOf<"ReferralReceived"> => event.type === "ReferralReceived");
    expect(referrals.length).toBeGreaterThan(20);
    for (const referral of referrals) {
      const start = starts.get(referral.data.practiceId);
      expect(start).toBeDefined();
      expect(referral.metadata.occurredAt.slice(0, 10) >= start!).toBe(true);
    }
    // People at a peak in practices not yet started join the comparison pool instead.
    expect(summary.right.comparisonPeople).toBeGreaterThan(20);

    const built = demandReductionProjection({ maxWindowMonths: 12 });
    if (E.isLeft(built)) throw new Error(built.left.message);
    const state = events.reduce(built.right.apply, built.right.initialState());
    const report = demandReductionReport(state, { windowsMonths: [3], seed: 1, resamples: 200 });
    if (E.isLeft(report)) throw new Error(report.left.message);
    const staggered = report.right.staggered;
    if (staggered.kind !== "staggered") throw new Error(staggered.detail);
    expect(staggered.practices).toBe(8);
    expect(staggered.startedWithin + staggered.startedBefore + staggered.notStarted).toBe(8);
    expect(staggered.startedWithin).toBeGreaterThanOrEqual(2);
    if (staggered.estimate.kind !== "estimate") throw new Error(staggered.estimate.detail);
    expect(staggered.estimate.eventStudy.some((effect) => effect.eventTime >= 0)).toBe(true);
    expect(staggered.estimate.eventStudy.some((effect) => effect.eventTime <= -2)).toBe(true);
  });
});
