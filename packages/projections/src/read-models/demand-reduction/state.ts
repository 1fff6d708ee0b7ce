import type { ClosureReason } from "@linkwork/core/vocabulary";

import { type CaseMilestones } from "../shared/case-milestones.js";
import { type RecordedUsage } from "./recorded-usage.js";
import type { IndexDateChoice } from "./index-case.js";
import { latestFoldedIndexDay, type FoldedIndexCases } from "./index-case.js";
import { createRetention, type Retention } from "../shared/retention.js";
import { windowDays, type DayNumber } from "./usage-window.js";
import type { DemandReductionProjectionSettings } from "./settings.js";

/** A case still held (open, or ended within the retention): when it passed each step, and why it closed. */
export interface ReferredCase {
  readonly milestones: CaseMilestones;
  closedReason: ClosureReason | null;
}

export interface ComparisonEnrolment {
  readonly indexOn: DayNumber;
  readonly enrolledAt: number;
}

/** Per person: comparison-cohort enrolment, usage periods that some window may still count, folded cases' facts. */
export interface PersonUsage {
  comparison: ComparisonEnrolment | null;
  usage: RecordedUsage;
  /** The index-case candidates among the person's folded cases; null until one of their cases is folded. */
  folded: FoldedIndexCases | null;
  /** The person was erased (their referral or usage reads erased): left out of every figure, counted apart. */
  erased: boolean;
  /** The person's practice and PCN as first recorded (referral or enrolment): matching prefers comparators from the same place. */
  practiceId: string | null;
  pcnId: string | null;
}

export interface DemandReductionState {
  readonly settings: DemandReductionProjectionSettings;
  readonly retention: Retention;
  /** Cases open or ended within the retention, by case id. */
  readonly cases: Map<string, ReferredCase>;
  /** By person id. */
  readonly people: Map<string, PersonUsage>;
  /** Practice and PCN codes seen, each held once (see `notePlace`). */
  readonly places: Map<string, string>;
  /** When each practice, and each PCN as a whole, started the service: [start day, recorded at] as recorded, for the staggered design. */
  readonly practiceStarts: Map<string, [DayNumber, number][]>;
  readonly pcnStarts: Map<string, [DayNumber, number][]>;
  /** The latest occurredAt of any event applied (epoch ms): the default `asOf` of a report. */
  latestOccurredAt: number | null;
}

export function initialDemandReductionState(settings: DemandReductionProjectionSettings): DemandReductionState {
  return {
    settings,
    retention: createRetention(settings.retentionDays),
    cases: new Map(),
    people: new Map(),
    places: new Map(),
    practiceStarts: new Map(),
    pcnStarts: new Map(),
    latestOccurredAt: null,
  };
}

export function personUsage(state: DemandReductionState, personId: string): PersonUsage {
  let person = state.people.get(personId);
  if (person === undefined) {
    person = { comparison: null, usage: [], folded: null, erased: false, practiceId: null, pcnId: null };
    state.people.set(personId, person);
  }
  return person;
}

/**
 * Notes where a person is registered, the first time it is recorded. Codes are shared strings (one
 * per practice or PCN in `places`), not one copy per person.
 */
export function notePlace(state: DemandReductionState, person: PersonUsage, practiceId: string | undefined, pcnId: string): void {
  if (person.pcnId !== null) return;
  person.pcnId = sharedPlace(state, pcnId);
  person.practiceId = practiceId === undefined ? null : sharedPlace(state, practiceId);
}

function sharedPlace(state: DemandReductionState, code: string): string {
  const shared = state.places.get(code);
  if (shared !== undefined) return shared;
  state.places.set(code, code);
  return code;
}

/**
 * The last day a usage period may start and still fall in a window some report can ask for. For a
 * choice with a folded candidate, the person's index date is never later than its day (it counts as
 * of every instant from the horizon on; only an earlier case can win), so after windows end at most
 * `maxWindowMonths` after it. For a choice without one (or a person with no folded case) a later
 * referral could make any day an index date: no bound. Nothing is dropped at the early end either:
 * a referral recorded later may carry an earlier date, so index dates can always move earlier.
 */
export function latestUsageStart(person: PersonUsage, maxWindowMonths: number): DayNumber {
  const latestIndexDay = person.folded === null ? null : latestFoldedIndexDay(person.folded);
  return latestIndexDay === null ? Infinity : latestIndexDay + windowDays(maxWindowMonths);
}

export function candidateIndexAt(milestones: CaseMilestones, choice: IndexDateChoice): number | null {
  switch (choice) {
    case "referral":
      return milestones.referredAt;
    case "acceptance":
      return milestones.acceptedAt;
    case "first_contact":
      return milestones.firstConversationAt;
  }
}
