import { assess, type InstrumentRegistry } from "../instruments/instrument.js";
import { isErased } from "../personal-data/erased.js";
import type { RuleRefusal, StreamRule } from "../history/stream-rule.js";
import type { CaseEvent, CaseEventType } from "./events.js";
import { reasonProblem, statusAfter, updateFollows, type ProviderConnectionStatus } from "../provider/connection-status.js";
import { followUpDueProblem } from "./follow-up-due.js";
import { finalStages, type CaseStage, type CaseState } from "./state.js";
import { printable } from "../history/printable-text.js";

const open: readonly CaseStage[] = ["referred", "accepted", "in_conversation", "plan_agreed"];
const engaged: readonly CaseStage[] = ["accepted", "in_conversation", "plan_agreed"];

/**
 * The stages a case may be in for each event to follow: the stages the decider accepts the command
 * that records it in (feedback also comes with a rejection, a decline or a closure, so from any
 * open stage). Nothing but the acknowledgement of its GP record entries follows a rejected, declined
 * or closed case.
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
  // Entries of an ended case (its closure among them) are still sent and acknowledged after it ended.
  GpRecordEntriesSent: ["referred", "accepted", "in_conversation", "plan_agreed", "rejected", "declined", "closed"],
  ProviderUpdateRecorded: ["plan_agreed"],
  ActivityBudgetSpent: ["plan_agreed"],
  // Consent is given or withdrawn whenever the person says so, after the case ended too (withdrawing
  // consent to evaluation matters most then).
  ConsentGiven: [...open, ...finalStages],
  ConsentWithdrawn: [...open, ...finalStages],
};

/**
 * What the rules read of a case: its stage and the ids of its goals, connections and follow-ups.
 * The checker keeps this rather than the decider's CaseState (a tenth of the memory, no copy of the
 * details it never reads); `caseCheckStateOf` maps a CaseState onto it, and a property test holds
 * `evolveCaseCheck` to `evolveCase` through that map.
 */
export interface CaseCheckState {
  readonly stage: CaseStage;
  readonly goals: ReadonlySet<string>;
  readonly connections: ReadonlySet<string>;
  readonly followUps: ReadonlySet<string>;
  /** The referral's details read as erased: its plan's goal ids can no longer be checked. */
  readonly personErased: boolean;
  /** What providers reported on connections, for those past `awaiting` only (most connections never are). */
  readonly providerStatuses: ReadonlyMap<string, ProviderConnectionStatus>;
}

const none: ReadonlySet<string> = new Set();
const noStatuses: ReadonlyMap<string, ProviderConnectionStatus> = new Map();
const initialCaseCheckState: CaseCheckState = {
  stage: "none",
  goals: none,
  connections: none,
  followUps: none,
  personErased: false,
  providerStatuses: noStatuses,
};

/**
 * An ended case accepts nothing more, so its detail is not kept: memory grows with open cases only.
 * One shared marker, so a checker can tell an ended case by identity and keep it in less room.
 */
export const endedCase: CaseCheckState = {
  stage: "closed",
  goals: none,
  connections: none,
  followUps: none,
  personErased: false,
  providerStatuses: noStatuses,
};
const ended = endedCase;

/** The part of a decider's CaseState the rules read (an ended case as the shared marker). */
export function caseCheckStateOf(state: CaseState): CaseCheckState {
  if (finalStages.includes(state.stage)) return ended;
  return {
    stage: state.stage,
    goals: new Set(state.goals.keys()),
    connections: new Set(state.connections.keys()),
    followUps: new Set(state.followUps.keys()),
    personErased: state.personErased,
    providerStatuses: new Map(
      [...state.connections].flatMap(([connectionId, connection]) =>
        connection.providerStatus === "awaiting" ? [] : [[connectionId, connection.providerStatus] as const],
      ),
    ),
  };
}

const plus = (ids: ReadonlySet<string>, id: string): ReadonlySet<string> => (ids.has(id) ? ids : new Set(ids).add(id));

/** evolveCase on what the rules read: the same stages and ids (a property test holds it to evolveCase). */
export function evolveCaseCheck(state: CaseCheckState, event: CaseEvent): CaseCheckState {
  switch (event.type) {
    case "ReferralReceived":
      return { ...state, stage: "referred", personErased: isErased(event.data.reasons) };
    case "ReferralAccepted":
      return { ...state, stage: "accepted" };
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed":
      return ended;
    case "ConversationHeld":
      return state.stage === "accepted" ? { ...state, stage: "in_conversation" } : state;
    case "PlanAgreed":
    case "PlanRevised":
      return {
        ...state,
        stage: "plan_agreed",
        goals: isErased(event.data.goals) ? none : new Set(event.data.goals.map((goal) => goal.goalId)),
      };
    case "ConnectionMade":
      return { ...state, connections: plus(state.connections, event.data.connectionId) };
    case "FollowUpScheduled":
      return { ...state, followUps: plus(state.followUps, event.data.followUpId) };
    case "ProviderUpdateRecorded": {
      const { connectionId, update } = event.data;
      const status = state.connections.has(connectionId)
        ? statusAfter(state.providerStatuses.get(connectionId) ?? "awaiting", update)
        : null;
      return status === null ? state : { ...state, providerStatuses: new Map(state.providerStatuses).set(connectionId, status) };
    }
    case "ActivityBudgetSpent":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "GoalProgressRecorded":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "GpRecordEntriesSent":
    case "ConsentGiven":
    case "ConsentWithdrawn":
      return state;
  }
}

const stages: readonly CaseStage[] = ["none", "referred", "accepted", "in_conversation", "plan_agreed", "rejected", "declined", "closed"];

/**
 * `[stage, goal ids, connection ids, follow-up ids]`, then whether the person was erased (written when
 * true or when statuses follow), then `[connection id, provider status]` pairs when any; or `"ended"`.
 */
function encodeCaseCheck(state: CaseCheckState): unknown {
  if (state === ended) return "ended";
  const ids = [state.stage, [...state.goals], [...state.connections], [...state.followUps]];
  if (state.providerStatuses.size > 0) return [...ids, state.personErased, [...state.providerStatuses]];
  return state.personErased ? [...ids, true] : ids;
}

const providerStatusNames: readonly ProviderConnectionStatus[] = ["awaiting", "waitlisted", "accepted", "declined", "finished"];
const isStatuses = (value: unknown): value is readonly (readonly [string, ProviderConnectionStatus])[] =>
  Array.isArray(value) &&
  value.every(
    (entry) =>
      Array.isArray(entry) &&
      entry.length === 2 &&
      typeof entry[0] === "string" &&
      providerStatusNames.some((status) => status === entry[1]),
  );

const isIds = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((id) => typeof id === "string");

function decodeCaseCheck(data: unknown): CaseCheckState | null {
  if (data === "ended") return ended;
  if (!Array.isArray(data) || data.length < 4 || data.length > 6) return null;
  const [stage, goals, connections, followUps, personErased = false, statuses = []] = data as readonly unknown[];
  const known = stages.find((name) => name === stage);
  if (known === undefined || finalStages.includes(known) || !isIds(goals) || !isIds(connections) || !isIds(followUps)) return null;
  if (typeof personErased !== "boolean" || !isStatuses(statuses)) return null;
  return {
    stage: known,
    goals: new Set(goals),
    connections: new Set(connections),
    followUps: new Set(followUps),
    personErased,
    providerStatuses: statuses.length === 0 ? noStatuses : new Map(statuses),
  };
}

/** What a case stream's events must follow, as a history checker applies it. */
export function caseHistoryRule(instruments: InstrumentRegistry): StreamRule<CaseCheckState, CaseEvent> {
  return {
    initialState: initialCaseCheckState,
    evolve: evolveCaseCheck,
    encode: encodeCaseCheck,
    decode: decodeCaseCheck,
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
        case "FollowUpScheduled": {
          const problem = followUpDueProblem(event.data.dueOn, event.metadata.occurredAt);
          return problem === null ? null : { code: "INVALID_EVENT", path: "data.dueOn", message: `dueOn ${problem}` };
        }
        case "FeedbackSentToReferrer":
          // The decider counts the connections made so far; the count is in the clear, so any
          // other number (an NHS number is a whole number too) is refused, and not repeated.
          return event.data.connections === state.connections.size
            ? null
            : {
                code: "INVALID_EVENT",
                path: "data.connections",
                message: `must be the number of connections made in the case so far (${state.connections.size})`,
              };
        case "WellbeingAssessed":
          return assessmentRefusal(instruments, event.data);
        case "ProviderUpdateRecorded":
          return providerUpdateRefusal(state, event.data);
        case "ActivityBudgetSpent":
          if (!state.goals.has(event.data.goalId) && !state.personErased) {
            return { code: "UNKNOWN_REFERENCE", path: "data.goalId", message: `goal ${event.data.goalId} is not in the case's plan` };
          }
          return event.data.connectionId === undefined || state.connections.has(event.data.connectionId)
            ? null
            : {
                code: "UNKNOWN_REFERENCE",
                path: "data.connectionId",
                message: `connection ${event.data.connectionId} was never made in this case`,
              };
        default:
          return null;
      }
    },
  };
}

/** A provider's update names a connection of the case, says why only when declining, and follows the order. */
function providerUpdateRefusal(
  state: CaseCheckState,
  data: Extract<CaseEvent, { type: "ProviderUpdateRecorded" }>["data"],
): RuleRefusal | null {
  if (!state.connections.has(data.connectionId)) {
    return { code: "UNKNOWN_REFERENCE", path: "data.connectionId", message: `connection ${data.connectionId} was never made in this case` };
  }
  const reason = reasonProblem(data.update, data.reason);
  if (reason !== null) return { code: "INVALID_EVENT", path: "data.reason", message: reason };
  const status = state.providerStatuses.get(data.connectionId) ?? "awaiting";
  return statusAfter(status, data.update) !== null
    ? null
    : {
        code: "INVALID_TRANSITION",
        path: "data.update",
        message: `the provider cannot report ${data.update} when the connection is ${status} (allowed when ${updateFollows[data.update].join(" or ")})`,
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
      message: `unknown instrument "${printable(data.instrument)}" (known: ${[...instruments.keys()].join(", ")})`,
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
