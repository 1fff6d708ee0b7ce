import fc from "fast-check";
import { snomed } from "../coding/snomed.js";
import type { CaseEvent, Consent, Goal } from "../case/events.js";
import { ConsentPurpose } from "../case/consent.js";
import { currentSchemaVersion, eventCatalogue, eventTypes, type EventOf, type EventType, type LinkworkEvent } from "../events/catalogue.js";
import type { EventMetadata } from "../events/envelope.js";
import { DAY_MS, issuedIdPrefixes, type IssuedIdKind } from "../identifiers.js";
import {
  AssessmentTimepoint,
  ClosureReason,
  ConnectionMode,
  ConnectionOutcome,
  ContactChannel,
  ConversationMode,
  DeclineReason,
  GoalProgress,
  HealthcareSetting,
  NationalNeed,
  NationalSupport,
  ReferralSource,
  ReferrerOutcomeStatus,
  RejectionReason,
  StrengthCategory,
  UnmetNeedReason,
  FundingKind,
  ProviderDeclineReason,
  ProviderReferralRoute,
  ProviderUpdate,
  type NeedCategory,
  type SupportCategory,
} from "../events/vocabulary.js";
import type { Instrument, InstrumentRegistry } from "../instruments/instrument.js";
import { CodeList } from "../reference-data/events.js";
import { DecileKey } from "../reference-data/list-composition.js";
import { CensusEthnicGroup } from "../personal-data/census-ethnic-group.js";
import { AgeBand, PersonSex } from "../personal-data/person-details.js";
import { standardInstruments } from "../instruments/standard-instruments.js";

/**
 * Arbitraries for the building blocks of events and commands: ids, times, vocabularies and every
 * event type at its current schema version. Everything generated passes the catalogue's schemas.
 */

/**
 * `fc.record` that never builds null-prototype objects (fast-check may, by default): generated
 * commands and events look like parsed JSON, as real ones do.
 */
export const plainRecord = ((model: never, constraints?: object) =>
  fc.record(model, { ...constraints, noNullPrototype: true })) as typeof fc.record;

export const MINUTE_MS = 60_000;
/** Re-exported so tests take the day from the same place as the core. */
export { DAY_MS };

/** An instant as the domain writes it: ISO 8601 UTC, whole seconds, `Z`. */
export function instantAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function calendarDateAt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface TimeRange {
  /** ISO 8601 instant or date; 2020-01-01 when absent. */
  readonly from?: string;
  /** ISO 8601 instant or date; 2025-12-31 when absent (in the past, so checkers with a clock accept the histories). */
  readonly to?: string;
}

const defaultFrom = "2020-01-01T00:00:00Z";
const defaultTo = "2025-12-31T23:59:59Z";

export function arbitraryInstant(range: TimeRange = {}): fc.Arbitrary<string> {
  const min = Math.ceil(Date.parse(range.from ?? defaultFrom) / 1000);
  const max = Math.floor(Date.parse(range.to ?? defaultTo) / 1000);
  return fc.integer({ min, max }).map((seconds) => instantAt(seconds * 1000));
}

export function arbitraryCalendarDate(range: TimeRange = {}): fc.Arbitrary<string> {
  const min = Math.ceil(Date.parse(range.from ?? defaultFrom) / DAY_MS);
  const max = Math.floor(Date.parse(range.to ?? defaultTo) / DAY_MS);
  return fc.integer({ min, max }).map((day) => calendarDateAt(day * DAY_MS));
}

const idHead = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const idTail = `${idHead}0123456789_.:-`;

/**
 * An opaque id (1-64 letters, digits, `_ . : -`, at least one letter). With a prefix the id reads
 * `<prefix>-<token>`, which keeps counterexamples legible.
 */
export function arbitraryOpaqueId(prefix?: string): fc.Arbitrary<string> {
  const token = fc.string({ unit: fc.constantFrom(...idTail), minLength: 1, maxLength: 12 });
  if (prefix !== undefined) return token.map((rest) => `${prefix}-${rest}`);
  return fc
    .tuple(fc.constantFrom(...idHead), fc.string({ unit: fc.constantFrom(...idTail), maxLength: 23 }))
    .map(([head, rest]) => head + rest);
}

/** The kinds of id whose shape events check (docs/events.md): issued ids and ODS codes. */
export type IdKind = IssuedIdKind | "pcn" | "practice";

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * An id of one kind in the shape events require: for issued kinds mostly `<prefix>_<token>` (a
 * letter, then letters and digits, then a digit, so counterexamples stay legible) and sometimes a
 * UUID; for `pcn` and `practice`, ODS-shaped codes (`U` and five digits; a letter and five digits).
 */
export function arbitraryIdOf(kind: IdKind): fc.Arbitrary<string> {
  const digits = fc.integer({ min: 0, max: 99_999 }).map((n) => String(n).padStart(5, "0"));
  if (kind === "pcn") return digits.map((code) => `U${code}`);
  if (kind === "practice") return fc.tuple(fc.constantFrom(..."ABCDEFGHJKLMNPY"), digits).map(([letter, code]) => letter + code);
  const token = fc
    .tuple(
      fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
      fc.string({ unit: fc.constantFrom(...lowerAlnum), maxLength: 10 }),
      fc.constantFrom(..."0123456789"),
    )
    .map(([head, middle, tail]) => `${issuedIdPrefixes[kind]}_${head}${middle}${tail}`);
  return fc.oneof({ arbitrary: token, weight: 9 }, { arbitrary: fc.uuid(), weight: 1 });
}

/** `count` distinct ids of one kind. */
export function arbitraryIdsOf(kind: IdKind, count: { readonly min: number; readonly max: number }): fc.Arbitrary<string[]> {
  return fc.uniqueArray(arbitraryIdOf(kind), { minLength: count.min, maxLength: count.max });
}

/** `count` distinct opaque ids with a prefix. */
export function arbitraryOpaqueIds(prefix: string, count: { readonly min: number; readonly max: number }): fc.Arbitrary<string[]> {
  return fc.uniqueArray(arbitraryOpaqueId(prefix), { minLength: count.min, maxLength: count.max });
}

const localCategory = fc
  .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"), minLength: 1, maxLength: 16 })
  .map((slug) => `x-${slug}`);

/** A need: mostly national categories, sometimes a scheme's own `x-` category. */
export function arbitraryNeed(): fc.Arbitrary<NeedCategory> {
  return fc.oneof({ arbitrary: fc.constantFrom(...NationalNeed.options), weight: 9 }, { arbitrary: localCategory, weight: 1 });
}

export function arbitrarySupport(): fc.Arbitrary<SupportCategory> {
  return fc.oneof({ arbitrary: fc.constantFrom(...NationalSupport.options), weight: 9 }, { arbitrary: localCategory, weight: 1 });
}

export function arbitraryConsent(): fc.Arbitrary<Consent> {
  return plainRecord({ contact: fc.boolean(), shareOutcomeWithReferrer: fc.boolean(), evaluation: fc.boolean() });
}

export function arbitraryGoal(goalId: fc.Arbitrary<string> = arbitraryOpaqueId("goal")): fc.Arbitrary<Goal> {
  return plainRecord({ goalId, need: arbitraryNeed(), noteRef: arbitraryOpaqueId("note") }, { requiredKeys: ["goalId", "need"] });
}

/** A plan's goals, with distinct goal ids as the decider requires. */
export function arbitraryGoals(goalId?: fc.Arbitrary<string>): fc.Arbitrary<Goal[]> {
  return fc.uniqueArray(arbitraryGoal(goalId), { selector: (goal) => goal.goalId, minLength: 1, maxLength: 6 });
}

/** Answers to one instrument, each whole and inside its item's range. */
export function arbitraryAnswers(instrument: Instrument): fc.Arbitrary<number[]> {
  return fc.tuple(...instrument.items.map((range) => fc.integer({ min: range.min, max: range.max })));
}

/** An instrument of the registry with answers in range. */
export function arbitraryInstrumentAnswers(
  instruments: InstrumentRegistry = standardInstruments,
): fc.Arbitrary<{ readonly instrument: Instrument; readonly answers: number[] }> {
  return fc
    .constantFrom(...instruments.values())
    .chain((instrument) => arbitraryAnswers(instrument).map((answers) => ({ instrument, answers })));
}

export function arbitraryEventMetadata(range: TimeRange = {}): fc.Arbitrary<EventMetadata> {
  return plainRecord({
    eventId: fc.uuid({ version: 7 }),
    occurredAt: arbitraryInstant(range),
    recordedBy: arbitraryOpaqueId("worker"),
    correlationId: fc.uuid(),
    causationId: fc.uuid(),
  });
}

const periodDays = fc.integer({ min: 0, max: 365 });

/** A well-formed GP record entry id (`gpr_` and 32 hex digits), from four 32-bit words: cheap to draw. */
export function arbitraryGpRecordEntryId(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }))
    .map((words) => `gpr_${words.map((word) => word.toString(16).padStart(8, "0")).join("")}`);
}

const eventData: { readonly [T in EventType]: fc.Arbitrary<EventOf<T>["data"]> } = {
  ReferralReceived: plainRecord(
    {
      caseId: arbitraryIdOf("case"),
      personId: arbitraryIdOf("person"),
      pcnId: arbitraryIdOf("pcn"),
      practiceId: arbitraryIdOf("practice"),
      source: fc.constantFrom(...ReferralSource.options),
      referrerId: arbitraryIdOf("referrer"),
      reasons: fc.array(arbitraryNeed(), { minLength: 1, maxLength: 4 }),
      consent: arbitraryConsent(),
    },
    { requiredKeys: ["caseId", "personId", "pcnId", "practiceId", "source", "reasons", "consent"] },
  ),
  ReferralAccepted: plainRecord({ linkWorkerId: arbitraryIdOf("linkWorker") }),
  ConsentGiven: plainRecord({ purpose: fc.constantFrom(...ConsentPurpose.options) }),
  ConsentWithdrawn: plainRecord({ purpose: fc.constantFrom(...ConsentPurpose.options) }),
  ReferralRejected: plainRecord({ reason: fc.constantFrom(...RejectionReason.options) }),
  SocialPrescribingDeclined: plainRecord({ reason: fc.constantFrom(...DeclineReason.options) }),
  ContactAttempted: plainRecord({ channel: fc.constantFrom(...ContactChannel.options), reached: fc.boolean() }),
  ConversationHeld: plainRecord(
    {
      mode: fc.constantFrom(...ConversationMode.options),
      minutes: fc.integer({ min: 1, max: 600 }),
      needs: fc.array(arbitraryNeed(), { maxLength: 4 }),
      strengths: fc.uniqueArray(fc.constantFrom(...StrengthCategory.options), { maxLength: 4 }),
      whatMattersRef: arbitraryOpaqueId("note"),
    },
    { requiredKeys: ["mode", "minutes", "needs", "strengths"] },
  ),
  WellbeingAssessed: fc
    .tuple(arbitraryInstrumentAnswers(), fc.constantFrom(...AssessmentTimepoint.options))
    .map(([{ instrument, answers }, timepoint]) => ({
      instrument: instrument.id,
      instrumentVersion: instrument.version,
      timepoint,
      items: answers,
      scores: { ...instrument.score(answers) },
    })),
  PlanAgreed: plainRecord({ goals: arbitraryGoals() }),
  PlanRevised: plainRecord({ goals: arbitraryGoals() }),
  GoalProgressRecorded: plainRecord({ goalId: arbitraryOpaqueId("goal"), progress: fc.constantFrom(...GoalProgress.options) }),
  ConnectionMade: plainRecord({
    connectionId: arbitraryOpaqueId("conn"),
    goalId: arbitraryOpaqueId("goal"),
    providerId: arbitraryIdOf("provider"),
    activity: arbitrarySupport(),
    mode: fc.constantFrom(...ConnectionMode.options),
  }),
  ConnectionOutcomeRecorded: plainRecord({
    connectionId: arbitraryOpaqueId("conn"),
    outcome: fc.constantFrom(...ConnectionOutcome.options),
  }),
  UnmetNeedRecorded: plainRecord(
    { need: arbitraryNeed(), reason: fc.constantFrom(...UnmetNeedReason.options), providerId: arbitraryIdOf("provider") },
    { requiredKeys: ["need", "reason"] },
  ),
  FollowUpScheduled: plainRecord({ followUpId: arbitraryOpaqueId("fu"), dueOn: arbitraryCalendarDate() }),
  FollowUpCompleted: plainRecord({ followUpId: arbitraryOpaqueId("fu"), mode: fc.constantFrom(...ConversationMode.options) }),
  FeedbackSentToReferrer: plainRecord({
    status: fc.constantFrom(...ReferrerOutcomeStatus.options),
    connections: fc.integer({ min: 0, max: 20 }),
  }).map(({ status, connections }) => ({
    status,
    // The code the GP record would carry for this status, as the decider writes it.
    snomedCode:
      status === "accepted" ? snomed.referralToSocialPrescribingService : status === "declined" ? snomed.socialPrescribingDeclined : null,
    connections,
  })),
  LinkWorkerReassigned: plainRecord({ fromLinkWorkerId: arbitraryIdOf("linkWorker"), toLinkWorkerId: arbitraryIdOf("linkWorker") }),
  CaseClosed: plainRecord({ reason: fc.constantFrom(...ClosureReason.options) }),
  GpRecordEntriesSent: plainRecord({
    entryIds: fc.uniqueArray(arbitraryGpRecordEntryId(), { minLength: 1, maxLength: 5 }),
  }),
  HealthcareUsageRecorded: fc
    .record({
      personId: arbitraryIdOf("person"),
      setting: fc.constantFrom(...HealthcareSetting.options),
      periodStart: arbitraryCalendarDate({ to: "2029-12-31" }),
      days: periodDays,
      count: fc.integer({ min: 0, max: 10_000 }),
    })
    .map(({ days, ...usage }) => ({ ...usage, periodEnd: calendarDateAt(Date.parse(usage.periodStart) + days * DAY_MS) })),
  ComparisonCohortEnrolled: plainRecord(
    {
      personId: arbitraryIdOf("person"),
      pcnId: arbitraryIdOf("pcn"),
      practiceId: arbitraryIdOf("practice"),
      indexDate: arbitraryCalendarDate(),
      matchedCaseId: arbitraryIdOf("case"),
    },
    { requiredKeys: ["personId", "pcnId", "indexDate"] },
  ),
  PcnListSizeRecorded: plainRecord({ pcnId: arbitraryIdOf("pcn"), registeredPatients: fc.integer({ min: 0, max: 2_000_000 }) }),
  LinkWorkerJoined: plainRecord({ linkWorkerId: arbitraryIdOf("linkWorker"), pcnId: arbitraryIdOf("pcn"), fte: arbitraryFte() }),
  LinkWorkerFteChanged: plainRecord({ linkWorkerId: arbitraryIdOf("linkWorker"), fte: arbitraryFte() }),
  LinkWorkerLeft: plainRecord({ linkWorkerId: arbitraryIdOf("linkWorker") }),
  SocialPrescribingStarted: plainRecord(
    { pcnId: arbitraryIdOf("pcn"), practiceId: arbitraryIdOf("practice"), startDate: arbitraryCalendarDate() },
    { requiredKeys: ["pcnId", "startDate"] },
  ),
  LocalCodeRegistered: plainRecord({
    list: fc.constantFrom(...CodeList.options),
    code: localCategory,
    label: fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz "), maxLength: 30 }).map((words) => `Local ${words}`.trim()),
  }),
  PracticeListCompositionRecorded: arbitraryListComposition(),
  // A decline carries its reason and nothing else does, as the decider writes them.
  ProviderUpdateRecorded: fc
    .record({
      connectionId: arbitraryOpaqueId("conn"),
      update: fc.constantFrom(...ProviderUpdate.options),
      reason: fc.constantFrom(...ProviderDeclineReason.options),
    })
    .map(({ reason, ...data }) => (data.update === "declined" ? { ...data, reason } : data)),
  ActivityBudgetSpent: plainRecord(
    { goalId: arbitraryOpaqueId("goal"), connectionId: arbitraryOpaqueId("conn"), amountPence: fc.integer({ min: 1, max: 1_000_000 }) },
    { requiredKeys: ["goalId", "amountPence"] },
  ),
  // The id fits the directory: an Open Referral UK service's UUID, or a local prov_ id.
  ProviderRegistered: fc
    .record({
      providerId: arbitraryIdOf("provider"),
      name: fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz "), maxLength: 30 }).map((words) => `Group ${words}`.trim()),
      supportCategories: fc.uniqueArray(arbitrarySupport(), { minLength: 1, maxLength: 3 }),
      route: fc.constantFrom(...ProviderReferralRoute.options),
    })
    .map((data) => ({ ...data, directory: data.providerId.startsWith("prov_") ? ("local" as const) : ("open_referral_uk" as const) })),
  ProviderCapacityDeclared: plainRecord({
    providerId: arbitraryIdOf("provider"),
    monthlyPlaces: fc.integer({ min: 0, max: 500 }),
    waitingList: fc.integer({ min: 0, max: 500 }),
  }),
  FundingAwarded: fc
    .record({
      providerId: arbitraryIdOf("provider"),
      fundingId: arbitraryOpaqueId("fund"),
      kind: fc.constantFrom(...FundingKind.options),
      amountPence: fc.integer({ min: 1, max: 100_000_000 }),
      periodStart: arbitraryCalendarDate({ to: "2029-12-31" }),
      days: periodDays,
      needs: fc.uniqueArray(arbitraryNeed(), { minLength: 1, maxLength: 3 }),
    })
    .map(({ days, ...funding }) => ({ ...funding, periodEnd: calendarDateAt(Date.parse(funding.periodStart) + days * DAY_MS) })),
};

/** Counts for some of `keys` that add up to at most `total` (the rest of the list has the field unrecorded). */
function arbitraryBreakdown<K extends string>(keys: readonly K[], total: number): fc.Arbitrary<Partial<Record<K, number>>> {
  return fc
    .subarray([...keys])
    .chain((chosen) =>
      fc
        .tuple(...chosen.map(() => fc.integer({ min: 0, max: Math.floor(total / Math.max(1, chosen.length)) })))
        .map((counts) => Object.fromEntries(chosen.map((key, at) => [key, counts[at] ?? 0])) as Partial<Record<K, number>>),
    );
}

/** A practice's list composition whose every breakdown fits in its list. */
function arbitraryListComposition(): fc.Arbitrary<EventOf<"PracticeListCompositionRecorded">["data"]> {
  return fc
    .tuple(arbitraryIdOf("pcn"), arbitraryIdOf("practice"), fc.integer({ min: 0, max: 60_000 }))
    .map(([pcnId, practiceId, registeredPatients]) => ({ pcnId, practiceId, registeredPatients }))
    .chain((list) =>
      plainRecord({
        pcnId: fc.constant(list.pcnId),
        practiceId: fc.constant(list.practiceId),
        registeredPatients: fc.constant(list.registeredPatients),
        byAgeBand: arbitraryBreakdown(AgeBand.options, list.registeredPatients),
        bySex: arbitraryBreakdown(PersonSex.options, list.registeredPatients),
        byEthnicGroup: arbitraryBreakdown(CensusEthnicGroup.options, list.registeredPatients),
        byDeprivationDecile: arbitraryBreakdown(DecileKey.options, list.registeredPatients),
      }),
    );
}

/** Hours as a fraction of full time, in twentieths (0.05 to 1.0), so values stay exact in JSON. */
export function arbitraryFte(): fc.Arbitrary<number> {
  return fc.integer({ min: 1, max: 20 }).map((twentieths) => twentieths / 20);
}

/** A valid event of one type at its current schema version, e.g. `arbitraryEvent("PlanAgreed")`. */
export function arbitraryEvent<T extends EventType>(type: T, range: TimeRange = {}): fc.Arbitrary<EventOf<T>> {
  const data = eventData[type] as fc.Arbitrary<EventOf<T>["data"]>;
  return fc
    .record({ data, metadata: arbitraryEventMetadata(range) })
    .map(
      ({ data: eventDataValue, metadata }) =>
        ({ type, schemaVersion: currentSchemaVersion(type), data: eventDataValue, metadata }) as EventOf<T>,
    );
}

/** A valid event of any type in the catalogue. */
export function arbitraryLinkworkEvent(range: TimeRange = {}): fc.Arbitrary<LinkworkEvent> {
  return fc.oneof(...eventTypes.map((type): fc.Arbitrary<LinkworkEvent> => arbitraryEvent(type, range)));
}

/** A valid event of any case event type (each valid on its own; a sequence of them is not a case's life). */
export function arbitraryCaseEvent(range: TimeRange = {}): fc.Arbitrary<CaseEvent> {
  const caseTypes = eventTypes.filter((type): type is CaseEvent["type"] => eventCatalogue[type].category === "case");
  return fc.oneof(...caseTypes.map((type): fc.Arbitrary<CaseEvent> => arbitraryEvent(type, range)));
}
