import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedEvent } from "@linkwork/core";
import { demandReductionProjection, demandReductionReport, windowDays, type DemandReductionWindow } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, trueEffectAfterIndex, type PersonTruth } from "../src/index.js";
import { readAllEvents } from "./recorded-history.js";

/**
 * Does the demand-reduction read model recover an effect we know? Fifty seeded networks, each one
 * PCN of 40,000 patients taking referrals for four months (about 190 referred people, each with a
 * comparison person selected at a peak of use the same way), followed until everyone's 6-month after
 * window is over. GP usage is recorded 7 months either side of the index date, enough to cover the
 * read model's 183-day windows whatever day of the month the index date falls on.
 *
 * Truth, per seed and group: the mean over the group's people of the expected GP appointments in
 * their after window (the 183 days after the index date) as simulated minus the expected
 * appointments without the service — `trueEffectAfterIndex`, which apportions monthly counts by days
 * exactly as the read model does. The before windows are the same with or without the service, so
 * this is what the difference in differences estimates, in the same units (appointments per person
 * over the window).
 */

const SEEDS = Array.from({ length: 50 }, (_, index) => index + 1);
const WINDOW_MONTHS = 6;
const PLACEBO_WINDOW_MONTHS = 3;

interface SeedResult {
  readonly seed: number;
  readonly window: DemandReductionWindow;
  readonly shortWindow: DemandReductionWindow;
  readonly truth: { readonly intentionToTreat: number; readonly engaged: number };
  readonly engagedPeople: number;
  readonly referredPeople: number;
}

const mean = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0) / values.length;

function truthOf(people: readonly PersonTruth[]): number {
  return mean(people.map((person) => trueEffectAfterIndex(person, windowDays(WINDOW_MONTHS))));
}

async function runSeed(seed: number): Promise<SeedResult> {
  const store = memoryEventStore();
  const result = await simulate(
    {
      seed,
      pcns: 1,
      months: 11,
      intakeMonths: 4,
      network: { registeredPatients: { min: 40_000, max: 40_000 } },
      usage: { windowMonths: 7 },
    },
    { store },
  );
  if (E.isLeft(result)) throw new Error(result.left.message);
  // The estimate comes from the read model, projected over the store's events.
  const built = demandReductionProjection();
  if (E.isLeft(built)) throw new Error(built.left.message);
  const projection = built.right;
  const state = (await readAllEvents(store)).reduce(
    (current, recorded: RecordedEvent) => projection.apply(current, recorded),
    projection.initialState(),
  );
  // The short window's records reach back over its placebo windows too (2 × 3 months < 7).
  const report = demandReductionReport(state, { windowsMonths: [WINDOW_MONTHS, PLACEBO_WINDOW_MONTHS], seed, resamples: 1000 });
  if (E.isLeft(report)) throw new Error(report.left.message);
  const [window, shortWindow] = report.right.windows;
  if (window === undefined || shortWindow === undefined) throw new Error("the report has no window");
  const referred = result.right.trueEffect.people.filter((person) => person.role === "referred");
  const engaged = referred.filter((person) => person.engaged);
  return {
    seed,
    window,
    shortWindow,
    truth: { intentionToTreat: truthOf(referred), engaged: truthOf(engaged) },
    engagedPeople: engaged.length,
    referredPeople: referred.length,
  };
}

let results: SeedResult[];

beforeAll(async () => {
  results = [];
  for (const seed of SEEDS) results.push(await runSeed(seed));
}, 300_000);

function estimates(select: (window: DemandReductionWindow) => DemandReductionWindow["engaged"]) {
  return results.map((result) => {
    const did = select(result.window).allPeople.differenceInDifferences;
    const beforeAfter = select(result.window).allPeople.beforeAfter;
    if (did.kind !== "estimate" || beforeAfter.kind !== "estimate") throw new Error(`seed ${result.seed}: no estimate`);
    return { did, naive: beforeAfter.meanChange.estimate };
  });
}

describe("the difference-in-differences estimate of demand reduction, against a known effect", () => {
  it("counts exactly the people the truth is averaged over", () => {
    for (const { window, referredPeople, engagedPeople } of results) {
      expect(window.intentionToTreat.included).toBe(referredPeople);
      expect(window.engaged.included).toBe(engagedPeople);
      expect(window.comparison.included).toBe(referredPeople);
      expect(referredPeople).toBeGreaterThan(140);
    }
  });

  it("covers the truth with its 95% interval in at least 90% of seeds, for everyone referred and for engaged people", () => {
    const itt = estimates((window) => window.intentionToTreat);
    const engaged = estimates((window) => window.engaged);
    const covered = (interval: { lower: number; upper: number }, truth: number) => interval.lower <= truth && truth <= interval.upper;
    const ittCovered = results.filter((result, index) => covered(itt[index]!.did.bootstrap, result.truth.intentionToTreat)).length;
    const engagedCovered = results.filter((result, index) => covered(engaged[index]!.did.bootstrap, result.truth.engaged)).length;
    const normalCovered = results.filter((result, index) =>
      covered(itt[index]!.did.normalApproximation, result.truth.intentionToTreat),
    ).length;
    expect(ittCovered / SEEDS.length).toBeGreaterThanOrEqual(0.9);
    expect(engagedCovered / SEEDS.length).toBeGreaterThanOrEqual(0.9);
    expect(normalCovered / SEEDS.length).toBeGreaterThanOrEqual(0.9);
  });

  it("is unbiased across seeds: its mean error is small beside the effect", () => {
    const itt = estimates((window) => window.intentionToTreat);
    const meanError = mean(results.map((result, index) => itt[index]!.did.estimate - result.truth.intentionToTreat));
    const meanTruth = mean(results.map((result) => result.truth.intentionToTreat));
    expect(meanTruth).toBeLessThan(-0.5);
    expect(Math.abs(meanError)).toBeLessThan(0.15);
  });

  it("shows the naive before/after change overstating the effect, because people are referred at a peak", () => {
    const itt = estimates((window) => window.intentionToTreat);
    const overstated = results.filter((result, index) => itt[index]!.naive < result.truth.intentionToTreat).length;
    const meanBias = mean(results.map((result, index) => itt[index]!.naive - result.truth.intentionToTreat));
    expect(overstated / SEEDS.length).toBeGreaterThanOrEqual(0.9);
    expect(meanBias).toBeLessThan(-0.3);
  });
});

describe("the matched comparison, where matching can work (comparators selected at a peak, as the referred)", () => {
  const matchedOf = (window: DemandReductionWindow) => {
    if (window.matched.kind !== "matched") throw new Error("no matched comparison");
    return window.matched;
  };

  // With one comparator enrolled per referral, matched without replacement in the same month and
  // PCN, the people with the highest use find no comparator within the caliper: a quarter or so are
  // counted apart. The truth is averaged over everyone referred; the effect per engaged person is
  // the same whoever is matched, so the two targets differ only by the engaged share of the unmatched.
  it("matches most people, and balances use in the before window", () => {
    for (const { window } of results) {
      const matched = matchedOf(window);
      expect(matched.pairs + matched.unmatched).toBe(matched.referred);
      expect(matched.unmatched / matched.referred).toBeLessThan(0.35);
      const prior = matched.balance[0]!;
      expect(Math.abs(prior.afterMatching.standardisedMeanDifference!)).toBeLessThan(0.1);
    }
  });

  it("covers the truth with its 95% interval in at least 90% of seeds", () => {
    const covered = results.filter(({ window, truth }) => {
      const did = matchedOf(window).differenceInDifferences;
      if (did.kind !== "estimate") throw new Error(did.detail);
      return did.bootstrap.lower <= truth.intentionToTreat && truth.intentionToTreat <= did.bootstrap.upper;
    }).length;
    expect(covered / SEEDS.length).toBeGreaterThanOrEqual(0.9);
  });

  it("passes its pre-trend check in most seeds: the placebo is near zero", () => {
    const verdicts = results.map(({ shortWindow }) => matchedOf(shortWindow).preTrend.verdict);
    expect(verdicts.filter((verdict) => verdict === "cannot-tell")).toEqual([]);
    expect(verdicts.filter((verdict) => verdict === "near-zero").length / SEEDS.length).toBeGreaterThanOrEqual(0.85);
  });
});
