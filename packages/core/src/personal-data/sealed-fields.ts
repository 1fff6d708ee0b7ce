import type { EventOf, EventType } from "../events/catalogue.js";
import type { Erased } from "./erased.js";

/** The data fields of an event type whose schema lets them read as `Erased` (declared with `sealable`). */
export type SealableField<T extends EventType> = {
  [K in keyof EventOf<T>["data"]]-?: Erased extends EventOf<T>["data"][K] ? K : never;
}[keyof EventOf<T>["data"]];

/**
 * The special-category fields of each event type: sealed with the person's data key on append,
 * read as `Erased` once the key is destroyed. One decision per event type, the reasons in
 * docs/privacy.md ("What is sealed"); a type with none says so with an empty list. The type below
 * makes the list name exactly the fields the schemas declared sealable: a field added to a schema
 * with `sealable` and left out here, or listed here and not sealable, does not compile.
 */
export const sealedFields = {
  ReferralReceived: ["reasons"],
  ReferralAccepted: [],
  ReferralRejected: ["reason"],
  SocialPrescribingDeclined: ["reason"],
  ContactAttempted: [],
  ConversationHeld: ["needs", "strengths", "whatMattersRef"],
  WellbeingAssessed: ["items", "scores"],
  PlanAgreed: ["goals"],
  PlanRevised: ["goals"],
  GoalProgressRecorded: [],
  ConnectionMade: ["providerId", "activity"],
  ConnectionOutcomeRecorded: [],
  UnmetNeedRecorded: ["need", "reason", "providerId"],
  FollowUpScheduled: [],
  FollowUpCompleted: [],
  FeedbackSentToReferrer: [],
  LinkWorkerReassigned: [],
  CaseClosed: ["reason"],
  GpRecordEntriesSent: [],
  ConsentGiven: [],
  ConsentWithdrawn: [],
  HealthcareUsageRecorded: ["setting", "count"],
  ComparisonCohortEnrolled: [],
  PcnListSizeRecorded: [],
  LinkWorkerJoined: [],
  LinkWorkerFteChanged: [],
  LinkWorkerLeft: [],
  LocalCodeRegistered: [],
  SocialPrescribingStarted: [],
  // Counts of a practice's whole list by group: about no one person.
  PracticeListCompositionRecorded: [],
  ProviderUpdateRecorded: [],
  ActivityBudgetSpent: ["amountPence"],
  ProviderRegistered: [],
  ProviderCapacityDeclared: [],
  FundingAwarded: [],
} as const satisfies { readonly [T in EventType]: readonly SealableField<T>[] };

/** Every sealable field listed: compiles only when no event type leaves one out. */
type Unlisted = { [T in EventType]: Exclude<SealableField<T>, (typeof sealedFields)[T][number]> }[EventType];
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** The sealed fields of an event type, as plain names (for code that walks any event). */
export function sealedFieldsOf(type: EventType): readonly string[] {
  return sealedFields[type];
}
