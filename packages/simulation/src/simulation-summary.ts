import type { LinkworkEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import type { ClosureReason, ReferralSource, UnmetNeedReason } from "@linkwork/core/vocabulary";
import { trueEffectOverWindow, type PersonTruth } from "./healthcare-usage-model.js";
import type { Scheme } from "./simulation-settings.js";

/**
 * What a run wrote, counted from the events the command handler accepted (a command the store
 * already held writes nothing and counts nothing), and the truth behind it.
 */
export interface SimulationSummary {
  readonly seed: number;
  readonly scheme: Scheme;
  /** First day of the run. */
  readonly startDate: string;
  /** The day after the last day of the run. */
  readonly endDate: string;
  readonly days: number;
  readonly commands: number;
  readonly events: number;
  readonly pcns: number;
  readonly referrals: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly declined: number;
  readonly closed: Readonly<Partial<Record<ClosureReason, number>>>;
  /** Cases neither rejected, declined nor closed at the end; each is inside its episode. */
  readonly openAtEnd: number;
  readonly sources: Readonly<Partial<Record<ReferralSource, number>>>;
  readonly connections: number;
  readonly unmetNeeds: Readonly<Partial<Record<UnmetNeedReason, number>>>;
  readonly feedbackToReferrers: number;
  readonly linkWorkers: { readonly joined: number; readonly left: number; readonly reassignments: number };
  /** Referred people (one per referral). */
  readonly people: number;
  readonly comparisonPeople: number;
  readonly usageRecords: number;
  readonly trueEffect: TrueEffectSummary;
}

export interface TrueEffectSummary {
  /** The setting: change in GP appointments per person-year after the index month for engaged referred people. */
  readonly perYear: number;
  /** Engaged referred people (the only people the effect applies to). */
  readonly engagedPeople: number;
  /**
   * The effect as realised over each engaged person's whole usage window, per person-year: equal to
   * `perYear` except where the floor at zero appointments cut it short for people with low use.
   */
  readonly realisedPerEngagedPersonYear: number;
  /**
   * Per-person ground truth: usage profile and the expected effect month by month. Empty from
   * `simulateHistoryFile` with `keepTruth: false` (the CLI), so memory does not grow with the people.
   */
  readonly people: readonly PersonTruth[];
}

/** Tallies events as the handler accepts them. */
export class SummaryTally {
  commands = 0;
  events = 0;
  referrals = 0;
  accepted = 0;
  rejected = 0;
  declined = 0;
  closed: Partial<Record<ClosureReason, number>> = {};
  sources: Partial<Record<ReferralSource, number>> = {};
  connections = 0;
  unmetNeeds: Partial<Record<UnmetNeedReason, number>> = {};
  feedbackToReferrers = 0;
  joined = 0;
  left = 0;
  reassignments = 0;
  comparisonPeople = 0;
  usageRecords = 0;

  count(event: LinkworkEvent): void {
    this.events += 1;
    switch (event.type) {
      case "ReferralReceived":
        this.referrals += 1;
        this.sources[event.data.source] = (this.sources[event.data.source] ?? 0) + 1;
        return;
      case "ReferralAccepted":
        this.accepted += 1;
        return;
      case "ReferralRejected":
        this.rejected += 1;
        return;
      case "SocialPrescribingDeclined":
        this.declined += 1;
        return;
      case "CaseClosed": {
        // A simulated history is never erased; an erased reason has nothing to count under.
        const reason = event.data.reason;
        if (!isErased(reason)) this.closed[reason] = (this.closed[reason] ?? 0) + 1;
        return;
      }
      case "ConnectionMade":
        this.connections += 1;
        return;
      case "UnmetNeedRecorded": {
        const reason = event.data.reason;
        if (!isErased(reason)) this.unmetNeeds[reason] = (this.unmetNeeds[reason] ?? 0) + 1;
        return;
      }
      case "FeedbackSentToReferrer":
        this.feedbackToReferrers += 1;
        return;
      case "LinkWorkerJoined":
        this.joined += 1;
        return;
      case "LinkWorkerLeft":
        this.left += 1;
        return;
      case "LinkWorkerReassigned":
        this.reassignments += 1;
        return;
      case "ComparisonCohortEnrolled":
        this.comparisonPeople += 1;
        return;
      case "HealthcareUsageRecorded":
        this.usageRecords += 1;
        return;
      case "ContactAttempted":
      case "ConversationHeld":
      case "WellbeingAssessed":
      case "PlanAgreed":
      case "PlanRevised":
      case "GoalProgressRecorded":
      case "ConnectionOutcomeRecorded":
      case "FollowUpScheduled":
      case "FollowUpCompleted":
      case "ConsentGiven":
      case "ConsentWithdrawn":
      case "PcnListSizeRecorded":
      case "SocialPrescribingStarted":
      case "PracticeListCompositionRecorded":
      case "LocalCodeRegistered":
      case "LinkWorkerFteChanged":
      case "GpRecordEntriesSent":
      case "ProviderUpdateRecorded":
      case "ActivityBudgetSpent":
      case "ProviderRegistered":
      case "ProviderCapacityDeclared":
      case "FundingAwarded":
        return;
    }
  }

  closedTotal(): number {
    return Object.values(this.closed).reduce((total, count) => total + count, 0);
  }
}

/**
 * The people's truth folded as it fills in: what the summary needs (referred and engaged people,
 * the effect realised over the engaged's windows), so a run need not keep every person to report it.
 */
export class TruthTally {
  referred = 0;
  engaged = 0;
  /** Sum of trueEffectOverWindow over the engaged, added in the order people are drawn. */
  realisedTotal = 0;
  readonly #windowMonths: number;

  constructor(windowMonths: number) {
    this.#windowMonths = windowMonths;
  }

  add(person: PersonTruth): void {
    if (person.role === "referred") this.referred += 1;
    if (!person.engaged) return;
    this.engaged += 1;
    this.realisedTotal += trueEffectOverWindow(person, this.#windowMonths);
  }

  /** The summary's trueEffect, with `people` as kept (empty when the run did not keep them). */
  summary(perYear: number, people: readonly PersonTruth[]): TrueEffectSummary {
    const realised = this.engaged === 0 ? perYear : this.realisedTotal / this.engaged / (this.#windowMonths / 12);
    return { perYear, engagedPeople: this.engaged, realisedPerEngagedPersonYear: realised, people };
  }
}
