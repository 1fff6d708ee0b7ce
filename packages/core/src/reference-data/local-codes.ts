import type { CaseCommand } from "../case/commands.js";
import type { CaseEvent } from "../case/events.js";
import { isErased } from "../personal-data/erased.js";
import { fieldInvalid, type DomainError } from "../errors.js";
import { NationalNeed, NationalSupport } from "../events/vocabulary.js";
import type { CodeList } from "./events.js";

/** A code a command uses that is not national, and the field it sits in. */
export interface LocalCodeUse {
  readonly list: CodeList;
  readonly path: string;
  readonly code: string;
}

const nationalCodes: { readonly [List in CodeList]: ReadonlySet<string> } = {
  need: new Set(NationalNeed.options),
  support: new Set(NationalSupport.options),
};

function uses(list: CodeList, entries: readonly (readonly [path: string, code: string])[]): LocalCodeUse[] {
  return entries.filter(([, code]) => !nationalCodes[list].has(code)).map(([path, code]) => ({ list, path, code }));
}

/** The local codes a case command uses (reasons, needs, goals' needs, an unmet need, a connection's support). */
export function localCodeUses(command: CaseCommand): LocalCodeUse[] {
  switch (command.type) {
    case "ReceiveReferral":
      return uses(
        "need",
        command.reasons.map((code, index) => [`reasons[${index}]`, code]),
      );
    case "HoldConversation":
      return uses(
        "need",
        command.needs.map((code, index) => [`needs[${index}]`, code]),
      );
    case "AgreePlan":
    case "RevisePlan":
      return uses(
        "need",
        command.goals.map((goal, index) => [`goals[${index}].need`, goal.need]),
      );
    case "RecordUnmetNeed":
      return uses("need", [["need", command.need]]);
    case "MakeConnection":
      return uses("support", [["activity", command.activity]]);
    case "AcceptReferral":
    case "RejectReferral":
    case "DeclineSocialPrescribing":
    case "RecordContactAttempt":
    case "AssessWellbeing":
    case "RecordGoalProgress":
    case "RecordConnectionOutcome":
    case "ScheduleFollowUp":
    case "CompleteFollowUp":
    case "SendFeedbackToReferrer":
    case "ReassignLinkWorker":
    case "CloseCase":
    case "AcknowledgeGpRecordEntries":
    case "RecordProviderUpdate":
    case "RecordActivityBudgetSpend":
    case "GiveConsent":
    case "WithdrawConsent":
      return [];
  }
}

const indexed = (codes: readonly string[], path: string) => codes.map((code, index) => [`${path}[${index}]`, code] as const);

/**
 * The local codes a case event carries, as the checker of a history file reads them: the same fields
 * as `localCodeUses` reads in the command that recorded it, under `data.`. Sealed fields read as
 * erased carry nothing to check.
 */
export function localCodeUsesOfEvent(event: CaseEvent): LocalCodeUse[] {
  switch (event.type) {
    case "ReferralReceived":
      return isErased(event.data.reasons) ? [] : uses("need", indexed(event.data.reasons, "data.reasons"));
    case "ConversationHeld":
      return isErased(event.data.needs) ? [] : uses("need", indexed(event.data.needs, "data.needs"));
    case "PlanAgreed":
    case "PlanRevised":
      return isErased(event.data.goals)
        ? []
        : uses(
            "need",
            event.data.goals.map((goal, index) => [`data.goals[${index}].need`, goal.need]),
          );
    case "UnmetNeedRecorded":
      return isErased(event.data.need) ? [] : uses("need", [["data.need", event.data.need]]);
    case "ConnectionMade":
      return isErased(event.data.activity) ? [] : uses("support", [["data.activity", event.data.activity]]);
    case "ReferralAccepted":
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "GoalProgressRecorded":
    case "ConnectionOutcomeRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "CaseClosed":
    case "ConsentGiven":
    case "ConsentWithdrawn":
    case "GpRecordEntriesSent":
    case "ProviderUpdateRecorded":
    case "ActivityBudgetSpent":
      return [];
  }
}

const isLocal = (value: unknown): boolean => typeof value === "string" && value.startsWith("x-");
const field = (input: unknown, key: string): unknown => (typeof input === "object" && input !== null ? Reflect.get(input, key) : undefined);
const someLocal = (value: unknown, of: (item: unknown) => unknown = (item) => item): boolean =>
  Array.isArray(value) && value.some((item) => isLocal(of(item)));

/**
 * Whether raw input may use a local code (an `x-` value in a coded field), looked at cheaply before
 * parsing, so that a command using national codes only costs nothing more.
 */
export function mayUseLocalCode(input: unknown): boolean {
  return (
    someLocal(field(input, "reasons")) ||
    someLocal(field(input, "needs")) ||
    someLocal(field(input, "goals"), (goal) => field(goal, "need")) ||
    isLocal(field(input, "need")) ||
    isLocal(field(input, "activity"))
  );
}

/**
 * The first use of a code its list has not registered, as VALIDATION_FAILED naming the field, or
 * null. The message never repeats the code: unregistered free text is exactly what may identify.
 */
export function unregisteredLocalCode(
  codeUses: readonly LocalCodeUse[],
  registered: { readonly [List in CodeList]?: ReadonlySet<string> },
): DomainError | null {
  const unknown = codeUses.find((use) => registered[use.list]?.has(use.code) !== true);
  if (unknown === undefined) return null;
  return fieldInvalid(
    "command",
    unknown.path,
    `is not a national ${unknown.list} category or a local code registered in the ${unknown.list} list (RegisterLocalCode registers one, with its label)`,
  );
}
