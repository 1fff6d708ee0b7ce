import * as E from "fp-ts/lib/Either.js";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  caseStream,
  decideCase,
  eventIdFor,
  initialCaseState,
  linkwork,
  parseEvent,
  type CaseCommandType,
  type CaseEvent,
  type CaseStage,
  type CaseState,
  type DomainError,
  type DomainErrorCode,
  type PolicyRule,
  type SchemePolicy,
} from "@linkwork/core";
import { arbitraryCaseCommandSequence, arbitrarySchemePolicy, foldCase, localCodeRegistrations, notErased } from "@linkwork/core/testing";
import { memoryEventStore } from "@linkwork/store-memory";

// Model-based tests: arbitrary command sequences (a case's life with arbitrary, often refused,
// commands mixed in) are decided one by one and compared with a model written independently of
// decide and evolve: the stage machine as a table, and the state's counters read off the stream.

const engaged: readonly CaseStage[] = ["accepted", "in_conversation", "plan_agreed"];
const open: readonly CaseStage[] = ["referred", ...engaged];

/** The stages in which each command can be accepted: the case's life cycle, as the domain describes it. */
const allowedIn: { readonly [T in CaseCommandType]: readonly CaseStage[] } = {
  ReceiveReferral: ["none"],
  AcceptReferral: ["referred"],
  RejectReferral: ["referred"],
  DeclineSocialPrescribing: ["referred", "accepted"],
  RecordContactAttempt: engaged,
  HoldConversation: engaged,
  AssessWellbeing: engaged,
  AgreePlan: ["in_conversation"],
  RevisePlan: ["plan_agreed"],
  RecordGoalProgress: ["plan_agreed"],
  MakeConnection: ["plan_agreed"],
  RecordConnectionOutcome: ["plan_agreed"],
  RecordUnmetNeed: engaged,
  ScheduleFollowUp: ["in_conversation", "plan_agreed"],
  CompleteFollowUp: ["in_conversation", "plan_agreed"],
  SendFeedbackToReferrer: engaged,
  ReassignLinkWorker: engaged,
  CloseCase: open,
  AcknowledgeGpRecordEntries: [...open, "rejected", "declined", "closed"],
  RecordProviderUpdate: ["plan_agreed"],
  RecordActivityBudgetSpend: ["plan_agreed"],
  GiveConsent: [...open, "rejected", "declined", "closed"],
  WithdrawConsent: [...open, "rejected", "declined", "closed"],
};

/** Where an accepted command takes the case. */
function stageAfter(type: CaseCommandType, stage: CaseStage): CaseStage {
  switch (type) {
    case "ReceiveReferral":
      return "referred";
    case "AcceptReferral":
      return "accepted";
    case "RejectReferral":
      return "rejected";
    case "DeclineSocialPrescribing":
      return "declined";
    case "HoldConversation":
      return stage === "accepted" ? "in_conversation" : stage;
    case "AgreePlan":
      return "plan_agreed";
    case "CloseCase":
      return "closed";
    case "RecordContactAttempt":
    case "AssessWellbeing":
    case "RevisePlan":
    case "RecordGoalProgress":
    case "MakeConnection":
    case "RecordConnectionOutcome":
    case "RecordUnmetNeed":
    case "ScheduleFollowUp":
    case "CompleteFollowUp":
    case "SendFeedbackToReferrer":
    case "ReassignLinkWorker":
    case "AcknowledgeGpRecordEntries":
    case "RecordProviderUpdate":
    case "RecordActivityBudgetSpend":
    case "GiveConsent":
    case "WithdrawConsent":
      return stage;
  }
}

/** The state's counters and references, read off the stream without evolveCase. */
function readStream(events: readonly CaseEvent[]) {
  let unansweredAttempts = 0;
  let linkWorkerId: string | null = null;
  let goals: string[] = [];
  const connections: string[] = [];
  const followUps = new Map<string, boolean>();
  let contacts = 0;
  let feedbackSent = 0;
  let consent: Record<string, boolean> | null = null;
  for (const event of events) {
    switch (event.type) {
      case "ReferralReceived":
        consent = { ...event.data.consent };
        break;
      case "ConsentGiven":
      case "ConsentWithdrawn":
        if (consent !== null) consent[event.data.purpose] = event.type === "ConsentGiven";
        break;
      case "ReferralAccepted":
        linkWorkerId = event.data.linkWorkerId;
        break;
      case "LinkWorkerReassigned":
        linkWorkerId = event.data.toLinkWorkerId;
        break;
      case "ContactAttempted":
        unansweredAttempts = event.data.reached ? 0 : unansweredAttempts + 1;
        break;
      case "ConversationHeld":
        contacts += 1;
        unansweredAttempts = 0;
        break;
      case "FollowUpCompleted":
        contacts += 1;
        unansweredAttempts = 0;
        followUps.set(event.data.followUpId, true);
        break;
      case "FollowUpScheduled":
        followUps.set(event.data.followUpId, false);
        break;
      case "PlanAgreed":
      case "PlanRevised":
        goals = notErased(event.data.goals).map((goal) => goal.goalId);
        break;
      case "ConnectionMade":
        connections.push(event.data.connectionId);
        break;
      case "FeedbackSentToReferrer":
        feedbackSent += 1;
        break;
      case "ReferralRejected":
      case "SocialPrescribingDeclined":
      case "WellbeingAssessed":
      case "ProviderUpdateRecorded":
      case "ActivityBudgetSpent":
      case "GoalProgressRecorded":
      case "ConnectionOutcomeRecorded":
      case "UnmetNeedRecorded":
      case "CaseClosed":
      case "GpRecordEntriesSent":
        break;
    }
  }
  return {
    lastOccurredAt: events.at(-1)?.metadata.occurredAt ?? null,
    referredAt: events.find((event) => event.type === "ReferralReceived")?.metadata.occurredAt ?? null,
    linkWorkerId,
    unansweredAttempts,
    contacts,
    feedbackSent,
    goals: goals.sort(),
    connections: connections.sort(),
    followUps: Object.fromEntries([...followUps].sort()),
    consent,
  };
}

const stateSummary = (state: CaseState) => ({
  lastOccurredAt: state.lastOccurredAt,
  referredAt: state.referredAt,
  linkWorkerId: state.linkWorkerId,
  unansweredAttempts: state.unansweredAttempts,
  contacts: state.contacts,
  feedbackSent: state.feedbackSent,
  goals: [...state.goals.keys()].sort(),
  connections: [...state.connections.keys()].sort(),
  followUps: Object.fromEntries([...state.followUps].map(([id, followUp]) => [id, followUp.completed]).sort()),
  consent: state.consent,
});

const policyRules: readonly PolicyRule[] = [
  "referralSourceNotAccepted",
  "maxContactsReached",
  "contactAttemptsExhausted",
  "episodeLengthExceeded",
  "noConsentToShareOutcome",
  "noConsentToContact",
];

/** A refusal names what it refused, in the fields its code promises. */
function expectWellFormedRefusal(error: DomainError, command: Record<string, unknown>, state: CaseState): void {
  expect(error.message.length).toBeGreaterThan(0);
  switch (error.code) {
    case "VALIDATION_FAILED":
      expect(error.issues.length).toBeGreaterThan(0);
      for (const issue of error.issues) expect(issue.path.length).toBeGreaterThan(0);
      return;
    case "INVALID_TRANSITION":
      expect(error).toMatchObject({ stage: state.stage, command: command.type });
      expect(allowedIn[command.type as CaseCommandType]).not.toContain(state.stage);
      return;
    case "POLICY_VIOLATION":
      expect(policyRules).toContain(error.rule);
      expect(error.command).toBe(command.type);
      return;
    case "UNKNOWN_REFERENCE":
      if (error.field.startsWith("entryIds[")) {
        expect(command.entryIds).toContain(error.reference);
        return;
      }
      expect(["goalId", "connectionId", "followUpId"]).toContain(error.field);
      expect(error.reference).toBe(command[error.field]);
      return;
    case "TIME_WENT_BACKWARDS":
      expect(error).toMatchObject({ occurredAt: command.occurredAt, lastOccurredAt: state.lastOccurredAt });
      expect(Date.parse(error.occurredAt)).toBeLessThan(Date.parse(error.lastOccurredAt));
      return;
    case "COMMAND_ID_REUSED":
    case "OCCURRED_IN_FUTURE":
    case "FORBIDDEN":
      // Only the handler answers these, never decide.
      expect.unreachable(`decide answered ${error.code}`);
  }
}

/** Events as the decider made them: the handler adds the command's digest to their metadata. */
function withoutDigest(events: readonly CaseEvent[]): CaseEvent[] {
  return events.map((event) => {
    const { commandDigest: _digest, ...metadata } = event.metadata;
    return { ...event, metadata };
  });
}

/** An answer whose events all carry one SHA-256 digest, with the digest taken off for comparison. */
function digestChecked<L, R extends { readonly events: readonly CaseEvent[] }>(answer: E.Either<L, R>): E.Either<L, R> {
  if (E.isLeft(answer)) return answer;
  const digests = new Set(answer.right.events.map((event) => event.metadata.commandDigest));
  if (answer.right.events.length > 0) {
    expect(digests.size).toBe(1);
    expect([...digests][0]).toMatch(/^[0-9a-f]{64}$/);
  }
  return E.right({ ...answer.right, events: withoutDigest(answer.right.events) });
}

/** toEqual, with a fast path: vitest's deep equality is slow on Maps and runs here tens of thousands of times. */
function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

const sequences = (policy: fc.Arbitrary<SchemePolicy> = arbitrarySchemePolicy()) =>
  policy.chain((chosen) => fc.tuple(fc.constant(chosen), arbitraryCaseCommandSequence({ policy: chosen, maxNoise: 8 })));

/** Events as a store or a history file gives them back: JSON, parsed and upcast. */
const readBack = (events: readonly CaseEvent[]): CaseEvent[] =>
  events.map((event) => {
    const parsed = parseEvent(JSON.parse(JSON.stringify(event)));
    if (E.isLeft(parsed)) return expect.unreachable(`event did not read back: ${parsed.left.message}`);
    return parsed.right as CaseEvent;
  });

describe("case model", () => {
  it("decideCase and evolveCase agree with the model over arbitrary command sequences", () => {
    const acceptedTypes = new Set<string>();
    const refusalCodes = new Set<DomainErrorCode>();
    fc.assert(
      fc.property(sequences(), ([policy, commands]) => {
        let state = initialCaseState;
        const stream: CaseEvent[] = [];
        const stored: CaseEvent[] = [];
        for (const command of commands) {
          const before = structuredClone(state);
          const result = decideCase(command, state, policy);
          // Pure: the same command on the same state decides the same, and the state is untouched.
          expectSame(decideCase(command, state, policy), result);
          expectSame(state, before);
          if (E.isLeft(result)) {
            refusalCodes.add(result.left.code);
            expectWellFormedRefusal(result.left, command, state);
            continue;
          }
          acceptedTypes.add(command.type);
          const events = result.right;
          expect(allowedIn[command.type]).toContain(state.stage);
          expect(events.length).toBeGreaterThan(0);
          events.forEach((event, index) => {
            expectSame(event.metadata, {
              eventId: eventIdFor(command.commandId, index, command.occurredAt),
              occurredAt: command.occurredAt,
              recordedBy: command.recordedBy,
              correlationId: command.correlationId ?? command.commandId,
              causationId: command.commandId,
            });
          });
          const next = foldCase(events, state);
          expectSame(state, before);
          stream.push(...events);
          stored.push(...readBack(events));
          // State after = fold of the whole stream from the initial state, also as read back from storage.
          expectSame(foldCase(stream), next);
          expectSame(foldCase(stored), next);
          expect(next.stage).toBe(stageAfter(command.type, state.stage));
          expectSame(stateSummary(next), readStream(stream));
          // The scheme's limits hold in every state reached.
          if (next.contacts > policy.maxContacts) expect(next.contacts).toBeLessThanOrEqual(policy.maxContacts);
          if (next.unansweredAttempts > policy.contactAttemptsBeforeUnreachable) {
            expect(next.unansweredAttempts).toBeLessThanOrEqual(policy.contactAttemptsBeforeUnreachable);
          }
          // Event ids are distinct unless the same command was decided again (the handler's idempotency covers that).
          const causeOf = new Map<string, string>();
          for (const event of stream) {
            expect(causeOf.get(event.metadata.eventId) ?? event.metadata.causationId).toBe(event.metadata.causationId);
            causeOf.set(event.metadata.eventId, event.metadata.causationId);
          }
          state = next;
        }
      }),
      { numRuns: 2000 },
    );
    // The sequences must have explored the whole life cycle and every kind of refusal.
    expect([...acceptedTypes].sort()).toEqual(Object.keys(allowedIn).sort());
    expect([...refusalCodes].sort()).toEqual([
      "INVALID_TRANSITION",
      "POLICY_VIOLATION",
      "TIME_WENT_BACKWARDS",
      "UNKNOWN_REFERENCE",
      "VALIDATION_FAILED",
    ]);
  });

  it("the command handler over the memory store agrees with the decider, and a command id handled twice writes nothing new", async () => {
    await fc.assert(
      fc.asyncProperty(sequences(), async ([policy, commands]) => {
        const store = memoryEventStore();
        // A clock after every date the arbitraries draw (up to 2030).
        const app = linkwork(store, { policy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
        let state = initialCaseState;
        const stream: CaseEvent[] = [];
        const firstEvents = new Map<string, readonly CaseEvent[]>();
        const caseId = commands[0]?.caseId ?? "";
        // Local codes are registered first, as a scheme does, so the handler decides as the decider does.
        for (const registration of localCodeRegistrations(commands, "2020-01-01T00:00:00Z"))
          expect(E.isRight(await app.handle(registration))).toBe(true);
        const storedEvents = async () => {
          const read = await store.readStream(caseStream(caseId));
          if (E.isLeft(read)) return expect.unreachable(read.left.message);
          return withoutDigest(read.right.map((recorded) => recorded.event as CaseEvent));
        };
        for (const command of commands) {
          const handled = digestChecked(await app.handle(command));
          const earlier = firstEvents.get(command.commandId);
          if (earlier !== undefined) {
            expect(handled).toMatchObject({ _tag: "Right", right: { duplicate: true, events: earlier, version: stream.length } });
          } else {
            const decided = decideCase(command, state, policy);
            if (E.isLeft(decided)) {
              expect(handled).toEqual(decided);
            } else {
              state = foldCase(decided.right, state);
              stream.push(...decided.right);
              firstEvents.set(command.commandId, decided.right);
              expect(handled).toMatchObject({ _tag: "Right", right: { duplicate: false, events: decided.right, version: stream.length } });
              expect(E.isRight(handled) && handled.right.state).toEqual(state);
              // The same command again, straight away: a duplicate, nothing written.
              expect(digestChecked(await app.handle(command))).toMatchObject({
                _tag: "Right",
                right: { duplicate: true, events: decided.right },
              });
            }
          }
          const stored = await storedEvents();
          expectSame(stored, stream);
          expectSame(foldCase(stored), state);
        }
        // A handler with nothing cached reads the same state from the store.
        const fresh = await linkwork(store, { policy, cacheSize: 0 }).loadCase(caseId);
        expect(fresh).toEqual(E.right({ state, version: stream.length }));
      }),
      { numRuns: 300 },
    );
  });
});
