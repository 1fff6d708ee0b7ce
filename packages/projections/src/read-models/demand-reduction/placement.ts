import type { BeforeAfter } from "../../statistics/before-after.js";
import type { BootstrapOptions } from "../../statistics/bootstrap.js";
import { summariseChange } from "../../statistics/change-summary.js";
import { differenceInDifferences } from "../../statistics/difference-in-differences.js";
import { afterWindow, beforeWindow, covers, hasEnded, usageIn } from "./usage-window.js";
import type { Participant } from "./participants.js";
import type { WindowCoverage, NoComparisonCohort, DemandReductionAnalysis, CohortWindowResult } from "./reports.js";

type Placement =
  | { readonly kind: "included"; readonly pair: BeforeAfter }
  | { readonly kind: "follow-up-incomplete" }
  | { readonly kind: "no-usage-recorded" }
  | { readonly kind: "window-not-covered" };

export interface Placed {
  readonly participant: Participant;
  readonly placement: Placement;
}

export function place(person: Participant, months: number, asOfMs: number): Placement {
  const before = beforeWindow(person.indexDay, months);
  const after = afterWindow(person.indexDay, months);
  if (!hasEnded(after, asOfMs)) return { kind: "follow-up-incomplete" };
  if (!person.usageRecorded) return { kind: "no-usage-recorded" };
  if (!covers(person.periods, before) || !covers(person.periods, after)) return { kind: "window-not-covered" };
  return { kind: "included", pair: { before: usageIn(person.periods, before), after: usageIn(person.periods, after) } };
}

export function coverage(placed: readonly Placed[]): WindowCoverage {
  const tally = {
    people: placed.length,
    included: 0,
    followUpIncomplete: 0,
    noUsageRecorded: 0,
    windowNotCovered: 0,
    frequentAttenders: 0,
    frequentAttenderUnknown: 0,
  };
  for (const { participant: person, placement } of placed) {
    switch (placement.kind) {
      case "included":
        tally.included += 1;
        if (person.frequentAttender === true) tally.frequentAttenders += 1;
        if (person.frequentAttender === null) tally.frequentAttenderUnknown += 1;
        break;
      case "follow-up-incomplete":
        tally.followUpIncomplete += 1;
        break;
      case "no-usage-recorded":
        tally.noUsageRecorded += 1;
        break;
      case "window-not-covered":
        tally.windowNotCovered += 1;
        break;
    }
  }
  return tally;
}

export function pairsOf(placed: readonly Placed[], withoutFrequentAttenders: boolean): BeforeAfter[] {
  const pairs: BeforeAfter[] = [];
  for (const { participant: person, placement } of placed) {
    if (placement.kind !== "included") continue;
    if (withoutFrequentAttenders && person.frequentAttender !== false) continue;
    pairs.push(placement.pair);
  }
  return pairs;
}

export const noComparisonCohort: NoComparisonCohort = {
  kind: "no-comparison-cohort",
  detail: "no one is enrolled in a comparison cohort, so there is no difference-in-differences estimate",
};

function analyse(
  cohort: readonly Placed[],
  comparison: readonly Placed[],
  comparisonRecorded: boolean,
  withoutFrequentAttenders: boolean,
  options: BootstrapOptions,
): DemandReductionAnalysis {
  const treated = pairsOf(cohort, withoutFrequentAttenders);
  return {
    beforeAfter: summariseChange(treated, options),
    differenceInDifferences: comparisonRecorded
      ? differenceInDifferences(treated, pairsOf(comparison, withoutFrequentAttenders), options)
      : noComparisonCohort,
  };
}

export function cohortResult(
  cohort: readonly Placed[],
  comparison: readonly Placed[],
  comparisonRecorded: boolean,
  options: BootstrapOptions,
): CohortWindowResult {
  return {
    ...coverage(cohort),
    allPeople: analyse(cohort, comparison, comparisonRecorded, false, options),
    withoutFrequentAttenders: analyse(cohort, comparison, comparisonRecorded, true, options),
  };
}
