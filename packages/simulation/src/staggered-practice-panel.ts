import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { validationFailed, type DomainError } from "@linkwork/core";
import { counterfactualRate, drawUsageProfile, expectedRate } from "./healthcare-usage-model.js";
import { SimulationRandom } from "./simulation-random.js";
import { SimulationSettings } from "./simulation-settings.js";

/**
 * A staggered start across practices, as a practice-by-quarter panel: the design of the national
 * evaluation (practices starting social prescribing on different dates, GP appointments per patient
 * per quarter). It uses the usage model of the simulator (healthcare-usage-model.ts) person by person
 * but writes no history: estimator validation needs many seeds of it, and a panel of practice means
 * is what the staggered estimator reads (the demand-reduction read model builds the same panel from
 * recorded usage; see docs/statistics.md).
 *
 * Each practice has a list of people, each with a baseline rate. Over the quarters, some people hit
 * a peak of use (at a month drawn uniformly), as people who get referred do; if their practice has
 * started by then they are referred, and engaged people get the true effect from the month after.
 * Where the practice has not started, the same peak passes with no one intervening. Every quarter has
 * a shock shared by all practices (a winter, a change in access), which a comparison of started and
 * not-yet-started practices removes. So parallel trends hold by construction and the truth is known.
 */

const Probability = z.number().min(0).max(1);

export const StaggeredPanelSettings = z
  .object({
    seed: z.number().int().min(-2_147_483_648).max(2_147_483_647),
    practices: z.number().int().min(2).max(2_000).default(100),
    /** People on each practice's list who are followed (a sample of the list). */
    peoplePerPractice: z.number().int().min(1).max(10_000).default(30),
    quarters: z.number().int().min(2).max(40).default(8),
    /** Quarters (0 = the first) in which a practice may start, uniformly; the others never start within the panel. */
    firstStartQuarter: z.number().int().min(1).max(39).default(2),
    lastStartQuarter: z.number().int().min(1).max(39).default(6),
    /** Share of practices that do not start within the panel. */
    notStartedShare: Probability.default(0.25),
    /** Chance that a person hits a peak of use (and, at a started practice, is referred) within the panel. */
    peakShare: Probability.default(0.5),
    /** Chance that a referred person engages, and so gets the true effect. */
    engagedShare: Probability.default(0.7),
    /** Standard deviation of the quarter's shared shock, as a share of use. */
    quarterShockSd: z.number().min(0).max(1).default(0.1),
    /** The usage model (baselines, peaks, true effect): the simulator's `usage` settings. */
    usage: SimulationSettings.shape.usage,
  })
  .refine((settings) => settings.firstStartQuarter <= settings.lastStartQuarter, {
    message: "is before firstStartQuarter",
    path: ["lastStartQuarter"],
  });
export type StaggeredPanelSettings = z.output<typeof StaggeredPanelSettings>;
export type StaggeredPanelSettingsInput = z.input<typeof StaggeredPanelSettings>;

/** One practice: when it started (quarter, null: not within the panel), its mean use per person each quarter, and the truth. */
export interface PanelPractice {
  readonly id: string;
  readonly start: number | null;
  /** Mean GP appointments per person in each quarter, as recorded (Poisson counts). */
  readonly outcomes: readonly number[];
  /** Expected appointments per person with the service minus without it, each quarter: 0 before the start. */
  readonly trueEffect: readonly number[];
}

/** Simulates the panel; a bad setting is a VALIDATION_FAILED naming it. */
export function simulateStaggeredPanel(input: StaggeredPanelSettingsInput): E.Either<DomainError, PanelPractice[]> {
  const parsed = StaggeredPanelSettings.safeParse(input);
  if (!parsed.success) return E.left(validationFailed("staggered panel settings", parsed.error));
  const settings = parsed.data;
  const root = SimulationRandom.fromSeed(settings.seed);
  const structure = root.split();
  const people = root.split();
  const months = settings.quarters * 3;
  const shocks = Array.from({ length: settings.quarters }, () => Math.max(-0.9, settings.quarterShockSd * standardNormal(structure)));
  const practices: PanelPractice[] = [];
  for (let number = 1; number <= settings.practices; number++) {
    const start = structure.chance(settings.notStartedShare)
      ? null
      : structure.integer(settings.firstStartQuarter, settings.lastStartQuarter);
    const totals = new Array<number>(settings.quarters).fill(0);
    const effects = new Array<number>(settings.quarters).fill(0);
    for (let person = 0; person < settings.peoplePerPractice; person++) {
      const peakMonth = people.chance(settings.peakShare) ? people.integer(0, months - 1) : null;
      const referred = peakMonth !== null && start !== null && peakMonth >= start * 3;
      const engaged = referred && people.chance(settings.engagedShare);
      const profile = drawUsageProfile(people, settings.usage, "referred", engaged);
      // Without a peak the person is at their baseline all along.
      const usual = peakMonth === null ? { ...profile, peakMultiplier: 0 } : profile;
      for (let month = 0; month < months; month++) {
        const offset = month - (peakMonth ?? 0);
        const quarter = Math.floor(month / 3);
        const shock = 1 + shocks[quarter]!;
        const without = counterfactualRate(usual, offset, settings.usage) * shock;
        const withService = expectedRate(usual, offset, settings.usage) * shock;
        totals[quarter]! += people.poisson(withService);
        effects[quarter]! += withService - without;
      }
    }
    practices.push({
      id: `P${String(number).padStart(4, "0")}`,
      start,
      outcomes: totals.map((total) => total / settings.peoplePerPractice),
      trueEffect: effects.map((effect) => effect / settings.peoplePerPractice),
    });
  }
  return E.right(practices);
}

/** A standard normal draw (Box-Muller). */
function standardNormal(random: SimulationRandom): number {
  const u = Math.max(random.uniform(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.uniform());
}
