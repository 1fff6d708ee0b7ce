import type { HealthcareSetting } from "@linkwork/core/vocabulary";

import { periodsRecordedBy, usageRecordedBy } from "./recorded-usage.js";
import { chosenOver, foldedIndexCase, type IndexCase } from "./index-case.js";
import { happenedBy } from "../shared/report-period.js";
import { beforeWindow, covers, dayOfMs, usageIn, type DayNumber, type UsagePeriod } from "./usage-window.js";
import { type DemandReductionSettings, FREQUENT_ATTENDER_MONTHS, completedClosureReasons } from "./settings.js";
import { type PersonUsage, type DemandReductionState, candidateIndexAt } from "./state.js";

/** A person with an index date: a referred person (with their index case) or a comparison person. */
export interface Participant {
  readonly personId: string;
  readonly indexDay: DayNumber;
  readonly engaged: boolean;
  readonly completed: boolean;
  /** Recorded periods of the analysed setting. */
  readonly periods: readonly UsagePeriod[];
  /** Whether any period of the analysed setting was recorded by asOf (periods no window reaches are not held). */
  readonly usageRecorded: boolean;
  /** null: the GP records do not cover a pre-window long enough to tell. */
  readonly frequentAttender: boolean | null;
  /** Where the person is registered, when recorded. */
  readonly practiceId: string | null;
  readonly pcnId: string | null;
}

/** The periods of one setting recorded by `asOf`. */
function periodsOf(person: PersonUsage | undefined, setting: HealthcareSetting, asOf: number): readonly UsagePeriod[] {
  return person === undefined ? [] : periodsRecordedBy(person.usage, setting, asOf);
}

// Apportioned counts are sums of fractions; a person on exactly the threshold must not be flagged by a rounding error.
const THRESHOLD_TOLERANCE = 1e-9;

/**
 * More than `threshold` GP appointments a year before the index date. The rule looks at the 12
 * months before; when the GP records do not cover them, at the longest shorter window of the report
 * that they do cover, annualised (× 12 / months). null when no such window is covered.
 */
function isFrequentAttender(gpPeriods: readonly UsagePeriod[], indexDay: DayNumber, settings: DemandReductionSettings): boolean | null {
  const lengths = [FREQUENT_ATTENDER_MONTHS, ...settings.windowsMonths.filter((months) => months < FREQUENT_ATTENDER_MONTHS)].sort(
    (a, b) => b - a,
  );
  for (const months of lengths) {
    const range = beforeWindow(indexDay, months);
    if (covers(gpPeriods, range)) {
      return (usageIn(gpPeriods, range) * FREQUENT_ATTENDER_MONTHS) / months > settings.frequentAttenderThreshold + THRESHOLD_TOLERANCE;
    }
  }
  return null;
}

export function participant(
  personId: string,
  indexDay: DayNumber,
  engaged: boolean,
  completed: boolean,
  person: PersonUsage | undefined,
  settings: DemandReductionSettings,
  asOf: number,
): Participant {
  return {
    personId,
    indexDay,
    engaged,
    completed,
    periods: periodsOf(person, settings.setting, asOf),
    usageRecorded: person !== undefined && usageRecordedBy(person.usage, settings.setting, asOf),
    frequentAttender: isFrequentAttender(periodsOf(person, "gp_appointment", asOf), indexDay, settings),
    practiceId: person?.practiceId ?? null,
    pcnId: person?.pcnId ?? null,
  };
}

interface Participants {
  readonly referred: readonly Participant[];
  readonly comparison: readonly Participant[];
  readonly referredPeople: number;
  readonly noIndexDate: number;
  readonly comparisonAlsoReferred: number;
  readonly erased: number;
}

/**
 * Who is in the report as of `asOf`. Referred people with their index case: of a person's cases
 * that had reached the chosen index step, the one that reached it first (ties by case id); engaged
 * and completed describe that case. A folded case ended before the horizon, so before asOf: it is
 * referred, its steps are all reached, and only each person's best folded candidate can be chosen.
 * Comparison people: enrolled and never referred. Both lists are sorted by person id, so the report
 * does not depend on how streams interleave.
 */
export function participants(state: DemandReductionState, settings: DemandReductionSettings, asOf: number): Participants {
  // Every person referred by asOf, with their index case so far (null: no case reached the step yet).
  const indexCases = new Map<string, IndexCase | null>();
  // Erased people are left out of every group (their details read erased) and counted apart.
  let erased = 0;
  for (const [personId, person] of state.people) {
    if (person.erased) erased += 1;
    else if (person.folded !== null) indexCases.set(personId, foldedIndexCase(person.folded, settings.indexDate));
  }
  for (const [caseId, { milestones, closedReason }] of state.cases) {
    if (milestones.referredAt > asOf || state.people.get(milestones.personId)?.erased === true) continue;
    const current = indexCases.get(milestones.personId) ?? null;
    const at = candidateIndexAt(milestones, settings.indexDate);
    if (!happenedBy(at, asOf)) {
      indexCases.set(milestones.personId, current);
      continue;
    }
    const day = dayOfMs(at);
    if (!chosenOver(day, caseId, current)) continue;
    indexCases.set(milestones.personId, {
      caseId,
      day,
      engaged: happenedBy(milestones.firstConversationAt, asOf),
      completed: happenedBy(milestones.closedAt, asOf) && closedReason !== null && completedClosureReasons.includes(closedReason),
    });
  }

  const referred: Participant[] = [];
  let noIndexDate = 0;
  for (const [personId, chosen] of indexCases) {
    if (chosen === null) {
      noIndexDate += 1;
      continue;
    }
    referred.push(participant(personId, chosen.day, chosen.engaged, chosen.completed, state.people.get(personId), settings, asOf));
  }

  const comparison: Participant[] = [];
  let comparisonAlsoReferred = 0;
  for (const [personId, person] of state.people) {
    if (person.comparison === null || person.comparison.enrolledAt > asOf || person.erased) continue;
    if (indexCases.has(personId)) {
      comparisonAlsoReferred += 1;
      continue;
    }
    comparison.push(participant(personId, person.comparison.indexOn, false, false, person, settings, asOf));
  }

  const byPersonId = (a: Participant, b: Participant) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);
  return {
    referred: referred.sort(byPersonId),
    comparison: comparison.sort(byPersonId),
    referredPeople: indexCases.size,
    noIndexDate,
    comparisonAlsoReferred,
    erased,
  };
}
