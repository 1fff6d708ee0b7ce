import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import {
  ClosureReason,
  fieldInvalid,
  HealthcareSetting,
  Instant,
  validationFailed,
  type DomainError,
  type RecordedEvent,
} from "@linkwork/core";

import type { Projection, StateCodec } from "../projection.js";
import type { BeforeAfter } from "../statistics/before-after.js";
import type { BootstrapOptions } from "../statistics/bootstrap.js";
import { summariseChange, type ChangeSummaryResult } from "../statistics/change-summary.js";
import { differenceInDifferences, type DifferenceInDifferencesResult } from "../statistics/difference-in-differences.js";
import { CaseMilestonesJson, endedAt, recordMilestone, referralMilestones, type CaseMilestones } from "./case-milestones.js";
import {
  periodsRecordedBy,
  recordedUsageJson,
  recordedUsageOfJson,
  usageRecordedBy,
  usageStartingBy,
  withUsage,
  type RecordedUsage,
} from "./recorded-usage.js";
import { reportBootstrapFields } from "./report-bootstrap.js";
import {
  chosenOver,
  foldedIndexCase,
  FoldedIndexCasesJson,
  foldedIndexCasesJson,
  foldedIndexCasesOfJson,
  foldIndexCase,
  IndexDateChoice,
  latestFoldedIndexDay,
  noFoldedIndexCases,
  type FoldedIndexCases,
  type IndexCase,
} from "./index-case.js";
import { happenedBy, reportPeriod } from "./report-period.js";
import {
  applyRetaining,
  asOfRetained,
  createRetention,
  noteCaseEnded,
  restoreRetention,
  RetentionDays,
  type Retention,
} from "./retention.js";
import { snapshotCodec } from "./snapshot-codec.js";
import {
  afterWindow,
  beforeWindow,
  covers,
  dayOfDate,
  dayOfMs,
  hasEnded,
  usageIn,
  windowDays,
  type DayNumber,
  type UsagePeriod,
} from "./usage-window.js";
import { streamEntity } from "./stream-entity.js";

/**
 * Demand reduction: healthcare use (GP appointments by default) in windows before and after each
 * person's index date, for referred people and for a comparison cohort. The projection keeps the
 * cases still open or ended within the retention (when they passed the steps that can serve as an
 * index date), per person the index-case facts of their cases folded at the horizon, and the usage
 * periods recorded (with when, so a report as of T sees only what was known at T) that some window
 * may still count. The report computes the statistics at query time, so the index date, setting and
 * windows are report settings and changing them needs no rebuild. See docs/projections.md, "Demand reduction".
 */

export const DEMAND_REDUCTION_PROJECTION = "demand-reduction";
/** Bump when `apply` or the state's shape changes: the runner then rebuilds from the start. */
export const DEMAND_REDUCTION_VERSION = 2;

export { IndexDateChoice } from "./index-case.js";

/** Closure reasons that count an episode as completed. */
export const completedClosureReasons: readonly ClosureReason[] = ["goals_met", "connected_to_support"];

/** The domain's default windows are 6 and 12 months, so by default reports may ask up to 12. */
export const DEFAULT_MAX_WINDOW_MONTHS = 12;

export const DemandReductionProjectionSettings = z.strictObject({
  /** Days a case's detail is kept after it ended (default 92), or "all"; reports as of an earlier instant are refused. */
  retentionDays: RetentionDays,
  /**
   * The longest before/after window, in months, a report may ask for. Usage periods that start after
   * every after window of every index date still possible are dropped, so reports asking more are refused.
   */
  maxWindowMonths: z.number().int().min(1).max(120).default(DEFAULT_MAX_WINDOW_MONTHS),
});
export type DemandReductionProjectionSettings = z.output<typeof DemandReductionProjectionSettings>;
export type DemandReductionProjectionSettingsInput = z.input<typeof DemandReductionProjectionSettings>;

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
}

export interface DemandReductionState {
  readonly settings: DemandReductionProjectionSettings;
  readonly retention: Retention;
  /** Cases open or ended within the retention, by case id. */
  readonly cases: Map<string, ReferredCase>;
  /** By person id. */
  readonly people: Map<string, PersonUsage>;
  /** The latest occurredAt of any event applied (epoch ms): the default `asOf` of a report. */
  latestOccurredAt: number | null;
}

export function initialDemandReductionState(settings: DemandReductionProjectionSettings): DemandReductionState {
  return { settings, retention: createRetention(settings.retentionDays), cases: new Map(), people: new Map(), latestOccurredAt: null };
}

function personUsage(state: DemandReductionState, personId: string): PersonUsage {
  let person = state.people.get(personId);
  if (person === undefined) {
    person = { comparison: null, usage: [], folded: null };
    state.people.set(personId, person);
  }
  return person;
}

/**
 * The last day a usage period may start and still fall in a window some report can ask for. For a
 * choice with a folded candidate, the person's index date is never later than its day (it counts as
 * of every instant from the horizon on; only an earlier case can win), so after windows end at most
 * `maxWindowMonths` after it. For a choice without one (or a person with no folded case) a later
 * referral could make any day an index date: no bound. Nothing is dropped at the early end either:
 * a referral recorded later may carry an earlier date, so index dates can always move earlier.
 */
function latestUsageStart(person: PersonUsage, maxWindowMonths: number): DayNumber {
  const latestIndexDay = person.folded === null ? null : latestFoldedIndexDay(person.folded);
  return latestIndexDay === null ? Infinity : latestIndexDay + windowDays(maxWindowMonths);
}

/**
 * Folds a case that ended before the horizon into its person's best candidates, forgets its detail,
 * and drops the person's usage periods that no window of a still possible index date reaches.
 */
function foldCase(state: DemandReductionState, caseId: string): void {
  const referred = state.cases.get(caseId);
  if (referred === undefined) return;
  state.cases.delete(caseId);
  const { milestones, closedReason } = referred;
  const person = personUsage(state, milestones.personId);
  const folded = (person.folded ??= noFoldedIndexCases());
  const engaged = milestones.firstConversationAt !== null;
  const completed = milestones.closedAt !== null && closedReason !== null && completedClosureReasons.includes(closedReason);
  for (const choice of IndexDateChoice.options) {
    const at = candidateIndexAt(milestones, choice);
    if (at !== null) foldIndexCase(folded, choice, { caseId, day: dayOfMs(at), engaged, completed });
  }
  person.usage = usageStartingBy(person.usage, latestUsageStart(person, state.settings.maxWindowMonths));
}

/** Updates the state in place (see Projection) and returns it. */
export const applyDemandReduction: (state: DemandReductionState, recorded: RecordedEvent) => DemandReductionState = applyRetaining(
  applyEvent,
  foldCase,
);

function applyEvent(state: DemandReductionState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (!state.cases.has(caseId)) state.cases.set(caseId, { milestones: referralMilestones(event), closedReason: null });
      return;
    }
    case "ReferralAccepted":
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ConversationHeld":
    case "CaseClosed": {
      const caseId = streamEntity(recorded.streamId);
      const referred = state.cases.get(caseId);
      if (referred === undefined) return;
      const wasOpen = endedAt(referred.milestones) === null;
      recordMilestone(referred.milestones, event);
      if (event.type === "CaseClosed") referred.closedReason ??= event.data.reason;
      const ended = endedAt(referred.milestones);
      if (wasOpen && ended !== null) noteCaseEnded(state.retention, caseId, ended);
      return;
    }
    case "HealthcareUsageRecorded": {
      const { personId, setting, periodStart, periodEnd, count } = event.data;
      const person = personUsage(state, personId);
      const period = { first: dayOfDate(periodStart), last: dayOfDate(periodEnd), count };
      person.usage = withUsage(person.usage, setting, period, at, latestUsageStart(person, state.settings.maxWindowMonths));
      return;
    }
    case "ComparisonCohortEnrolled": {
      const person = personUsage(state, event.data.personId);
      person.comparison ??= { indexOn: dayOfDate(event.data.indexDate), enrolledAt: at };
      return;
    }
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionMade":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "PcnListSizeRecorded":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
    case "LinkWorkerLeft":
      return;
  }
}

const Day = z.number().int();
/** The snapshot's form. It records the settings the state was built with: a state folded under others would be wrong. */
function demandReductionJson(settings: DemandReductionProjectionSettings) {
  return z.object({
    retentionDays: z.literal(settings.retentionDays),
    maxWindowMonths: z.literal(settings.maxWindowMonths),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([z.string(), z.object({ milestones: CaseMilestonesJson, closedReason: ClosureReason.nullable() })])),
    people: z.array(
      z.tuple([
        z.string(),
        z.object({
          comparison: z.object({ indexOn: Day, enrolledAt: z.number().int() }).nullable(),
          usage: z.object({
            /** Per setting, when its first period was recorded (kept when the period itself is dropped). */
            firstRecordedAt: z.partialRecord(HealthcareSetting, z.number().int()),
            /** Periods held as [setting, first day, last day, count, recordedAt], in the order recorded. */
            periods: z.array(z.tuple([HealthcareSetting, Day, Day, z.number().int().min(0), z.number().int()])),
          }),
          folded: FoldedIndexCasesJson.nullable(),
        }),
      ]),
    ),
    latestOccurredAt: z.number().int().nullable(),
  });
}
type DemandReductionJson = z.infer<ReturnType<typeof demandReductionJson>>;

function toJson(state: DemandReductionState): DemandReductionJson {
  return {
    retentionDays: state.settings.retentionDays,
    maxWindowMonths: state.settings.maxWindowMonths,
    horizon: state.retention.horizon,
    cases: [...state.cases],
    people: [...state.people].map(([personId, person]) => [
      personId,
      {
        comparison: person.comparison,
        usage: recordedUsageJson(person.usage),
        folded: person.folded === null ? null : foldedIndexCasesJson(person.folded),
      },
    ]),
    latestOccurredAt: state.latestOccurredAt,
  };
}

function fromJson(settings: DemandReductionProjectionSettings, json: DemandReductionJson): DemandReductionState {
  const cases = new Map(json.cases);
  // The queue of ended cases is not saved: every held case that ended is still to fold.
  const ended: [string, number][] = [];
  for (const [caseId, referred] of cases) {
    const at = endedAt(referred.milestones);
    if (at !== null) ended.push([caseId, at]);
  }
  return {
    settings,
    retention: restoreRetention(settings.retentionDays, json.horizon, ended),
    cases,
    people: new Map(
      json.people.map(([personId, person]) => [
        personId,
        {
          comparison: person.comparison,
          usage: recordedUsageOfJson(person.usage),
          folded: person.folded === null ? null : foldedIndexCasesOfJson(person.folded),
        },
      ]),
    ),
    latestOccurredAt: json.latestOccurredAt,
  };
}

/** The snapshot codec of a demand-reduction state built with these settings. */
export function demandReductionCodec(settings: DemandReductionProjectionSettings): StateCodec<DemandReductionState> {
  return snapshotCodec(demandReductionJson(settings), toJson, (json) => fromJson(settings, json));
}

/**
 * The demand-reduction read model. Bad settings are a VALIDATION_FAILED error naming the field.
 * Unlike most read models' settings, both shape the state (what is folded, which usage is kept),
 * so a snapshot records them and is refused by a projection with other settings.
 */
export function demandReductionProjection(
  settings: DemandReductionProjectionSettingsInput = {},
): E.Either<DomainError, Projection<DemandReductionState>> {
  const parsed = DemandReductionProjectionSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("demand reduction settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: DEMAND_REDUCTION_PROJECTION,
    version: DEMAND_REDUCTION_VERSION,
    initialState: () => initialDemandReductionState(resolved),
    apply: applyDemandReduction,
    codec: demandReductionCodec(resolved),
  });
}

// ---------------------------------------------------------------------------------------------
// The report
/** GP appointments a year above which a person is a frequent attender (domain.md, section 2). */
export const DEFAULT_FREQUENT_ATTENDER_THRESHOLD = 10;
/** The pre-window the frequent-attender rule looks at first, in months. */
export const FREQUENT_ATTENDER_MONTHS = 12;

export const DemandReductionSettings = z.strictObject({
  indexDate: IndexDateChoice.default("referral"),
  /** The kind of use counted; the frequent-attender flag always counts GP appointments. */
  setting: HealthcareSetting.default("gp_appointment"),
  /** Window lengths in months; each gives a before and an after window of that length. */
  windowsMonths: z
    .array(z.number().int().min(1).max(120))
    .min(1)
    .max(12)
    .refine((months) => new Set(months).size === months.length, "window lengths must all differ")
    .default([6, 12]),
  /**
   * The report describes what was known at this instant: events after it are left out, and after
   * windows not ended by it are "follow-up incomplete". Default: the latest occurredAt seen.
   */
  asOf: Instant.optional(),
  /** Annualised GP appointments before the index date above which a person is a frequent attender. */
  frequentAttenderThreshold: z.number().min(0).max(10_000).default(DEFAULT_FREQUENT_ATTENDER_THRESHOLD),
  ...reportBootstrapFields,
});
export type DemandReductionSettings = z.infer<typeof DemandReductionSettings>;
export type DemandReductionSettingsInput = z.input<typeof DemandReductionSettings>;

/** Difference in differences cannot be computed because no one is enrolled in a comparison cohort. */
export interface NoComparisonCohort {
  readonly kind: "no-comparison-cohort";
  readonly detail: string;
}

/** One group's statistics in one window. */
export interface DemandReductionAnalysis {
  /** Mean before, mean after, mean and percentage change with paired bootstrap intervals. Descriptive, not the effect. */
  readonly beforeAfter: ChangeSummaryResult;
  /** The group's change minus the comparison cohort's change: the effect estimate. */
  readonly differenceInDifferences: DifferenceInDifferencesResult | NoComparisonCohort;
}

/** Who was counted in a window, and who was counted apart (and why). */
export interface WindowCoverage {
  /** People in the group with an index date. */
  readonly people: number;
  /** Counted: both windows over and covered by usage records. */
  readonly included: number;
  /** After window not ended as of `asOf`: counted apart, not as zero use. */
  readonly followUpIncomplete: number;
  /** No record of the setting at all: a missing extract is not zero use. */
  readonly noUsageRecorded: number;
  /** Records of the setting that leave some day of the before or after window uncovered. */
  readonly windowNotCovered: number;
  /** Included people flagged as frequent attenders. */
  readonly frequentAttenders: number;
  /** Included people whose GP records cannot tell (their pre-window GP use is not covered). */
  readonly frequentAttenderUnknown: number;
}

export interface CohortWindowResult extends WindowCoverage {
  readonly allPeople: DemandReductionAnalysis;
  /** Without frequent attenders (and without people whose flag is unknown), in this cohort and in the comparison cohort. */
  readonly withoutFrequentAttenders: DemandReductionAnalysis;
}

export interface DemandReductionWindow {
  readonly months: number;
  /** Length of each window in days: round(months × 365.25 / 12). */
  readonly days: number;
  /** Everyone referred (with an index date). */
  readonly intentionToTreat: CohortWindowResult;
  /** Referred people whose index case had at least one conversation. */
  readonly engaged: CohortWindowResult;
  /** Referred people whose index case closed as goals_met or connected_to_support. */
  readonly completed: CohortWindowResult;
  readonly comparison: WindowCoverage & { readonly beforeAfter: ChangeSummaryResult };
}

export interface DemandReductionReport {
  readonly setting: HealthcareSetting;
  readonly indexDate: IndexDateChoice;
  /** ISO instant. */
  readonly asOf: string;
  readonly frequentAttenderThreshold: number;
  readonly seed: number;
  readonly resamples: number;
  readonly confidence: number;
  readonly people: {
    /** Distinct people with at least one referral. */
    readonly referred: number;
    /** Referred people with no case reaching the chosen index event (e.g. never accepted): in no group. */
    readonly noIndexDate: number;
    /** Enrolled in the comparison cohort and never referred. */
    readonly comparison: number;
    /** Enrolled in the comparison cohort but also referred: analysed as referred, not as comparison. */
    readonly comparisonAlsoReferred: number;
  };
  readonly windows: readonly DemandReductionWindow[];
  /** Plain-language guidance: which figure to trust, and who was counted apart. */
  readonly notes: readonly string[];
}

/** A person with an index date: a referred person (with their index case) or a comparison person. */
interface Participant {
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
}

type Placement =
  | { readonly kind: "included"; readonly pair: BeforeAfter }
  | { readonly kind: "follow-up-incomplete" }
  | { readonly kind: "no-usage-recorded" }
  | { readonly kind: "window-not-covered" };

interface Placed {
  readonly participant: Participant;
  readonly placement: Placement;
}

function candidateIndexAt(milestones: CaseMilestones, choice: IndexDateChoice): number | null {
  switch (choice) {
    case "referral":
      return milestones.referredAt;
    case "acceptance":
      return milestones.acceptedAt;
    case "first_contact":
      return milestones.firstConversationAt;
  }
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

function participant(
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
  };
}

interface Participants {
  readonly referred: readonly Participant[];
  readonly comparison: readonly Participant[];
  readonly referredPeople: number;
  readonly noIndexDate: number;
  readonly comparisonAlsoReferred: number;
}

/**
 * Who is in the report as of `asOf`. Referred people with their index case: of a person's cases
 * that had reached the chosen index step, the one that reached it first (ties by case id); engaged
 * and completed describe that case. A folded case ended before the horizon, so before asOf: it is
 * referred, its steps are all reached, and only each person's best folded candidate can be chosen.
 * Comparison people: enrolled and never referred. Both lists are sorted by person id, so the report
 * does not depend on how streams interleave.
 */
function participants(state: DemandReductionState, settings: DemandReductionSettings, asOf: number): Participants {
  // Every person referred by asOf, with their index case so far (null: no case reached the step yet).
  const indexCases = new Map<string, IndexCase | null>();
  for (const [personId, person] of state.people) {
    if (person.folded !== null) indexCases.set(personId, foldedIndexCase(person.folded, settings.indexDate));
  }
  for (const [caseId, { milestones, closedReason }] of state.cases) {
    if (milestones.referredAt > asOf) continue;
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
    if (person.comparison === null || person.comparison.enrolledAt > asOf) continue;
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
  };
}

function place(person: Participant, months: number, asOfMs: number): Placement {
  const before = beforeWindow(person.indexDay, months);
  const after = afterWindow(person.indexDay, months);
  if (!hasEnded(after, asOfMs)) return { kind: "follow-up-incomplete" };
  if (!person.usageRecorded) return { kind: "no-usage-recorded" };
  if (!covers(person.periods, before) || !covers(person.periods, after)) return { kind: "window-not-covered" };
  return { kind: "included", pair: { before: usageIn(person.periods, before), after: usageIn(person.periods, after) } };
}

function coverage(placed: readonly Placed[]): WindowCoverage {
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

function pairsOf(placed: readonly Placed[], withoutFrequentAttenders: boolean): BeforeAfter[] {
  const pairs: BeforeAfter[] = [];
  for (const { participant: person, placement } of placed) {
    if (placement.kind !== "included") continue;
    if (withoutFrequentAttenders && person.frequentAttender !== false) continue;
    pairs.push(placement.pair);
  }
  return pairs;
}

const noComparisonCohort: NoComparisonCohort = {
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

function cohortResult(
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

const settingNames: Record<HealthcareSetting, string> = {
  gp_appointment: "GP appointment",
  ae_attendance: "A&E attendance",
  outpatient: "outpatient",
  emergency_admission: "emergency admission",
};

const indexDateNames: Record<IndexDateChoice, string> = {
  referral: "referral",
  acceptance: "acceptance",
  first_contact: "first contact",
};

function notesFor(report: Omit<DemandReductionReport, "notes">): string[] {
  const setting = settingNames[report.setting];
  const notes: string[] = [];
  if (report.people.comparison > 0) {
    notes.push(
      "Which figure to trust: the difference-in-differences (DiD) estimate for intention to treat, with its interval. " +
        "It compares the referred people's change with the comparison cohort's change over the same windows, which removes regression to the mean " +
        "and anything that changed for everyone. The before/after figures describe what happened to referred people; they are not the effect, " +
        "and they overstate it when people are referred at a peak of use, as many are.",
    );
  } else {
    notes.push(
      "Which figure to trust: none of these is an estimate of the effect, because no comparison cohort is recorded. " +
        "The before/after figures describe what happened to referred people and overstate the effect when people are referred at a peak of use " +
        "(regression to the mean). Enrol a comparison cohort, matched on prior use, to get a difference-in-differences estimate.",
    );
  }
  notes.push(
    "Engaged and completed people are selected by what happened after referral, so their figures (DiD included) are descriptive; " +
      "intention to treat (everyone referred) is the figure to report as the effect.",
  );
  notes.push(
    `Frequent attenders (more than ${String(report.frequentAttenderThreshold)} GP appointments a year before the index date) are shown with and without: ` +
      "part of their fall is regression to the mean, so a reduction that appears only with them included is weak evidence.",
  );
  if (report.people.noIndexDate > 0) {
    notes.push(
      `${String(report.people.noIndexDate)} referred ${report.people.noIndexDate === 1 ? "person has" : "people have"} no ${indexDateNames[report.indexDate]} date ` +
        "and are in no group; with an index date other than referral, intention to treat covers only people who reached it.",
    );
  }
  if (report.people.comparisonAlsoReferred > 0) {
    notes.push(
      `${String(report.people.comparisonAlsoReferred)} comparison-cohort ${report.people.comparisonAlsoReferred === 1 ? "person was" : "people were"} also referred ` +
        "and are analysed as referred, not as comparison.",
    );
  }
  for (const window of report.windows) {
    const referred = window.intentionToTreat;
    const incomplete = referred.followUpIncomplete + window.comparison.followUpIncomplete;
    if (incomplete > 0) {
      notes.push(
        `${windowLabel(window.months)}: ${String(referred.followUpIncomplete)} referred and ${String(window.comparison.followUpIncomplete)} comparison ` +
          `people are counted apart because their after window had not ended by ${report.asOf} (follow-up incomplete); they are not counted as zero use.`,
      );
    }
    const missing =
      referred.noUsageRecorded + referred.windowNotCovered + window.comparison.noUsageRecorded + window.comparison.windowNotCovered;
    if (missing > 0) {
      notes.push(
        `${windowLabel(window.months)}: ${String(missing)} people are excluded because their ${setting} records do not cover both windows ` +
          `(${String(referred.noUsageRecorded + window.comparison.noUsageRecorded)} with no records at all); a missing extract is not zero use.`,
      );
    }
  }
  return notes;
}

function windowLabel(months: number): string {
  return `${String(months)}-month windows`;
}

/**
 * The demand-reduction report as of `settings.asOf` (default: the latest occurredAt seen). Settings
 * are validated (unknown keys are refused) and a bad value is a VALIDATION_FAILED error naming the
 * field, so the statistics never see an unvalidated setting. With no events applied and no asOf
 * there is nothing to report as of, which is an error too; so are an asOf before the retention
 * horizon (its cases are folded) and windows longer than the read model's `maxWindowMonths`.
 */
export function demandReductionReport(state: DemandReductionState, settings: unknown = {}): E.Either<DomainError, DemandReductionReport> {
  return pipe(
    reportPeriod(DemandReductionSettings, settings, state.latestOccurredAt),
    E.flatMap(({ options: valid, period }) =>
      pipe(
        asOfRetained(state.retention, period),
        E.flatMap(() => windowsKept(state.settings, valid)),
        E.map(() => report(state, valid, period.asOf)),
      ),
    ),
  );
}

/** Refuses windows longer than the read model keeps usage for (see `maxWindowMonths`). */
function windowsKept(settings: DemandReductionProjectionSettings, valid: DemandReductionSettings): E.Either<DomainError, void> {
  const longest = Math.max(...valid.windowsMonths);
  if (longest <= settings.maxWindowMonths) return E.right(undefined);
  return E.left(
    fieldInvalid(
      "report options",
      "windowsMonths",
      `${String(longest)}-month windows are longer than the read model's maxWindowMonths (${String(settings.maxWindowMonths)}): ` +
        "it keeps usage only that far after each possible index date; set maxWindowMonths higher and rebuild to ask for longer windows",
    ),
  );
}

function report(state: DemandReductionState, valid: DemandReductionSettings, asOf: number): DemandReductionReport {
  const options: BootstrapOptions = { seed: valid.seed, resamples: valid.resamples, confidence: valid.confidence };
  const everyone = participants(state, valid, asOf);
  const comparisonRecorded = everyone.comparison.length > 0;
  const placeAll = (people: readonly Participant[], windowMonths: number): Placed[] =>
    people.map((person) => ({ participant: person, placement: place(person, windowMonths, asOf) }));

  const windows = valid.windowsMonths.map((windowMonths): DemandReductionWindow => {
    const referred = placeAll(everyone.referred, windowMonths);
    const comparison = placeAll(everyone.comparison, windowMonths);
    return {
      months: windowMonths,
      days: windowDays(windowMonths),
      intentionToTreat: cohortResult(referred, comparison, comparisonRecorded, options),
      engaged: cohortResult(
        referred.filter(({ participant: person }) => person.engaged),
        comparison,
        comparisonRecorded,
        options,
      ),
      completed: cohortResult(
        referred.filter(({ participant: person }) => person.completed),
        comparison,
        comparisonRecorded,
        options,
      ),
      comparison: { ...coverage(comparison), beforeAfter: summariseChange(pairsOf(comparison, false), options) },
    };
  });

  const withoutNotes: Omit<DemandReductionReport, "notes"> = {
    setting: valid.setting,
    indexDate: valid.indexDate,
    asOf: new Date(asOf).toISOString(),
    frequentAttenderThreshold: valid.frequentAttenderThreshold,
    seed: valid.seed,
    resamples: valid.resamples,
    confidence: valid.confidence,
    people: {
      referred: everyone.referredPeople,
      noIndexDate: everyone.noIndexDate,
      comparison: everyone.comparison.length,
      comparisonAlsoReferred: everyone.comparisonAlsoReferred,
    },
    windows,
  };
  return { ...withoutNotes, notes: notesFor(withoutNotes) };
}
