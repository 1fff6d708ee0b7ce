import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { snomed } from "../coding/snomed.js";
import { eventsFor, type Fact } from "../decider/event-identity.js";
import { commandParser } from "../decider/parse-command.js";
import { requireTimeForward } from "../decider/time-order.js";
import { fieldInvalid, type DomainError, type PolicyRule } from "../errors.js";
import type { ReferrerOutcomeStatus } from "../events/vocabulary.js";
import { DAY_MS } from "../identifiers.js";
import { assess, type InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import { CaseCommand } from "./commands.js";
import { gpRecordEntriesOf } from "./gp-record-entries.js";
import type { CaseEvent, CaseEventType, Goal } from "./events.js";
import { openSchemePolicy, type SchemePolicy } from "./policy.js";
import { finalStages, type CaseStage, type CaseState } from "./state.js";
import { requireProviderUpdate } from "../provider/decide-connection-update.js";
import { followUpDueProblem } from "./follow-up-due.js";
import { requireSpendReferences } from "../funding/decide-spend.js";

type Decision = E.Either<DomainError, readonly Fact<CaseEventType>[]>;

const openStages: readonly CaseStage[] = ["referred", "accepted", "in_conversation", "plan_agreed"];
const engagedStages: readonly CaseStage[] = ["accepted", "in_conversation", "plan_agreed"];
/** Every stage after the referral, ended ones included: consent changes and GP record acknowledgements come then too. */
const referredStages: readonly CaseStage[] = [...openStages, "rejected", "declined", "closed"];

function invalidTransition(command: CaseCommand, state: CaseState, expected: readonly CaseStage[]): DomainError {
  return {
    code: "INVALID_TRANSITION",
    message: `${command.type} is not allowed when the case is ${state.stage} (allowed when ${expected.join(" or ")})`,
    stage: state.stage,
    command: command.type,
  };
}

function policyViolation(command: CaseCommand, rule: PolicyRule, message: string): DomainError {
  return { code: "POLICY_VIOLATION", message, rule, command: command.type };
}

function unknownReference(field: string, reference: string, what: string): DomainError {
  return { code: "UNKNOWN_REFERENCE", message: `${field} "${reference}" names no ${what} of this case`, field, reference };
}

function requireStage(command: CaseCommand, state: CaseState, allowed: readonly CaseStage[]): E.Either<DomainError, void> {
  return allowed.includes(state.stage) ? E.right(undefined) : E.left(invalidTransition(command, state, allowed));
}

function requireWithinEpisode(command: CaseCommand, state: CaseState, policy: SchemePolicy): E.Either<DomainError, void> {
  if (state.referredAt === null) return E.right(undefined);
  const endsAt = Date.parse(state.referredAt) + policy.episodeLengthDays * DAY_MS;
  return Date.parse(command.occurredAt) <= endsAt
    ? E.right(undefined)
    : E.left(
        policyViolation(
          command,
          "episodeLengthExceeded",
          `${command.type} falls after the ${policy.episodeLengthDays}-day episode ended; close the case instead`,
        ),
      );
}

function requireContactAvailable(command: CaseCommand, state: CaseState, policy: SchemePolicy): E.Either<DomainError, void> {
  return state.contacts < policy.maxContacts
    ? E.right(undefined)
    : E.left(
        policyViolation(
          command,
          "maxContactsReached",
          `the scheme allows ${policy.maxContacts} contacts per episode and all have been used`,
        ),
      );
}

function requireUniqueGoalIds(goals: readonly Goal[]): E.Either<DomainError, void> {
  const seen = new Set<string>();
  for (const [index, goal] of goals.entries()) {
    if (seen.has(goal.goalId)) return E.left(fieldInvalid("command", `goals[${index}].goalId`, `goal id "${goal.goalId}" appears twice`));
    seen.add(goal.goalId);
  }
  return E.right(undefined);
}

/** Feedback to the referrer, only where the person agreed to share the outcome. */
function feedback(state: CaseState, status: ReferrerOutcomeStatus, connections = state.connections.size): Fact<CaseEventType>[] {
  if (state.consent?.shareOutcomeWithReferrer !== true) return [];
  const snomedCode =
    status === "accepted" ? snomed.referralToSocialPrescribingService : status === "declined" ? snomed.socialPrescribingDeclined : null;
  return [{ type: "FeedbackSentToReferrer", data: { status, snomedCode, connections } }];
}

/**
 * Each acknowledged id names an entry of this case not yet acknowledged, once: an entry is sent once,
 * and an id the case never caused is a mistake worth refusing, not a no-op. An ended case with every
 * entry acknowledged takes no acknowledgement at all, whatever it names: a history checker then keeps
 * nothing of the case's entries (history/gp-record-entry-ledger.ts) and gives this same verdict.
 */
function requireUnsentEntries(entryIds: readonly string[], state: CaseState): E.Either<DomainError, void> {
  const seen = new Set<string>();
  const entries = gpRecordEntriesOf(state);
  if (finalStages.includes(state.stage) && [...entries.values()].every((sent) => sent)) {
    const message = "the case has ended and every GP record entry it caused is acknowledged: none is left to acknowledge";
    return E.left(fieldInvalid("command", "entryIds[0]", message));
  }
  for (const [index, entryId] of entryIds.entries()) {
    const field = `entryIds[${index}]`;
    const sent = entries.get(entryId);
    if (sent === undefined) return E.left(unknownReference(field, entryId, "GP record entry"));
    if (sent) return E.left(fieldInvalid("command", field, `GP record entry "${entryId}" was already acknowledged`));
    if (seen.has(entryId)) return E.left(fieldInvalid("command", field, `GP record entry "${entryId}" appears twice`));
    seen.add(entryId);
  }
  return E.right(undefined);
}

function addDays(instant: string, days: number): string {
  return new Date(Date.parse(instant) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Runs the checks in order and stops at the first refusal. */
const checks = (...steps: (() => E.Either<DomainError, void>)[]): E.Either<DomainError, void> =>
  steps.reduce((result, step) => pipe(result, E.flatMap(step)), E.right<DomainError, void>(undefined));

function decideValid(command: CaseCommand, state: CaseState, policy: SchemePolicy, instruments: InstrumentRegistry): Decision {
  const stage = (allowed: readonly CaseStage[]) => () => requireStage(command, state, allowed);
  const forward = () => requireTimeForward(command, state.lastOccurredAt, "the case's");
  const inEpisode = () => requireWithinEpisode(command, state, policy);
  // E.map, with the facts' type stated once so the event types stay literal.
  const emit = (facts: () => readonly Fact<CaseEventType>[]) => E.map(facts);

  switch (command.type) {
    case "ReceiveReferral":
      return pipe(
        checks(stage(["none"]), () =>
          policy.acceptedSources.includes(command.source)
            ? E.right(undefined)
            : E.left(
                policyViolation(
                  command,
                  "referralSourceNotAccepted",
                  `this scheme does not accept referrals from "${command.source}" (accepts ${policy.acceptedSources.join(", ")})`,
                ),
              ),
        ),
        emit(() => [
          {
            type: "ReferralReceived",
            data: {
              caseId: command.caseId,
              personId: command.personId,
              pcnId: command.pcnId,
              practiceId: command.practiceId,
              source: command.source,
              ...(command.referrerId === undefined ? {} : { referrerId: command.referrerId }),
              reasons: command.reasons,
              consent: command.consent,
            },
          },
        ]),
      );
    case "AcceptReferral":
      return pipe(
        checks(stage(["referred"]), forward, inEpisode),
        emit(() => [
          { type: "ReferralAccepted", data: { linkWorkerId: command.linkWorkerId } },
          // After the acceptance, as the referrer reads it: accepted, then told.
          ...(policy.notifyReferrerOnAcceptance ? feedback(state, "accepted") : []),
        ]),
      );
    case "RejectReferral":
      return pipe(
        checks(stage(["referred"]), forward),
        emit(() => [
          ...(command.notifyReferrer ? feedback(state, "rejected") : []),
          { type: "ReferralRejected", data: { reason: command.reason } },
        ]),
      );
    case "DeclineSocialPrescribing":
      return pipe(
        checks(stage(["referred", "accepted"]), forward),
        emit(() => [
          ...(command.notifyReferrer ? feedback(state, "declined") : []),
          { type: "SocialPrescribingDeclined", data: { reason: command.reason } },
        ]),
      );
    case "RecordContactAttempt":
      return pipe(
        checks(
          stage(engagedStages),
          forward,
          inEpisode,
          () =>
            state.consent?.contact === true
              ? E.right(undefined)
              : E.left(policyViolation(command, "noConsentToContact", "the person's consent to be contacted is not in force")),
          () =>
            command.reached || state.unansweredAttempts < policy.contactAttemptsBeforeUnreachable
              ? E.right(undefined)
              : E.left(
                  policyViolation(
                    command,
                    "contactAttemptsExhausted",
                    `${state.unansweredAttempts} unanswered attempts reach the scheme's limit; close the case as unreachable`,
                  ),
                ),
        ),
        emit(() => [{ type: "ContactAttempted", data: { channel: command.channel, reached: command.reached } }]),
      );
    case "HoldConversation":
      return pipe(
        checks(stage(engagedStages), forward, inEpisode, () => requireContactAvailable(command, state, policy)),
        emit(() => [
          {
            type: "ConversationHeld",
            data: {
              mode: command.mode,
              minutes: command.minutes,
              needs: command.needs,
              strengths: command.strengths,
              ...(command.whatMattersRef === undefined ? {} : { whatMattersRef: command.whatMattersRef }),
            },
          },
        ]),
      );
    case "AssessWellbeing":
      return pipe(
        checks(stage(engagedStages), forward),
        E.flatMap(() => assess(instruments, command.instrument, command.items)),
        E.map((assessment): readonly Fact<CaseEventType>[] => [
          {
            type: "WellbeingAssessed",
            data: { ...assessment, items: [...assessment.items], scores: { ...assessment.scores }, timepoint: command.timepoint },
          },
        ]),
      );
    case "AgreePlan":
      return pipe(
        checks(stage(["in_conversation"]), forward, inEpisode, () => requireUniqueGoalIds(command.goals)),
        emit(() => [{ type: "PlanAgreed", data: { goals: command.goals } }]),
      );
    case "RevisePlan":
      return pipe(
        checks(stage(["plan_agreed"]), forward, inEpisode, () => requireUniqueGoalIds(command.goals)),
        emit(() => [{ type: "PlanRevised", data: { goals: command.goals } }]),
      );
    case "RecordGoalProgress":
      return pipe(
        checks(stage(["plan_agreed"]), forward, () =>
          state.goals.has(command.goalId) ? E.right(undefined) : E.left(unknownReference("goalId", command.goalId, "goal in the plan")),
        ),
        emit(() => [{ type: "GoalProgressRecorded", data: { goalId: command.goalId, progress: command.progress } }]),
      );
    case "MakeConnection":
      return pipe(
        checks(
          stage(["plan_agreed"]),
          forward,
          inEpisode,
          () =>
            state.goals.has(command.goalId) ? E.right(undefined) : E.left(unknownReference("goalId", command.goalId, "goal in the plan")),
          () =>
            state.connections.has(command.connectionId)
              ? E.left(fieldInvalid("command", "connectionId", `connection "${command.connectionId}" already exists in this case`))
              : E.right(undefined),
        ),
        emit(() => [
          {
            type: "ConnectionMade",
            data: {
              connectionId: command.connectionId,
              goalId: command.goalId,
              providerId: command.providerId,
              activity: command.activity,
              mode: command.mode,
            },
          },
        ]),
      );
    case "RecordConnectionOutcome":
      return pipe(
        checks(stage(["plan_agreed"]), forward, () =>
          state.connections.has(command.connectionId)
            ? E.right(undefined)
            : E.left(unknownReference("connectionId", command.connectionId, "connection")),
        ),
        emit(() => [{ type: "ConnectionOutcomeRecorded", data: { connectionId: command.connectionId, outcome: command.outcome } }]),
      );
    case "RecordUnmetNeed":
      return pipe(
        checks(stage(engagedStages), forward),
        emit(() => [
          {
            type: "UnmetNeedRecorded",
            data: {
              need: command.need,
              reason: command.reason,
              ...(command.providerId === undefined ? {} : { providerId: command.providerId }),
            },
          },
        ]),
      );
    case "ScheduleFollowUp": {
      const dueOn = command.dueOn ?? addDays(command.occurredAt, policy.followUpIntervalDays);
      return pipe(
        checks(
          stage(["in_conversation", "plan_agreed"]),
          forward,
          inEpisode,
          () =>
            state.followUps.has(command.followUpId)
              ? E.left(fieldInvalid("command", "followUpId", `follow-up "${command.followUpId}" already exists in this case`))
              : E.right(undefined),
          () => {
            const problem = followUpDueProblem(dueOn, command.occurredAt);
            return problem === null ? E.right(undefined) : E.left(fieldInvalid("command", "dueOn", problem));
          },
        ),
        emit(() => [{ type: "FollowUpScheduled", data: { followUpId: command.followUpId, dueOn } }]),
      );
    }
    case "CompleteFollowUp":
      return pipe(
        checks(
          stage(["in_conversation", "plan_agreed"]),
          forward,
          inEpisode,
          () => {
            const followUp = state.followUps.get(command.followUpId);
            if (followUp === undefined) return E.left(unknownReference("followUpId", command.followUpId, "scheduled follow-up"));
            return followUp.completed
              ? E.left(fieldInvalid("command", "followUpId", `follow-up "${command.followUpId}" is already completed`))
              : E.right(undefined);
          },
          () => requireContactAvailable(command, state, policy),
        ),
        emit(() => [{ type: "FollowUpCompleted", data: { followUpId: command.followUpId, mode: command.mode } }]),
      );
    case "SendFeedbackToReferrer":
      return pipe(
        checks(stage(engagedStages), forward, () =>
          state.consent?.shareOutcomeWithReferrer === true
            ? E.right(undefined)
            : E.left(
                policyViolation(command, "noConsentToShareOutcome", "the person did not consent to sharing the outcome with the referrer"),
              ),
        ),
        emit(() => feedback(state, state.feedbackSent === 0 ? "accepted" : "in_progress")),
      );
    case "ReassignLinkWorker":
      return pipe(
        checks(stage(engagedStages), forward, () =>
          command.toLinkWorkerId === state.linkWorkerId
            ? E.left(fieldInvalid("command", "toLinkWorkerId", `the case is already held by "${command.toLinkWorkerId}"`))
            : E.right(undefined),
        ),
        emit(() => [
          { type: "LinkWorkerReassigned", data: { fromLinkWorkerId: state.linkWorkerId ?? "", toLinkWorkerId: command.toLinkWorkerId } },
        ]),
      );
    case "AcknowledgeGpRecordEntries":
      return pipe(
        checks(stage(referredStages), forward, () => requireUnsentEntries(command.entryIds, state)),
        emit(() => [{ type: "GpRecordEntriesSent", data: { entryIds: command.entryIds } }]),
      );
    case "RecordProviderUpdate":
      return pipe(
        checks(stage(["plan_agreed"]), forward, () => requireProviderUpdate(command, state)),
        emit(() => [
          {
            type: "ProviderUpdateRecorded",
            data: {
              connectionId: command.connectionId,
              update: command.update,
              ...(command.reason === undefined ? {} : { reason: command.reason }),
            },
          },
        ]),
      );
    case "RecordActivityBudgetSpend":
      return pipe(
        checks(stage(["plan_agreed"]), forward, inEpisode, () => requireSpendReferences(command, state)),
        emit(() => [
          {
            type: "ActivityBudgetSpent",
            data: {
              goalId: command.goalId,
              ...(command.connectionId === undefined ? {} : { connectionId: command.connectionId }),
              amountPence: command.amountPence,
            },
          },
        ]),
      );
    case "CloseCase":
      return pipe(
        checks(stage(openStages), forward),
        emit(() => [
          ...(command.notifyReferrer ? feedback(state, "closed") : []),
          { type: "CaseClosed", data: { reason: command.reason } },
        ]),
      );
    case "GiveConsent":
    case "WithdrawConsent": {
      const given = command.type === "GiveConsent";
      return pipe(
        checks(stage(referredStages), forward, () =>
          state.consent?.[command.purpose] === given
            ? E.left(fieldInvalid("command", "purpose", `consent to ${command.purpose} is already ${given ? "given" : "withdrawn"}`))
            : E.right(undefined),
        ),
        emit(() => [{ type: given ? "ConsentGiven" : "ConsentWithdrawn", data: { purpose: command.purpose } }]),
      );
    }
  }
}

/** Decides an already-validated case command (see `decideCase` for input from outside). */
export function decideCaseCommand(
  command: CaseCommand,
  state: CaseState,
  policy: SchemePolicy = openSchemePolicy,
  instruments: InstrumentRegistry = standardInstruments,
): E.Either<DomainError, CaseEvent[]> {
  if (state.caseId !== null && command.caseId !== state.caseId) {
    return E.left(fieldInvalid("command", "caseId", `"${command.caseId}" is not this case ("${state.caseId}")`));
  }
  return pipe(
    decideValid(command, state, policy, instruments),
    E.map((facts) => eventsFor(command, facts)),
  );
}

/** Validates any input as a case command; never throws. */
export const parseCaseCommand: (input: unknown) => E.Either<DomainError, CaseCommand> = commandParser(CaseCommand);

/**
 * The case decider: validates any input as a case command and decides the events it causes, or
 * the typed reason it is refused. Pure: time comes from the command, never from a clock.
 */
export function decideCase(
  command: unknown,
  state: CaseState,
  policy: SchemePolicy = openSchemePolicy,
  instruments: InstrumentRegistry = standardInstruments,
): E.Either<DomainError, CaseEvent[]> {
  return pipe(
    parseCaseCommand(command),
    E.flatMap((valid) => decideCaseCommand(valid, state, policy, instruments)),
  );
}
