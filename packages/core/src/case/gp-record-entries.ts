import { snomed } from "../coding/snomed.js";
import type {
  AssessmentTimepoint,
  ClosureReason,
  ConnectionMode,
  DeclineReason,
  NeedCategory,
  SupportCategory,
} from "../events/vocabulary.js";
import { sha256Hex } from "../hashing/sha256-hex.js";
import { isErased } from "../personal-data/erased.js";
import type { CaseEvent } from "./events.js";
import type { CaseState } from "./state.js";

/**
 * The entries a GP system should hold for a case, after the PRSB Social Prescribing Information
 * Standard's message back to the GP: the referral accepted (once per episode: a case stream is one
 * episode and is accepted at most once), a decline, each outcome measure with its scores, the needs
 * found, the support connected to, and the closure. docs/gp-record.md says which are coded and why.
 */
export type GpRecordEntryKind = "referral_accepted" | "social_prescribing_declined" | "outcome_measure" | "needs" | "support" | "closure";

/** An entry's id: deterministic, from its case and the event that caused it (see GpRecordEntryId). */
export function gpRecordEntryId(caseId: string, eventId: string): string {
  return `gpr_${sha256Hex(`${caseId}\u0000${eventId}`).slice(0, 32)}`;
}

/** A case's GP record entries by id, in order: true once acknowledged as sent. */
export function gpRecordEntriesOf(state: CaseState): ReadonlyMap<string, boolean> {
  const caseId = state.caseId;
  if (caseId === null) return new Map();
  return new Map(
    state.gpRecordEntryEvents.map((eventId) => {
      const entryId = gpRecordEntryId(caseId, eventId);
      return [entryId, state.gpRecordEntriesSent.has(entryId)] as const;
    }),
  );
}

/**
 * The kind of entry an event causes, or null. A conversation causes a needs entry when it found
 * needs (or its needs were erased, since then nobody can tell): the id set depends only on events.
 */
export function gpRecordEntryKind(event: CaseEvent): GpRecordEntryKind | null {
  switch (event.type) {
    case "ReferralAccepted":
      return "referral_accepted";
    case "SocialPrescribingDeclined":
      return "social_prescribing_declined";
    case "WellbeingAssessed":
      return "outcome_measure";
    case "ConversationHeld":
      return isErased(event.data.needs) || event.data.needs.length > 0 ? "needs" : null;
    case "ConnectionMade":
      return "support";
    case "CaseClosed":
      return "closure";
    // What the provider reports and what was spent stay in the scheme's own record (no cited code).
    case "ReferralReceived":
    case "ReferralRejected":
    case "ContactAttempted":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "GpRecordEntriesSent":
    case "ProviderUpdateRecorded":
    case "ActivityBudgetSpent":
    case "ConsentGiven":
    case "ConsentWithdrawn":
      return null;
  }
}

/** What an entry says beyond its code: shared only with the person's consent to share the outcome. */
export type GpRecordDetail =
  | { readonly kind: "referral_accepted" }
  | { readonly kind: "social_prescribing_declined"; readonly reason: DeclineReason }
  | {
      readonly kind: "outcome_measure";
      readonly instrument: string;
      readonly instrumentVersion: string;
      readonly timepoint: AssessmentTimepoint;
      readonly scores: Readonly<Record<string, number>>;
    }
  | { readonly kind: "needs"; readonly needs: readonly NeedCategory[] }
  | { readonly kind: "support"; readonly activity: SupportCategory; readonly mode: ConnectionMode }
  | { readonly kind: "closure"; readonly reason: ClosureReason };

/** One entry as the case's events give it; the outbox adds the person, the practice and the consent. */
export interface GpRecordCoding {
  readonly entryId: string;
  readonly kind: GpRecordEntryKind;
  /** The SNOMED CT concept, or null for a concept with no code we can cite (docs/gp-record.md). */
  readonly snomedCode: string | null;
  /** The concept's term: the SNOMED CT term where coded, a plain description where not. */
  readonly term: string;
  readonly occurredAt: string;
  /** Null when the person was erased: the detail was sealed with their key. */
  readonly detail: GpRecordDetail | null;
}

const codes: { readonly [Kind in GpRecordEntryKind]: { readonly snomedCode: string | null; readonly term: string } } = {
  referral_accepted: { snomedCode: snomed.referralToSocialPrescribingService, term: "Referral to social prescribing service" },
  social_prescribing_declined: { snomedCode: snomed.socialPrescribingDeclined, term: "Social prescribing declined" },
  outcome_measure: { snomedCode: null, term: "Social prescribing outcome measure" },
  needs: { snomedCode: null, term: "Social prescribing needs identified" },
  support: { snomedCode: null, term: "Social prescribing support connected" },
  closure: { snomedCode: null, term: "Social prescribing episode closed" },
};

function detailOf(event: CaseEvent): GpRecordDetail | null {
  switch (event.type) {
    case "ReferralAccepted":
      return { kind: "referral_accepted" };
    case "SocialPrescribingDeclined":
      return isErased(event.data.reason) ? null : { kind: "social_prescribing_declined", reason: event.data.reason };
    case "WellbeingAssessed":
      return isErased(event.data.scores)
        ? null
        : {
            kind: "outcome_measure",
            instrument: event.data.instrument,
            instrumentVersion: event.data.instrumentVersion,
            timepoint: event.data.timepoint,
            scores: event.data.scores,
          };
    case "ConversationHeld":
      return isErased(event.data.needs) ? null : { kind: "needs", needs: event.data.needs };
    case "ConnectionMade":
      return isErased(event.data.activity) ? null : { kind: "support", activity: event.data.activity, mode: event.data.mode };
    case "CaseClosed":
      return isErased(event.data.reason) ? null : { kind: "closure", reason: event.data.reason };
    default:
      return null;
  }
}

/** The GP record entry an event of a case causes, or null when it causes none. */
export function gpRecordCodingOf(caseId: string, event: CaseEvent): GpRecordCoding | null {
  const kind = gpRecordEntryKind(event);
  if (kind === null) return null;
  return {
    entryId: gpRecordEntryId(caseId, event.metadata.eventId),
    kind,
    ...codes[kind],
    occurredAt: event.metadata.occurredAt,
    detail: detailOf(event),
  };
}
