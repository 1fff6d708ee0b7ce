import { z } from "zod";
import {
  CaseClosed,
  ConnectionMade,
  ConnectionOutcomeRecorded,
  ContactAttempted,
  ConversationHeld,
  FeedbackSentToReferrer,
  FollowUpCompleted,
  FollowUpScheduled,
  GoalProgressRecorded,
  LinkWorkerReassigned,
  PlanAgreed,
  PlanRevised,
  ReferralAccepted,
  ReferralReceived,
  ReferralRejected,
  SocialPrescribingDeclined,
  UnmetNeedRecorded,
  WellbeingAssessed,
} from "../case/events.js";
import { PracticeListCompositionRecorded } from "../reference-data/list-composition.js";
import { GpRecordEntriesSent } from "../case/gp-record-entries-sent.js";
import { ConsentGiven, ConsentWithdrawn } from "../case/consent.js";
import { ComparisonCohortEnrolled, HealthcareUsageRecorded } from "../person-usage/events.js";
import {
  LinkWorkerFteChanged,
  LinkWorkerJoined,
  LinkWorkerLeft,
  LocalCodeRegistered,
  PcnListSizeRecorded,
  SocialPrescribingStarted,
} from "../reference-data/events.js";
import { ProviderCapacityDeclared, ProviderRegistered } from "../provider/events.js";
import { ProviderUpdateRecorded } from "../provider/connection-events.js";
import { ActivityBudgetSpent, FundingAwarded } from "../funding/events.js";
import type { StreamCategory } from "./streams.js";

/** Every event type at its current schema version, with the stream category it lives in. */
export const eventCatalogue = {
  ReferralReceived: { schema: ReferralReceived, category: "case" },
  ReferralAccepted: { schema: ReferralAccepted, category: "case" },
  ReferralRejected: { schema: ReferralRejected, category: "case" },
  SocialPrescribingDeclined: { schema: SocialPrescribingDeclined, category: "case" },
  ContactAttempted: { schema: ContactAttempted, category: "case" },
  ConversationHeld: { schema: ConversationHeld, category: "case" },
  WellbeingAssessed: { schema: WellbeingAssessed, category: "case" },
  PlanAgreed: { schema: PlanAgreed, category: "case" },
  PlanRevised: { schema: PlanRevised, category: "case" },
  GoalProgressRecorded: { schema: GoalProgressRecorded, category: "case" },
  ConnectionMade: { schema: ConnectionMade, category: "case" },
  ConnectionOutcomeRecorded: { schema: ConnectionOutcomeRecorded, category: "case" },
  UnmetNeedRecorded: { schema: UnmetNeedRecorded, category: "case" },
  FollowUpScheduled: { schema: FollowUpScheduled, category: "case" },
  FollowUpCompleted: { schema: FollowUpCompleted, category: "case" },
  FeedbackSentToReferrer: { schema: FeedbackSentToReferrer, category: "case" },
  LinkWorkerReassigned: { schema: LinkWorkerReassigned, category: "case" },
  CaseClosed: { schema: CaseClosed, category: "case" },
  GpRecordEntriesSent: { schema: GpRecordEntriesSent, category: "case" },
  ...{ ConsentGiven: { schema: ConsentGiven, category: "case" }, ConsentWithdrawn: { schema: ConsentWithdrawn, category: "case" } },
  HealthcareUsageRecorded: { schema: HealthcareUsageRecorded, category: "person" },
  ComparisonCohortEnrolled: { schema: ComparisonCohortEnrolled, category: "person" },
  PcnListSizeRecorded: { schema: PcnListSizeRecorded, category: "pcn" },
  LinkWorkerJoined: { schema: LinkWorkerJoined, category: "linkworker" },
  LinkWorkerFteChanged: { schema: LinkWorkerFteChanged, category: "linkworker" },
  LinkWorkerLeft: { schema: LinkWorkerLeft, category: "linkworker" },
  LocalCodeRegistered: { schema: LocalCodeRegistered, category: "codelist" },
  SocialPrescribingStarted: { schema: SocialPrescribingStarted, category: "pcn" },
  PracticeListCompositionRecorded: { schema: PracticeListCompositionRecorded, category: "pcn" },
  ProviderUpdateRecorded: { schema: ProviderUpdateRecorded, category: "case" },
  ActivityBudgetSpent: { schema: ActivityBudgetSpent, category: "case" },
  ProviderRegistered: { schema: ProviderRegistered, category: "provider" },
  ProviderCapacityDeclared: { schema: ProviderCapacityDeclared, category: "provider" },
  FundingAwarded: { schema: FundingAwarded, category: "provider" },
} as const satisfies Record<string, { schema: z.ZodType; category: StreamCategory }>;

export type EventType = keyof typeof eventCatalogue;
export const eventTypes = Object.keys(eventCatalogue) as EventType[];

/** Any event of any stream, at its current schema version. */
export const LinkworkEvent = z.discriminatedUnion("type", [
  eventCatalogue.ReferralReceived.schema,
  eventCatalogue.ReferralAccepted.schema,
  eventCatalogue.ReferralRejected.schema,
  eventCatalogue.SocialPrescribingDeclined.schema,
  eventCatalogue.ContactAttempted.schema,
  eventCatalogue.ConversationHeld.schema,
  eventCatalogue.WellbeingAssessed.schema,
  eventCatalogue.PlanAgreed.schema,
  eventCatalogue.PlanRevised.schema,
  eventCatalogue.GoalProgressRecorded.schema,
  eventCatalogue.ConnectionMade.schema,
  eventCatalogue.ConnectionOutcomeRecorded.schema,
  eventCatalogue.UnmetNeedRecorded.schema,
  eventCatalogue.FollowUpScheduled.schema,
  eventCatalogue.FollowUpCompleted.schema,
  eventCatalogue.FeedbackSentToReferrer.schema,
  eventCatalogue.LinkWorkerReassigned.schema,
  eventCatalogue.CaseClosed.schema,
  eventCatalogue.GpRecordEntriesSent.schema,
  ...[eventCatalogue.ConsentGiven.schema, eventCatalogue.ConsentWithdrawn.schema],
  eventCatalogue.HealthcareUsageRecorded.schema,
  eventCatalogue.ComparisonCohortEnrolled.schema,
  eventCatalogue.PcnListSizeRecorded.schema,
  eventCatalogue.LinkWorkerJoined.schema,
  eventCatalogue.LinkWorkerFteChanged.schema,
  eventCatalogue.LinkWorkerLeft.schema,
  eventCatalogue.LocalCodeRegistered.schema,
  eventCatalogue.SocialPrescribingStarted.schema,
  eventCatalogue.PracticeListCompositionRecorded.schema,
  eventCatalogue.ProviderUpdateRecorded.schema,
  eventCatalogue.ActivityBudgetSpent.schema,
  eventCatalogue.ProviderRegistered.schema,
  eventCatalogue.ProviderCapacityDeclared.schema,
  eventCatalogue.FundingAwarded.schema,
]);
export type LinkworkEvent = z.infer<typeof LinkworkEvent>;

/** The event of one type, e.g. `EventOf<"PlanAgreed">`. */
export type EventOf<T extends EventType> = Extract<LinkworkEvent, { type: T }>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}

export function currentSchemaVersion(type: EventType): number {
  return eventCatalogue[type].schema.shape.schemaVersion.value;
}

// Compiled on first use, so importing the core compiles nothing.
const compiledSchemas = new Map<EventType, z.ZodType>();

/**
 * The current schema of an event type compiled by zod's ahead-of-time compiler: the same results
 * and messages as the schema itself, several times faster, for the hot paths (history import,
 * store reads).
 */
export function compiledEventSchema<T extends EventType>(type: T): z.ZodType<EventOf<T>> {
  let compiled = compiledSchemas.get(type);
  if (compiled === undefined) {
    compiled = z.compile(eventCatalogue[type].schema as z.ZodType);
    compiledSchemas.set(type, compiled);
  }
  return compiled as z.ZodType<EventOf<T>>;
}
