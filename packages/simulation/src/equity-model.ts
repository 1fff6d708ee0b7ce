import { z } from "zod";
import { AgeBand, CensusEthnicGroup, DecileKey, PersonSex, type EquityFields, type EthnicCategory } from "@linkwork/core/vocabulary";
import { WeightedChoice, type SimulationRandom } from "./simulation-random.js";

// Who is on the practices' lists and who gets referred, by the person register's equity fields.
// Each field is drawn on its own (independently of the others): a list's composition is its list
// times each field's shares, and a referred person's group is drawn with weights share x relative
// referral rate, so the true rate of a group follows from the settings alone (trueReferralRate).

const Weight = z.number().min(0, "weights are 0 or more").max(1_000_000);
const Multiplier = z.number().min(0, "multipliers are 0 or more").max(10, "multipliers are at most 10");

/** Per field, a record from its groups to a number. */
function byField<T extends z.ZodType>(value: T) {
  return {
    ageBand: z.partialRecord(AgeBand, value),
    sex: z.partialRecord(PersonSex, value),
    ethnicGroup: z.partialRecord(CensusEthnicGroup, value),
    deprivationDecile: z.partialRecord(DecileKey, value),
  };
}

/** The fields the simulator gives people, in the order the equity report shows them. */
export const simulatedFields = ["ageBand", "sex", "ethnicGroup", "deprivationDecile"] as const;
export type SimulatedField = (typeof simulatedFields)[number];

/** A field's groups, in order. */
export function simulatedGroups(field: SimulatedField): readonly string[] {
  switch (field) {
    case "ageBand":
      return AgeBand.options;
    case "sex":
      return PersonSex.options;
    case "ethnicGroup":
      return CensusEthnicGroup.options;
    case "deprivationDecile":
      return DecileKey.options;
  }
}

const everyDecile = Object.fromEntries(DecileKey.options.map((decile) => [decile, 1]));

export const EquitySimulationSettings = z
  .object({
    /**
     * Shares of each practice's list by group (relative weights). Defaults: sex and the census
     * high-level ethnic groups of England and Wales at the 2021 Census (51.0% female; White 81.7%,
     * Asian 9.3%, Black 4.0%, Mixed 2.9%, Other 2.1%: ONS via
     * https://www.ethnicity-facts-figures.service.gov.uk/uk-population-by-ethnicity/national-and-regional-populations/population-of-england-and-wales/latest);
     * a tenth of the list in each deprivation decile (deciles split England's small areas in ten);
     * the age bands are an assumption of the simulator, roughly an English list, not a cited figure.
     */
    shares: z.object(byField(Weight)).default({
      ageBand: { "0-17": 21, "18-24": 8, "25-34": 14, "35-44": 13, "45-54": 13, "55-64": 12, "65-74": 10, "75-84": 6, "85+": 3 },
      sex: { "1": 49, "2": 51 },
      ethnicGroup: { white: 81.7, asian: 9.3, black: 4, mixed: 2.9, other: 2.1 },
      deprivationDecile: everyDecile,
    }),
    /**
     * How much more (above 1) or less (below 1) often a group is referred than its share of the list
     * says; unnamed groups 1. The defaults are the simulator's assumption, to give the equity report
     * known differences to recover, not evidence about social prescribing.
     */
    relativeReferral: z.object(byField(Multiplier)).default({
      ageBand: { "0-17": 0.2, "65-74": 1.3, "75-84": 1.6, "85+": 1.6 },
      sex: {},
      ethnicGroup: { asian: 0.5, black: 0.6, mixed: 0.8, other: 0.7 },
      deprivationDecile: { "1": 1.6, "2": 1.4, "3": 1.2, "9": 0.8, "10": 0.6 },
    }),
    /**
     * Multipliers of `journeys.declineRate` by group, multiplied over the fields; unnamed groups 1.
     * An assumption of the simulator, like `relativeReferral`.
     */
    relativeDecline: z
      .object(byField(Multiplier))
      .default({ ageBand: {}, sex: {}, ethnicGroup: { asian: 1.8, black: 1.6 }, deprivationDecile: {} }),
  })
  .prefault({});
export type EquitySimulationSettings = z.output<typeof EquitySimulationSettings>;

const lettersOf: Record<string, readonly EthnicCategory[]> = {
  white: ["A", "B", "C"],
  mixed: ["D", "E", "F", "G"],
  asian: ["H", "J", "K", "L"],
  black: ["M", "N", "P"],
  other: ["R", "S"],
  "not-stated": ["Z"],
};

const weightOf = (record: Readonly<Partial<Record<string, number>>>, group: string, otherwise: number): number =>
  record[group] ?? otherwise;

/** Each field's share of the list by group, normalised to sum to 1 (groups with no weight: 0). */
export function listShares(settings: EquitySimulationSettings, field: SimulatedField): Map<string, number> {
  const weights = simulatedGroups(field).map((group) => [group, weightOf(settings.shares[field], group, 0)] as const);
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  return new Map(weights.map(([group, weight]) => [group, total === 0 ? 0 : weight / total]));
}

/**
 * The true share of the list referred a year in a group of a field: the whole list's share a year
 * times the group's relative rate over the list's mean relative rate (the groups are drawn by share
 * × relative rate, and referrals arrive in proportion to the whole list).
 */
export function trueReferralRate(
  settings: EquitySimulationSettings,
  field: SimulatedField,
  group: string,
  shareOfListPerYear: number,
): number {
  const shares = listShares(settings, field);
  const relative = (of: string) => weightOf(settings.relativeReferral[field], of, 1);
  const mean = [...shares].reduce((sum, [of, share]) => sum + share * relative(of), 0);
  return mean === 0 ? 0 : (shareOfListPerYear * relative(group)) / mean;
}

/** The decline multiplier of a group of one field, the others at 1 (the product over fields applies to a person). */
export function declineMultiplier(settings: EquitySimulationSettings, field: SimulatedField, group: string): number {
  return weightOf(settings.relativeDecline[field], group, 1);
}

/** The largest decline multiplier a person can have: the product of each field's largest. */
export function largestDeclineMultiplier(settings: EquitySimulationSettings): number {
  return simulatedFields.reduce(
    (product, field) => product * Math.max(1, ...Object.values(settings.relativeDecline[field]).map((value) => value ?? 1)),
    1,
  );
}

/**
 * `total` split by weights into whole numbers that add up to it exactly (largest remainders, ties
 * to the earlier group), so a composition's breakdowns each count the whole list.
 */
export function apportion(total: number, weights: readonly (readonly [string, number])[]): Record<string, number> {
  const sum = weights.reduce((all, [, weight]) => all + weight, 0);
  if (sum === 0) return {};
  const exact = weights.map(([group, weight]) => [group, (total * weight) / sum] as const);
  const counts = exact.map(([group, value]) => [group, Math.floor(value)] as [string, number]);
  let left = total - counts.reduce((all, [, count]) => all + count, 0);
  const order = exact.map(([, value], index) => [index, value - Math.floor(value)] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [index] of order) {
    if (left <= 0) break;
    counts[index]![1] += 1;
    left -= 1;
  }
  return Object.fromEntries(counts.filter(([, count]) => count > 0));
}

/** A referred person's register fields, and the multiplier of their decline probability. */
export interface SimulatedPerson {
  readonly equity: EquityFields;
  readonly declineMultiplier: number;
}

export class EquityModel {
  readonly settings: EquitySimulationSettings;
  readonly #referred: ReadonlyMap<SimulatedField, WeightedChoice<string>>;

  constructor(settings: EquitySimulationSettings) {
    this.settings = settings;
    this.#referred = new Map(
      simulatedFields.map((field) => {
        const weights = [...listShares(settings, field)].map(
          ([group, share]) => [group, share * weightOf(settings.relativeReferral[field], group, 1)] as const,
        );
        return [field, new WeightedChoice(weights)];
      }),
    );
  }

  /** A practice list's counts by group, each breakdown adding up to the list. */
  composition(registeredPatients: number): Record<`by${"AgeBand" | "Sex" | "EthnicGroup" | "DeprivationDecile"}`, Record<string, number>> {
    const of = (field: SimulatedField) => apportion(registeredPatients, [...listShares(this.settings, field)]);
    return { byAgeBand: of("ageBand"), bySex: of("sex"), byEthnicGroup: of("ethnicGroup"), byDeprivationDecile: of("deprivationDecile") };
  }

  /** A referred person: each field drawn by share × relative referral rate. */
  referredPerson(random: SimulationRandom): SimulatedPerson {
    const groups = new Map(simulatedFields.map((field) => [field, this.#referred.get(field)!.draw(random)]));
    const ethnicGroup = groups.get("ethnicGroup")!;
    const letters = lettersOf[ethnicGroup] ?? ["Z"];
    const equity: EquityFields = {
      ageBand: AgeBand.parse(groups.get("ageBand")),
      sex: PersonSex.parse(groups.get("sex")),
      ethnicCategory: letters[random.integer(0, letters.length - 1)]!,
      deprivationDecile: Number(groups.get("deprivationDecile")),
    };
    const multiplier = simulatedFields.reduce((product, field) => product * declineMultiplier(this.settings, field, groups.get(field)!), 1);
    return { equity, declineMultiplier: multiplier };
  }
}
