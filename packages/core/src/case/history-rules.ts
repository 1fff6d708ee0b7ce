import { assess, type InstrumentRegistry } from "../instruments/instrument.js";
import { isErased } from "../personal-data/erased.js";
import type { RuleRefusal, StreamRule } from "../history/stream-rule.js";
import type { CaseEvent, CaseEventType } from "./events.js";
import { evolveCase } from "./evolve.js";
import { initialCaseState, type CaseStage, type CaseState } from "./state.js";

const open: readonly CaseStage[] = ["referred", "accepted", "in_conversation", "plan_agreed"];
const engaged: readonly CaseStage[] = ["accepted", "in_conversation", "plan_agreed"];

/**
 * The stages a case may be in for each event to follow: the stages the decider accepts the command
 * that records it in (feedback also comes with a rejection, a decline or a closure, so from any
 * open stage). Nothing follows a rejected, declined or closed case.
 */
const allowedStages: { readonly [Type in CaseEventType]: readonly CaseStage[] } = {
  ReferralReceived: ["none"],
  ReferralAccepted: ["referred"],
  ReferralRejected: ["referred"],
  SocialPrescribingDeclined: ["referred", "accepted"],
  ContactAttempted: engaged,
  ConversationHeld: engaged,
  WellbeingAssessed: engaged,
  PlanAgreed: ["in_conversation"],
  PlanRevised: ["plan_agreed"],
  GoalProgressRecorded: ["plan_agreed"],
  ConnectionMade: ["plan_agreed"],
  ConnectionOutcomeRecorded: ["plan_agreed"],
  UnmetNeedRecorded: engaged,
  FollowUpScheduled: ["in_conversation", "plan_agreed"],
  FollowUpCompleted: ["in_conversation", "plan_agreed"],
  FeedbackSentToReferrer: open,
  LinkWorkerReassigned: engaged,
  CaseClosed: open,
};

/** An ended case accepts nothing more, so its detail is not kept: memory grows with open cases only. */
const ended: CaseState = { ...initialCaseState, stage: "closed" };

/** What a case stream's events must follow, as a history checker applies it. */
export function caseHistoryRule(instruments: InstrumentRegistry): StreamRule<CaseState, CaseEvent> {
  return {
    initialState: initialCaseState,
    evolve: (state, event) => {
      const next = evolveCase(state, event);
      return next.stage === "rejected" || next.stage === "declined" || next.stage === "closed" ? ended : next;
    },
    refusal: (state, event, entityId) => {
      const allowed = allowedStages[event.type];
      if (!allowed.includes(state.stage)) {
        const why = state === ended ? "the case has ended" : `the case is ${state.stage}`;
        return {
          code: "INVALID_TRANSITION",
          path: "type",
          message: `${event.type} cannot follow: ${why} (allowed when ${allowed.join(" or ")})`,
        };
      }
      switch (event.type) {
        case "ReferralReceived":
          return event.data.caseId === entityId
            ? null
            : {
                code: "ID_MISMATCH",
                path: "data.caseId",
                message: `caseId ${event.data.caseId} is not the case of its stream (${entityId})`,
              };
        case "GoalProgressRecorded":
        case "ConnectionMade":
          // An erased person's plan is erased: its goal ids can no longer be checked.
          return state.goals.has(event.data.goalId) || state.personErased
            ? null
            : { code: "UNKNOWN_REFERENCE", path: "data.goalId", message: `goal ${event.data.goalId} is not in the case's plan` };
        case "ConnectionOutcomeRecorded":
          return state.connections.has(event.data.connectionId)
            ? null
            : {
                code: "UNKNOWN_REFERENCE",
                path: "data.connectionId",
                message: `connection ${event.data.connectionId} was never made in this case`,
              };
        case "FollowUpCompleted":
          return state.followUps.has(event.data.followUpId)
            ? null
            : {
                code: "UNKNOWN_REFERENCE",
                path: "data.followUpId",
                message: `follow-up ${event.data.followUpId} was never scheduled in this case`,
              };
        case "WellbeingAssessed":
          return assessmentRefusal(instruments, event.data);
        default:
          return null;
      }
    },
  };
}

/** An assessment names an instrument of the registry, answers its items and carries its score names. */
function assessmentRefusal(
  instruments: InstrumentRegistry,
  data: Extract<CaseEvent, { type: "WellbeingAssessed" }>["data"],
): RuleRefusal | null {
  const instrument = instruments.get(data.instrument);
  if (instrument === undefined) {
    return {
      code: "UNKNOWN_REFERENCE",
      path: "data.instrument",
      message: `unknown instrument "${data.instrument}" (known: ${[...instruments.keys()].join(", ")})`,
    };
  }
  // Answers and score names are those of the version the registry scores; another version's are its own.
  if (data.instrumentVersion !== instrument.version) return null;
  // An erased assessment (its person was erased) has no answers left to check: its instrument was.
  if (isErased(data.items) || isErased(data.scores)) return null;
  const assessed = assess(instruments, data.instrument, data.items);
  if (assessed._tag === "Left") {
    const issue = assessed.left.code === "VALIDATION_FAILED" ? assessed.left.issues[0] : undefined;
    return { code: "INVALID_EVENT", path: `data.${issue?.path ?? "items"}`, message: issue?.message ?? assessed.left.message };
  }
  const expected = Object.keys(assessed.right.scores).sort();
  const recorded = Object.keys(data.scores).sort();
  if (expected.join("\u0000") !== recorded.join("\u0000")) {
    return {
      code: "UNKNOWN_REFERENCE",
      path: "data.scores",
      message: `${instrument.id} scores are ${expected.join(", ")}, not ${recorded.join(", ") || "none"}`,
    };
  }
  return null;
}
