import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import { demandReductionProjection, demandReductionReport, windowDays, type DemandReductionWindow } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, trueEffectAfterIndex, type SimulationSettingsInput } from "../src/index.js";
import { readAllEvents } from "./recorded-history.js";

/**
 * Comparisons that are wrong on purpose, and the pre-trend check that should catch them. Two
 * scenarios of small seeded networks (one PCN of 30,000 patients taking referrals for three months,
 * about 100 referred people and two comparison people per referral), each over 20 seeds:
 *
 * - "no-peak": comparison people come from the general population, with no peak of use before
 *   their index date. Matching on use in the before window then picks people whose use is high all
 *   the time; the referred fall back from their peak and the comparators do not.
 * - "trend": comparison people are selected at a peak like the referred but their use rises by 12
 *   appointments a year for every year (a practice whose recording changed, say).
 *
 * In both, the matched estimate is biased, and the placebo (the same estimator on the two 3-month
 * windows before the index date) is not near zero in most seeds, which is what the report warns of.
 */

const SEEDS = Array.from({ length: 20 }, (_, index) => index + 101);
const WINDOW_MONTHS = 3;

interface Outcome {
  readonly window: DemandReductionWindow;
  readonly truth: number;
}

async function runSeed(seed: number, usage: NonNullable<SimulationSettingsInput["usage"]>): Promise<Outcome> {
  const store = memoryEventStore();
  const result = await simulate(
    {
      seed,
      pcns: 1,
      months: 8,
      intakeMonths: 3,
      network: { registeredPatients: { min: 30_000, max: 30_000 } },
      usage: { windowMonths: 7, comparisonPerReferral: 2, ...usage },
    },
    { store },
  );
  if (E.isLeft(result)) throw new Error(result.left.message);
  const built = demandReductionProjection();
  if (E.isLeft(built)) throw new Error(built.left.message);
  const projection = built.right;
  const state = (await readAllEvents(store)).reduce(projection.apply, projection.initialState());
  const report = demandReductionReport(state, { windowsMonths: [WINDOW_MONTHS], seed, resamples: 500 });
  if (E.isLeft(report)) throw new Error(report.left.message);
  const window = report.right.windows[0];
  if (window === undefined) throw new Error("the report has no window");
  const referred = result.right.trueEffect.people.filter((person) => person.role === "referred");
  const truth = referred.reduce((total, person) => total + trueEffectAfterIndex(person, windowDays(WINDOW_MONTHS)), 0) / referred.length;
  return { window, truth };
}

const scenarios = {
  "no-peak": { comparisonSelection: "no-peak" },
  trend: { comparisonTrendPerYear: 12 },
} as const;
const outcomes = new Map<keyof typeof scenarios, Outcome[]>();

beforeAll(async () => {
  for (const [name, usage] of Object.entries(scenarios) as [keyof typeof scenarios, (typeof scenarios)[keyof typeof scenarios]][]) {
    const found: Outcome[] = [];
    for (const seed of SEEDS) found.push(await runSeed(seed, usage));
    outcomes.set(name, found);
  }
}, 300_000);

function matchedOf(window: DemandReductionWindow) {
  if (window.matched.kind !== "matched") throw new Error("no matched comparison");
  return window.matched;
}

type Comparison = "matched" | "cohort";

/** A comparison's DiD and pre-trend check in one window. */
function comparisonOf(window: DemandReductionWindow, comparison: Comparison) {
  if (comparison === "matched") {
    const matched = matchedOf(window);
    return { did: matched.differenceInDifferences, preTrend: matched.preTrend };
  }
  if (window.preTrend.kind === "no-comparison-cohort") throw new Error("no comparison cohort");
  const preTrend = window.preTrend;
  return { did: window.intentionToTreat.allPeople.differenceInDifferences, preTrend };
}

/**
 * Which comparison each scenario biases most. Without a peak, the whole cohort falls less than the
 * referred (no regression to the mean), while matching on use in the before window picks comparators
 * whose level was as high and repairs much of it; its placebo still sees that their use did not rise
 * into the index date as the referred's did. With a trend of their own, matching cannot help: the
 * matched pairs are biased and so, less, is the whole cohort.
 */
const cases: [keyof typeof scenarios, Comparison, Comparison][] = [
  ["no-peak", "cohort", "matched"],
  ["trend", "matched", "cohort"],
];

describe.each(cases)("a biased comparison pool (%s)", (name, biased, other) => {
  it("gives every seed a placebo estimate, with everyone's follow-up over", () => {
    for (const { window } of outcomes.get(name)!) {
      expect(window.intentionToTreat.followUpIncomplete).toBe(0);
      expect(comparisonOf(window, "matched").preTrend.verdict).not.toBe("cannot-tell");
      expect(comparisonOf(window, "cohort").preTrend.verdict).not.toBe("cannot-tell");
      expect(matchedOf(window).pairs).toBeGreaterThan(50);
    }
  });

  it(`biases the ${biased} estimate: its 95% interval misses the truth in at least half the seeds`, () => {
    const missed = outcomes.get(name)!.filter(({ window, truth }) => {
      const { did } = comparisonOf(window, biased);
      if (did.kind !== "estimate") throw new Error(did.detail);
      return truth < did.bootstrap.lower || did.bootstrap.upper < truth;
    }).length;
    expect(missed / SEEDS.length).toBeGreaterThanOrEqual(0.5);
  });

  it(`is flagged by the ${biased} comparison's pre-trend check in at least 75% of seeds, and by the ${other}'s in at least half`, () => {
    const flagged = (comparison: Comparison) =>
      outcomes.get(name)!.filter(({ window }) => comparisonOf(window, comparison).preTrend.verdict === "not-near-zero").length /
      SEEDS.length;
    expect(flagged(biased)).toBeGreaterThanOrEqual(0.75);
    expect(flagged(other)).toBeGreaterThanOrEqual(0.5);
  });
});
