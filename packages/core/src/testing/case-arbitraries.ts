// One file, over 400 lines on purpose: the command arbitrary, the life script and the sequence
// arbitrary share one model of a case's path (stages, ids in play, dates), kept in one place.
import fc from "fast-check";
import { v5 as uuidV5 } from "uuid";
import { openSchemePolicy, type SchemePolicy } from "../case/policy.js";
import type { CaseCommand, CaseCommandType } from "../case/commands.js";
import { decideCaseCommand } from "../case/decide.js";
import { evolveCase } from "../case/evolve.js";
import { gpRecordEntriesOf } from "../case/gp-record-entries.js";
import { initialCaseState } from "../case/state.js";
import { ConsentPurpose } from "../case/consent.js";
import type { Consent, Goal } from "../case/events.js";
import {
  AssessmentTimepoint,
  ClosureReason,
  ConnectionMode,
  ConnectionOutcome,
  ContactChannel,
  ConversationMode,
  DeclineReason,
  GoalProgress,
  NationalNeed,
  ReferralSource,
  RejectionReason,
  StrengthCategory,
  UnmetNeedReason,
  ProviderDeclineReason,
  ProviderUpdate,
  type NeedCategory,
  type SupportCategory,
} from "../events/vocabulary.js";
import { statusAfter, type ProviderConnectionStatus } from "../provider/connection-status.js";
import type { Instrument, InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import {
  arbitraryCalendarDate,
  arbitraryConsent,
  arbitraryGoal,
  arbitraryInstant,
  arbitraryInstrumentAnswers,
  arbitraryNeed,
  arbitraryIdOf,
  arbitraryOpaqueId,
  arbitrarySupport,
  arbitraryGpRecordEntryId,
  calendarDateAt,
  plainRecord,
  DAY_MS,
  instantAt,
  MINUTE_MS,
  type TimeRange,
} from "./arbitraries.js";

/**
 * Commands of one case. `arbitraryCaseLife` generates a case's life that the decider accepts
 * command by command; `arbitraryCaseCommand` generates any well-formed command, whatever the
 * case's state, for model-based tests; `arbitraryCaseCommandSequence` mixes the two.
 *
 * Goal, connection and follow-up ids are numbered within their case (`goal-1`, `conn-1`, `fu-1`),
 * as the domain only needs them unique inside a case; arbitrary commands draw from the same small
 * pools so that they often name things that exist.
 */

type CommandOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>;

/** Link workers and providers used when a test names none. */
export const defaultLinkWorkerIds = ["lw_w1", "lw_w2", "lw_w3"] as const;
export const defaultProviderIds = ["prov_p1", "prov_p2", "prov_p3"] as const;
const goalPool = ["goal-1", "goal-2", "goal-3", "goal-4"] as const;
const connectionPool = ["conn-1", "conn-2", "conn-3"] as const;
const followUpPool = ["fu-1", "fu-2", "fu-3"] as const;

export interface CaseLifeConstraints {
  /** The scheme the life must respect: accepted sources, contacts, episode length, attempts. Open by default. */
  readonly policy?: SchemePolicy;
  readonly instruments?: InstrumentRegistry;
  readonly caseId?: string;
  readonly personId?: string;
  readonly pcnId?: string;
  readonly practiceIds?: readonly string[];
  /** Who may accept the case and take it over. */
  readonly linkWorkerIds?: readonly string[];
  /** Providers connections are made to and unmet needs name. */
  readonly providerIds?: readonly string[];
  /** When the referral may arrive; 2021-2025 when absent. */
  readonly referredAt?: TimeRange;
  /** Who records the referral (a triage or admin worker). */
  readonly recordedBy?: string;
}

interface ConversationScript {
  readonly mode: ConversationMode;
  readonly minutes: number;
  readonly needs: NeedCategory[];
  readonly strengths: StrengthCategory[];
  readonly whatMattersRef: string | null;
}

interface AssessmentScript {
  readonly instrument: Instrument;
  readonly answers: number[];
  readonly timepoint: AssessmentTimepoint;
}

interface GoalScript {
  readonly need: NeedCategory;
  readonly noteRef: string | null;
}

type EarlyStep =
  | { readonly kind: "assess"; readonly assessment: AssessmentScript }
  | { readonly kind: "unmet"; readonly need: NeedCategory; readonly reason: UnmetNeedReason; readonly provider: number | null }
  | { readonly kind: "schedule"; readonly dueInDays: number | null };

type MiddleStep =
  | EarlyStep
  | {
      readonly kind: "connect";
      readonly goal: number;
      readonly provider: number;
      readonly activity: SupportCategory;
      readonly mode: ConnectionMode;
    }
  | { readonly kind: "outcome"; readonly connection: number; readonly outcome: ConnectionOutcome }
  | { readonly kind: "progress"; readonly goal: number; readonly progress: GoalProgress }
  | { readonly kind: "complete"; readonly followUp: number; readonly mode: ConversationMode }
  | { readonly kind: "conversation"; readonly conversation: ConversationScript }
  | { readonly kind: "attempt"; readonly channel: ContactChannel; readonly reached: boolean }
  | { readonly kind: "feedback" }
  | { readonly kind: "consent"; readonly purpose: ConsentPurpose; readonly given: boolean }
  | { readonly kind: "revise"; readonly keep: readonly boolean[]; readonly added: readonly GoalScript[] }
  | { readonly kind: "reassign"; readonly linkWorker: number }
  | { readonly kind: "provider"; readonly connection: number; readonly update: ProviderUpdate; readonly reason: ProviderDeclineReason }
  | { readonly kind: "spend"; readonly goal: number; readonly connection: number | null; readonly amountPence: number };

/** The random choices behind one life; `liveCase` turns them into commands the decider accepts. */
interface LifeScript {
  readonly seed: string;
  readonly caseId: string;
  readonly personId: string;
  readonly pcnId: string;
  readonly practice: number;
  readonly referrerId: string | null;
  readonly referredAtMs: number;
  readonly source: ReferralSource;
  readonly reasons: NeedCategory[];
  readonly consent: Consent;
  readonly opening: "accept" | "reject" | "decline";
  readonly rejectReason: RejectionReason;
  readonly declineReason: DeclineReason;
  readonly notifyReferrer: boolean;
  readonly linkWorker: number;
  /** Unanswered attempts before the person is reached; the policy's limit means unreachable. */
  readonly unanswered: number;
  readonly reachedByAttempt: boolean;
  readonly declinesAfterAcceptance: boolean;
  readonly conversation: ConversationScript;
  readonly early: readonly EarlyStep[];
  readonly plan: readonly GoalScript[] | null;
  readonly middle: readonly MiddleStep[];
  readonly closure: ClosureReason | null;
  /** Consent given or withdrawn after the case closed (withdrawing consent to evaluation, say). */
  readonly afterClosure: { readonly purpose: ConsentPurpose; readonly given: boolean } | null;
  readonly gapsMinutes: readonly number[];
  /** Which of the life's GP record entries the embedder acknowledges at its end (none when empty). */
  readonly acknowledge: readonly boolean[];
}

const EARLY_MAX = 3;

const consentStep = () => plainRecord({ purpose: fc.constantFrom(...ConsentPurpose.options), given: fc.boolean() });
const MIDDLE_MAX = 14;

const conversationScript = (): fc.Arbitrary<ConversationScript> =>
  plainRecord({
    mode: fc.constantFrom(...ConversationMode.options),
    minutes: fc.integer({ min: 10, max: 120 }),
    needs: fc.uniqueArray(arbitraryNeed(), { maxLength: 3 }),
    strengths: fc.uniqueArray(fc.constantFrom(...StrengthCategory.options), { maxLength: 3 }),
    whatMattersRef: fc.option(arbitraryOpaqueId("note"), { nil: null }),
  });

const assessmentScript = (instruments: InstrumentRegistry, timepoint: fc.Arbitrary<AssessmentTimepoint>): fc.Arbitrary<AssessmentScript> =>
  fc
    .tuple(arbitraryInstrumentAnswers(instruments), timepoint)
    .map(([{ instrument, answers }, at]) => ({ instrument, answers, timepoint: at }));

const goalScript = (): fc.Arbitrary<GoalScript> =>
  plainRecord({ need: arbitraryNeed(), noteRef: fc.option(arbitraryOpaqueId("note"), { nil: null }) });

const earlyStep = (instruments: InstrumentRegistry, timepoint: fc.Arbitrary<AssessmentTimepoint>): fc.Arbitrary<EarlyStep> =>
  fc.oneof(
    { arbitrary: assessmentScript(instruments, timepoint).map((assessment) => ({ kind: "assess" as const, assessment })), weight: 2 },
    {
      arbitrary: plainRecord({
        kind: fc.constant("unmet" as const),
        need: arbitraryNeed(),
        reason: fc.constantFrom(...UnmetNeedReason.options),
        provider: fc.option(fc.nat(), { nil: null }),
      }),
      weight: 1,
    },
    {
      arbitrary: plainRecord({
        kind: fc.constant("schedule" as const),
        dueInDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      }),
      weight: 1,
    },
  );

const middleStep = (instruments: InstrumentRegistry): fc.Arbitrary<MiddleStep> =>
  fc.oneof(
    { arbitrary: earlyStep(instruments, fc.constantFrom("review", "follow_up", "closure")), weight: 4 },
    {
      arbitrary: plainRecord({
        kind: fc.constant("connect" as const),
        goal: fc.nat(),
        provider: fc.nat(),
        activity: arbitrarySupport(),
        mode: fc.constantFrom(...ConnectionMode.options),
      }),
      weight: 4,
    },
    {
      arbitrary: plainRecord({
        kind: fc.constant("outcome" as const),
        connection: fc.nat(),
        outcome: fc.constantFrom(...ConnectionOutcome.options),
      }),
      weight: 3,
    },
    {
      arbitrary: plainRecord({
        kind: fc.constant("progress" as const),
        goal: fc.nat(),
        progress: fc.constantFrom(...GoalProgress.options),
      }),
      weight: 2,
    },
    {
      arbitrary: plainRecord({
        kind: fc.constant("complete" as const),
        followUp: fc.nat(),
        mode: fc.constantFrom(...ConversationMode.options),
      }),
      weight: 2,
    },
    { arbitrary: conversationScript().map((conversation) => ({ kind: "conversation" as const, conversation })), weight: 2 },
    {
      arbitrary: plainRecord({
        kind: fc.constant("attempt" as const),
        channel: fc.constantFrom(...ContactChannel.options),
        reached: fc.boolean(),
      }),
      weight: 1,
    },
    { arbitrary: fc.constant({ kind: "feedback" as const }), weight: 1 },
    { arbitrary: consentStep().map((step) => ({ kind: "consent" as const, ...step })), weight: 1 },
    {
      arbitrary: plainRecord({
        kind: fc.constant("revise" as const),
        keep: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        added: fc.array(goalScript(), { maxLength: 2 }),
      }),
      weight: 1,
    },
    { arbitrary: plainRecord({ kind: fc.constant("reassign" as const), linkWorker: fc.nat() }), weight: 1 },
    {
      arbitrary: plainRecord({
        kind: fc.constant("provider" as const),
        connection: fc.nat(),
        update: fc.constantFrom(...ProviderUpdate.options),
        reason: fc.constantFrom(...ProviderDeclineReason.options),
      }),
      weight: 3,
    },
    {
      arbitrary: plainRecord({
        kind: fc.constant("spend" as const),
        goal: fc.nat(),
        connection: fc.option(fc.nat(), { nil: null }),
        amountPence: fc.integer({ min: 1, max: 20_000 }),
      }),
      weight: 1,
    },
  );

function lifeScript(policy: SchemePolicy, instruments: InstrumentRegistry, constraints: CaseLifeConstraints): fc.Arbitrary<LifeScript> {
  const limit = policy.contactAttemptsBeforeUnreachable;
  // Every step may wait up to this long, so the whole life fits inside the episode.
  const maxSteps = 1 + (limit + 1) + 1 + 1 + EARLY_MAX + 1 + MIDDLE_MAX + 1 + 1;
  const maxGapMinutes = Math.floor((policy.episodeLengthDays * DAY_MS) / MINUTE_MS / maxSteps);
  const referredFrom = Date.parse(constraints.referredAt?.from ?? "2021-01-01T00:00:00Z");
  const referredTo = Date.parse(constraints.referredAt?.to ?? "2025-12-31T23:59:59Z");
  return plainRecord({
    seed: fc.uuid(),
    caseId: constraints.caseId === undefined ? arbitraryIdOf("case") : fc.constant(constraints.caseId),
    personId: constraints.personId === undefined ? arbitraryIdOf("person") : fc.constant(constraints.personId),
    pcnId: constraints.pcnId === undefined ? arbitraryIdOf("pcn") : fc.constant(constraints.pcnId),
    practice: fc.nat(),
    referrerId: fc.option(arbitraryIdOf("referrer"), { nil: null }),
    referredAtMs: fc.integer({ min: Math.ceil(referredFrom / 1000), max: Math.floor(referredTo / 1000) }).map((seconds) => seconds * 1000),
    source: fc.constantFrom(...policy.acceptedSources),
    reasons: fc.uniqueArray(arbitraryNeed(), { minLength: 1, maxLength: 3 }),
    consent: arbitraryConsent(),
    opening: fc.oneof(
      { arbitrary: fc.constant("accept" as const), weight: 16 },
      { arbitrary: fc.constant("reject" as const), weight: 2 },
      { arbitrary: fc.constant("decline" as const), weight: 1 },
    ),
    rejectReason: fc.constantFrom(...RejectionReason.options),
    declineReason: fc.constantFrom(...DeclineReason.options),
    notifyReferrer: fc.boolean(),
    linkWorker: fc.nat(),
    unanswered: fc.oneof({ arbitrary: fc.integer({ min: 0, max: limit - 1 }), weight: 9 }, { arbitrary: fc.constant(limit), weight: 1 }),
    reachedByAttempt: fc.boolean(),
    declinesAfterAcceptance: fc.oneof({ arbitrary: fc.constant(false), weight: 19 }, { arbitrary: fc.constant(true), weight: 1 }),
    conversation: conversationScript(),
    early: fc.array(earlyStep(instruments, fc.constant("baseline")), { maxLength: EARLY_MAX }),
    plan: fc.oneof(
      { arbitrary: fc.array(goalScript(), { minLength: 1, maxLength: 4 }), weight: 9 },
      { arbitrary: fc.constant(null), weight: 1 },
    ),
    middle: fc.array(middleStep(instruments), { maxLength: MIDDLE_MAX }),
    closure: fc.oneof({ arbitrary: fc.constantFrom(...ClosureReason.options), weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }),
    afterClosure: fc.option(consentStep(), { nil: null, freq: 3 }),
    gapsMinutes: fc.array(fc.integer({ min: 0, max: maxGapMinutes }), { minLength: maxSteps, maxLength: maxSteps }),
    // Finding the entry ids decides the whole life, so only one life in five acknowledges any.
    acknowledge: fc.oneof({ arbitrary: fc.constant([]), weight: 4 }, { arbitrary: fc.array(fc.boolean(), { maxLength: 6 }), weight: 1 }),
  });
}

/**
 * The life with, at its end, an acknowledgement of some of its GP record entries (as an embedder
 * that drained the outbox sends). Entry ids come from the events, so the life is decided to find them.
 */
function withAcknowledgements(
  commands: CaseCommand[],
  script: LifeScript,
  policy: SchemePolicy,
  instruments: InstrumentRegistry,
): CaseCommand[] {
  if (!script.acknowledge.includes(true)) return commands;
  let state = initialCaseState;
  for (const command of commands) {
    const decided = decideCaseCommand(command, state, policy, instruments);
    if (decided._tag === "Left") return commands;
    state = decided.right.reduce(evolveCase, state);
  }
  const entryIds = [...gpRecordEntriesOf(state).keys()].filter((_, index) => pick(script.acknowledge, index));
  const last = commands.at(-1);
  if (entryIds.length === 0 || last === undefined) return commands;
  return [
    ...commands,
    {
      type: "AcknowledgeGpRecordEntries",
      caseId: script.caseId,
      commandId: uuidV5(`${script.caseId}#${commands.length}`, script.seed),
      occurredAt: instantAt(Date.parse(last.occurredAt) + MINUTE_MS),
      recordedBy: last.recordedBy,
      entryIds,
    },
  ];
}

interface LifeSetting {
  readonly policy: SchemePolicy;
  readonly practiceIds: readonly string[];
  readonly linkWorkerIds: readonly string[];
  readonly providerIds: readonly string[];
  readonly recordedBy: string;
}

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;

const goalFrom = (goalId: string, script: GoalScript): Goal => ({
  goalId,
  need: script.need,
  ...(script.noteRef === null ? {} : { noteRef: script.noteRef }),
});

/**
 * Plays a script as a case's life: every command it returns is accepted, in order, under the
 * setting's policy. Steps the case cannot take at that point (an outcome before any connection, a
 * session past the contact limit) are left out rather than emitted.
 */
function liveCase(script: LifeScript, setting: LifeSetting): CaseCommand[] {
  const { policy } = setting;
  const limit = policy.contactAttemptsBeforeUnreachable;
  const commands: CaseCommand[] = [];
  let at = script.referredAtMs;
  let gapIndex = 0;
  let recordedBy = setting.recordedBy;
  const origin = () => {
    if (commands.length > 0) at += (script.gapsMinutes[gapIndex++] ?? 0) * MINUTE_MS;
    return {
      caseId: script.caseId,
      // Derived, so every command of every generated case has its own id and shrinking keeps them distinct.
      commandId: uuidV5(`${script.caseId}#${commands.length}`, script.seed),
      occurredAt: instantAt(at),
      recordedBy,
    };
  };

  commands.push({
    type: "ReceiveReferral",
    ...origin(),
    personId: script.personId,
    pcnId: script.pcnId,
    practiceId: pick(setting.practiceIds, script.practice),
    source: script.source,
    ...(script.referrerId === null ? {} : { referrerId: script.referrerId }),
    reasons: script.reasons,
    consent: script.consent,
  });
  if (script.opening === "reject") {
    commands.push({ type: "RejectReferral", ...origin(), reason: script.rejectReason, notifyReferrer: script.notifyReferrer });
    return commands;
  }
  if (script.opening === "decline") {
    commands.push({ type: "DeclineSocialPrescribing", ...origin(), reason: script.declineReason, notifyReferrer: script.notifyReferrer });
    return commands;
  }

  let linkWorkerId = pick(setting.linkWorkerIds, script.linkWorker);
  recordedBy = linkWorkerId;
  commands.push({ type: "AcceptReferral", ...origin(), linkWorkerId });

  // The consent in force: the handler refuses contact attempts without consent to contact.
  let consent: Consent = { ...script.consent };
  const channel = "phone";
  const attempts = consent.contact ? Math.min(script.unanswered, limit) : 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    commands.push({ type: "RecordContactAttempt", ...origin(), channel, reached: false });
  }
  if (script.unanswered >= limit) {
    commands.push({ type: "CloseCase", ...origin(), reason: "unreachable", notifyReferrer: script.notifyReferrer });
    return commands;
  }
  if (script.reachedByAttempt && consent.contact) commands.push({ type: "RecordContactAttempt", ...origin(), channel, reached: true });
  if (script.declinesAfterAcceptance) {
    commands.push({ type: "DeclineSocialPrescribing", ...origin(), reason: script.declineReason, notifyReferrer: script.notifyReferrer });
    return commands;
  }

  let contacts = 0;
  let unanswered = 0;
  const conversation = (spec: ConversationScript): CommandOf<"HoldConversation"> => ({
    type: "HoldConversation",
    ...origin(),
    mode: spec.mode,
    minutes: spec.minutes,
    needs: spec.needs,
    strengths: spec.strengths,
    ...(spec.whatMattersRef === null ? {} : { whatMattersRef: spec.whatMattersRef }),
  });
  commands.push(conversation(script.conversation));
  contacts += 1;

  let goals: Goal[] = [];
  let goalCount = 0;
  const connections: string[] = [];
  const providerStatuses = new Map<string, ProviderConnectionStatus>();
  const followUps: { id: string; completed: boolean }[] = [];

  const takeStep = (step: MiddleStep): void => {
    switch (step.kind) {
      case "assess":
        commands.push({
          type: "AssessWellbeing",
          ...origin(),
          instrument: step.assessment.instrument.id,
          timepoint: step.assessment.timepoint,
          items: step.assessment.answers,
        });
        return;
      case "unmet":
        commands.push({
          type: "RecordUnmetNeed",
          ...origin(),
          need: step.need,
          reason: step.reason,
          ...(step.provider === null ? {} : { providerId: pick(setting.providerIds, step.provider) }),
        });
        return;
      case "schedule": {
        const base = origin();
        const id = `fu-${followUps.length + 1}`;
        followUps.push({ id, completed: false });
        commands.push({
          type: "ScheduleFollowUp",
          ...base,
          followUpId: id,
          ...(step.dueInDays === null ? {} : { dueOn: calendarDateAt(at + step.dueInDays * DAY_MS) }),
        });
        return;
      }
      case "complete": {
        const open = followUps.filter((followUp) => !followUp.completed);
        if (open.length === 0 || contacts >= policy.maxContacts) return;
        const followUp = pick(open, step.followUp);
        followUp.completed = true;
        contacts += 1;
        unanswered = 0;
        commands.push({ type: "CompleteFollowUp", ...origin(), followUpId: followUp.id, mode: step.mode });
        return;
      }
      case "conversation":
        if (contacts >= policy.maxContacts) return;
        contacts += 1;
        unanswered = 0;
        commands.push(conversation(step.conversation));
        return;
      case "attempt":
        if (!consent.contact || (!step.reached && unanswered >= limit)) return;
        unanswered = step.reached ? 0 : unanswered + 1;
        commands.push({ type: "RecordContactAttempt", ...origin(), channel: step.channel, reached: step.reached });
        return;
      case "feedback":
        if (!consent.shareOutcomeWithReferrer) return;
        commands.push({ type: "SendFeedbackToReferrer", ...origin() });
        return;
      case "consent":
        if (consent[step.purpose] === step.given) return;
        consent = { ...consent, [step.purpose]: step.given };
        commands.push({ type: step.given ? "GiveConsent" : "WithdrawConsent", ...origin(), purpose: step.purpose });
        return;
      case "connect": {
        if (goals.length === 0) return;
        const id = `conn-${connections.length + 1}`;
        connections.push(id);
        commands.push({
          type: "MakeConnection",
          ...origin(),
          connectionId: id,
          goalId: pick(goals, step.goal).goalId,
          providerId: pick(setting.providerIds, step.provider),
          activity: step.activity,
          mode: step.mode,
        });
        return;
      }
      case "outcome":
        if (connections.length === 0) return;
        commands.push({
          type: "RecordConnectionOutcome",
          ...origin(),
          connectionId: pick(connections, step.connection),
          outcome: step.outcome,
        });
        return;
      case "provider": {
        if (connections.length === 0) return;
        const connectionId = pick(connections, step.connection);
        // Only an update the provider may make next (attended once accepted, nothing after finished).
        const status = statusAfter(providerStatuses.get(connectionId) ?? "awaiting", step.update);
        if (status === null) return;
        providerStatuses.set(connectionId, status);
        commands.push({
          type: "RecordProviderUpdate",
          ...origin(),
          connectionId,
          update: step.update,
          ...(step.update === "declined" ? { reason: step.reason } : {}),
        });
        return;
      }
      case "spend":
        if (goals.length === 0) return;
        commands.push({
          type: "RecordActivityBudgetSpend",
          ...origin(),
          goalId: pick(goals, step.goal).goalId,
          ...(step.connection === null || connections.length === 0 ? {} : { connectionId: pick(connections, step.connection) }),
          amountPence: step.amountPence,
        });
        return;
      case "progress":
        if (goals.length === 0) return;
        commands.push({ type: "RecordGoalProgress", ...origin(), goalId: pick(goals, step.goal).goalId, progress: step.progress });
        return;
      case "revise": {
        if (goals.length === 0) return;
        const kept = goals.filter((_, index) => pick(step.keep, index));
        const added = step.added.map((spec) => goalFrom(`goal-${++goalCount}`, spec));
        const revised = [...kept, ...added].slice(0, 20);
        goals = revised.length > 0 ? revised : goals.slice(0, 1);
        commands.push({ type: "RevisePlan", ...origin(), goals });
        return;
      }
      case "reassign": {
        const next = pick(setting.linkWorkerIds, step.linkWorker);
        if (next === linkWorkerId) return;
        commands.push({ type: "ReassignLinkWorker", ...origin(), toLinkWorkerId: next });
        linkWorkerId = next;
        recordedBy = next;
        return;
      }
    }
  };

  for (const step of script.early) takeStep(step);
  if (script.plan !== null) {
    goals = script.plan.map((spec) => goalFrom(`goal-${++goalCount}`, spec));
    commands.push({ type: "AgreePlan", ...origin(), goals });
    for (const step of script.middle) takeStep(step);
  }
  if (script.closure !== null) {
    commands.push({ type: "CloseCase", ...origin(), reason: script.closure, notifyReferrer: script.notifyReferrer });
    const late = script.afterClosure;
    if (late !== null && consent[late.purpose] !== late.given) {
      commands.push({ type: late.given ? "GiveConsent" : "WithdrawConsent", ...origin(), purpose: late.purpose });
    }
  }
  return commands;
}

/**
 * A case's life as commands, each accepted by the decider in order under the policy: a referral from
 * a source the scheme accepts; then a rejection, a decline, or acceptance; contact attempts (up to
 * closing as unreachable); a conversation; baseline assessments with answers in range; a plan;
 * connections naming the plan's goals, their outcomes, progress, unmet needs, follow-ups, feedback
 * (when the person consented), plan revisions and reassignment; and usually a closure. occurredAt
 * never goes backwards and every accepted-after-referral step falls inside the episode.
 */
export function arbitraryCaseLife(constraints: CaseLifeConstraints = {}): fc.Arbitrary<CaseCommand[]> {
  const policy = constraints.policy ?? openSchemePolicy;
  const setting: LifeSetting = {
    policy,
    practiceIds: constraints.practiceIds ?? ["P00004", "P00005"],
    linkWorkerIds: constraints.linkWorkerIds ?? defaultLinkWorkerIds,
    providerIds: constraints.providerIds ?? defaultProviderIds,
    recordedBy: constraints.recordedBy ?? "triage-1",
  };
  const instruments = constraints.instruments ?? standardInstruments;
  return lifeScript(policy, instruments, constraints).map((script) =>
    withAcknowledgements(liveCase(script, setting), script, policy, instruments),
  );
}

/**
 * A scheme's settings: a non-empty set of accepted sources and small limits, so that tests reach
 * the contact maximum, the attempts limit and the episode's end often.
 */
export function arbitrarySchemePolicy(): fc.Arbitrary<SchemePolicy> {
  return plainRecord({
    acceptedSources: fc.subarray([...ReferralSource.options], { minLength: 1 }),
    maxContacts: fc.integer({ min: 1, max: 8 }),
    episodeLengthDays: fc.integer({ min: 7, max: 365 }),
    contactAttemptsBeforeUnreachable: fc.integer({ min: 1, max: 5 }),
    followUpIntervalDays: fc.integer({ min: 1, max: 60 }),
    notifyReferrerOnAcceptance: fc.boolean(),
  });
}

export interface CaseCommandConstraints {
  /** The case every command names; random when absent. */
  readonly caseId?: string;
  /** When commands happen; any instant in 2020-2030 when absent. */
  readonly occurredAt?: fc.Arbitrary<string>;
  readonly instruments?: InstrumentRegistry;
}

interface CommonFields {
  readonly caseId: string;
  readonly commandId: string;
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly correlationId?: string;
}

type CommandBody<T extends CaseCommandType> = Omit<CommandOf<T>, keyof CommonFields | "type">;

/**
 * Any well-formed case command, whether or not the case could take it now: the stage, the time,
 * the references and the answers are all left to chance (answers are sometimes out of range or
 * for an unknown instrument). For model-based tests; schema-invalid input is `fc.anything()`'s job.
 */
export function arbitraryCaseCommand(constraints: CaseCommandConstraints = {}): fc.Arbitrary<CaseCommand> {
  const common: fc.Arbitrary<CommonFields> = plainRecord(
    {
      caseId: constraints.caseId === undefined ? arbitraryIdOf("case") : fc.constant(constraints.caseId),
      commandId: fc.uuid(),
      occurredAt: constraints.occurredAt ?? arbitraryInstant(),
      recordedBy: fc.constantFrom("triage-1", ...defaultLinkWorkerIds),
      correlationId: fc.uuid(),
    },
    { requiredKeys: ["caseId", "commandId", "occurredAt", "recordedBy"] },
  );
  const command = <T extends CaseCommandType>(type: T, body: fc.Arbitrary<CommandBody<T>>, weight = 1) => ({
    arbitrary: fc.tuple(common, body).map(([fields, rest]) => ({ ...rest, ...fields, type }) as unknown as CaseCommand),
    weight,
  });
  const instruments = constraints.instruments ?? standardInstruments;
  const goalId = fc.constantFrom(...goalPool);
  const linkWorkerId = fc.constantFrom(...defaultLinkWorkerIds);
  const providerId = fc.constantFrom(...defaultProviderIds);
  const answers = fc.oneof(
    {
      arbitrary: arbitraryInstrumentAnswers(instruments).map(({ instrument, answers: items }) => ({ instrument: instrument.id, items })),
      weight: 3,
    },
    {
      arbitrary: plainRecord({
        instrument: fc.constantFrom(...instruments.keys(), "UNKNOWN-1"),
        items: fc.array(fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double({ min: -1, max: 11, noNaN: true })), {
          minLength: 1,
          maxLength: 16,
        }),
      }),
      weight: 1,
    },
  );
  return fc.oneof(
    command(
      "ReceiveReferral",
      plainRecord(
        {
          personId: fc.constantFrom("person_p1", "person_p2"),
          pcnId: fc.constantFrom("U00007", "U00008"),
          practiceId: fc.constantFrom("P00004", "P00005"),
          source: fc.constantFrom(...ReferralSource.options),
          referrerId: arbitraryIdOf("referrer"),
          reasons: fc.uniqueArray(arbitraryNeed(), { minLength: 1, maxLength: 3 }),
          consent: arbitraryConsent(),
        },
        { requiredKeys: ["personId", "pcnId", "practiceId", "source", "reasons", "consent"] },
      ),
    ),
    command("AcceptReferral", plainRecord({ linkWorkerId })),
    command("RejectReferral", plainRecord({ reason: fc.constantFrom(...RejectionReason.options), notifyReferrer: fc.boolean() })),
    command("DeclineSocialPrescribing", plainRecord({ reason: fc.constantFrom(...DeclineReason.options), notifyReferrer: fc.boolean() })),
    command("RecordContactAttempt", plainRecord({ channel: fc.constantFrom(...ContactChannel.options), reached: fc.boolean() }), 2),
    command(
      "HoldConversation",
      conversationScript().map(({ whatMattersRef, ...spec }) => ({ ...spec, ...(whatMattersRef === null ? {} : { whatMattersRef }) })),
      2,
    ),
    command(
      "AssessWellbeing",
      fc.tuple(answers, fc.constantFrom(...AssessmentTimepoint.options)).map(([body, timepoint]) => ({ ...body, timepoint })),
    ),
    command("AgreePlan", plainRecord({ goals: fc.array(arbitraryGoal(goalId), { minLength: 1, maxLength: 4 }) }), 2),
    command("RevisePlan", plainRecord({ goals: fc.array(arbitraryGoal(goalId), { minLength: 1, maxLength: 4 }) })),
    command("RecordGoalProgress", plainRecord({ goalId, progress: fc.constantFrom(...GoalProgress.options) })),
    command(
      "MakeConnection",
      plainRecord({
        connectionId: fc.constantFrom(...connectionPool),
        goalId,
        providerId,
        activity: arbitrarySupport(),
        mode: fc.constantFrom(...ConnectionMode.options),
      }),
      2,
    ),
    command(
      "RecordConnectionOutcome",
      plainRecord({ connectionId: fc.constantFrom(...connectionPool), outcome: fc.constantFrom(...ConnectionOutcome.options) }),
      2,
    ),
    // Any update, reason or none: out of order, a reason where none belongs, a decline without one.
    command(
      "RecordProviderUpdate",
      plainRecord(
        {
          connectionId: fc.constantFrom(...connectionPool),
          update: fc.constantFrom(...ProviderUpdate.options),
          reason: fc.constantFrom(...ProviderDeclineReason.options),
        },
        { requiredKeys: ["connectionId", "update"] },
      ),
      2,
    ),
    command(
      "RecordActivityBudgetSpend",
      plainRecord(
        { goalId, connectionId: fc.constantFrom(...connectionPool), amountPence: fc.integer({ min: 1, max: 1_000_000 }) },
        { requiredKeys: ["goalId", "amountPence"] },
      ),
    ),
    command(
      "RecordUnmetNeed",
      plainRecord(
        { need: fc.constantFrom(...NationalNeed.options), reason: fc.constantFrom(...UnmetNeedReason.options), providerId },
        { requiredKeys: ["need", "reason"] },
      ),
    ),
    command(
      "ScheduleFollowUp",
      plainRecord({ followUpId: fc.constantFrom(...followUpPool), dueOn: arbitraryCalendarDate() }, { requiredKeys: ["followUpId"] }),
    ),
    command(
      "CompleteFollowUp",
      plainRecord({ followUpId: fc.constantFrom(...followUpPool), mode: fc.constantFrom(...ConversationMode.options) }),
      2,
    ),
    command("SendFeedbackToReferrer", fc.constant({})),
    command("ReassignLinkWorker", plainRecord({ toLinkWorkerId: linkWorkerId })),
    command("CloseCase", plainRecord({ reason: fc.constantFrom(...ClosureReason.options), notifyReferrer: fc.boolean() })),
    // Ids the case never caused (refused as unknown); the life's own acknowledgements name real ones.
    command(
      "AcknowledgeGpRecordEntries",
      plainRecord({
        entryIds: fc.uniqueArray(arbitraryGpRecordEntryId(), { minLength: 1, maxLength: 3 }),
      }),
    ),
    command("GiveConsent", plainRecord({ purpose: fc.constantFrom(...ConsentPurpose.options) })),
    command("WithdrawConsent", plainRecord({ purpose: fc.constantFrom(...ConsentPurpose.options) })),
  );
}

export interface CaseCommandSequenceConstraints extends CaseLifeConstraints {
  /** Most arbitrary commands mixed into the life; 10 when absent. */
  readonly maxNoise?: number;
}

type Noise =
  | { readonly kind: "command"; readonly command: CaseCommand }
  | { readonly kind: "repeat"; readonly of: number }
  | { readonly kind: "again"; readonly commandId: string };

/**
 * A case's life with arbitrary commands mixed in: most of them near the life's own time, some a
 * little before it, a few long after it (past the episode), some exact repeats of a life command
 * (same command id) and some second entries of the previous one (a new command id). Any of them may be
 * refused and may make later life commands refused too; the sequence is for model-based tests that
 * check what holds whatever is accepted.
 */
export function arbitraryCaseCommandSequence(constraints: CaseCommandSequenceConstraints = {}): fc.Arbitrary<CaseCommand[]> {
  const noise = plainRecord({
    at: fc.nat(),
    // Mostly near the life's own time; now and then long after it, past any scheme's episode
    // (arbitrarySchemePolicy's are at most 365 days), or the episode rule is never provoked.
    shiftMinutes: fc.oneof(
      { arbitrary: fc.integer({ min: -2 * 1440, max: 4 * 1440 }), weight: 9 },
      { arbitrary: fc.integer({ min: 7 * 1440, max: 400 * 1440 }), weight: 1 },
    ),
    item: fc.oneof(
      {
        arbitrary: arbitraryCaseCommand(constraints.instruments === undefined ? {} : { instruments: constraints.instruments }).map(
          (command): Noise => ({ kind: "command", command }),
        ),
        weight: 5,
      },
      { arbitrary: fc.nat().map((of): Noise => ({ kind: "repeat", of })), weight: 1 },
      // The life's previous command entered again under a new command id (a double entry): past a
      // scheme's limit it is what provokes maxContactsReached and contactAttemptsExhausted.
      { arbitrary: fc.uuid().map((commandId): Noise => ({ kind: "again", commandId })), weight: 1 },
    ),
  });
  return fc.tuple(arbitraryCaseLife(constraints), fc.array(noise, { maxLength: constraints.maxNoise ?? 10 })).map(([life, mixedIn]) => {
    const byPosition = new Map<number, (typeof mixedIn)[number][]>();
    for (const entry of mixedIn) {
      const position = entry.at % (life.length + 1);
      byPosition.set(position, [...(byPosition.get(position) ?? []), entry]);
    }
    const sequence: CaseCommand[] = [];
    for (let position = 0; position <= life.length; position++) {
      const neighbour = life[Math.max(0, position - 1)] as CaseCommand;
      for (const entry of byPosition.get(position) ?? []) {
        if (entry.item.kind === "repeat") {
          sequence.push(pick(life, entry.item.of));
        } else if (entry.item.kind === "again") {
          sequence.push({ ...neighbour, commandId: entry.item.commandId });
        } else {
          const occurredAt = instantAt(Date.parse(neighbour.occurredAt) + entry.shiftMinutes * MINUTE_MS);
          sequence.push({ ...entry.item.command, caseId: neighbour.caseId, occurredAt });
        }
      }
      const own = life[position];
      if (own !== undefined) sequence.push(own);
    }
    return sequence;
  });
}
