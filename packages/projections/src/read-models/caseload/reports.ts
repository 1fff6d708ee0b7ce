/** Where an open case stands. `connected` is a plan with at least one connection made. */
export type CaseloadStage = "awaiting_acceptance" | "awaiting_first_contact" | "in_conversation" | "plan_agreed" | "connected";
export const caseloadStages: readonly CaseloadStage[] = [
  "awaiting_acceptance",
  "awaiting_first_contact",
  "in_conversation",
  "plan_agreed",
  "connected",
];

/** One open case as of the report's instant. */
export interface OpenCaseRow {
  readonly caseId: string;
  readonly pcnId: string;
  /** The link worker holding the case; null while it awaits acceptance. */
  readonly linkWorkerId: string | null;
  readonly stage: CaseloadStage;
  readonly referredAt: string;
  /** Calendar days (UTC) since the referral. */
  readonly daysOpen: number;
  /** True while no conversation has been held. */
  readonly waitingForFirstContact: boolean;
  /** Calendar days from the referral to the first conversation, or to asOf while still waiting. */
  readonly daysToFirstContact: number;
  readonly contactsUsed: number;
  readonly contactsRemaining: number;
  /** Scheduled, uncompleted follow-ups due on or before asOf's date. */
  readonly followUpsDue: number;
  /** Of those, the ones due before asOf's date. */
  readonly followUpsOverdue: number;
  /** Open longer than the policy's episode length (the decider's rule: referral + length < asOf). */
  readonly beyondEpisodeLength: boolean;
}

/** Figures of a group of open cases (one link worker's, one PCN's). */
export interface CaseloadFigures {
  readonly openCases: number;
  readonly byStage: Readonly<Record<CaseloadStage, number>>;
  /** Cases with at least one follow-up due. */
  readonly followUpDue: number;
  /** Follow-ups (not cases) past their due date. */
  readonly overdueFollowUps: number;
  readonly waitingForFirstContact: number;
  /** Mean and longest days since referral of the cases still waiting; null when none wait. */
  readonly meanDaysWaiting: number | null;
  readonly longestDaysWaiting: number | null;
  /** Mean days from referral to first conversation of the open cases that have had one. */
  readonly meanDaysToFirstContact: number | null;
  readonly contactsUsed: number;
  /** Open cases times the policy's maximum contacts. */
  readonly contactsAllowed: number;
  readonly casesAtContactLimit: number;
  readonly beyondEpisodeLength: number;
}

export type LinkWorkerEmployment = "in_post" | "left" | "not_registered";

export interface LinkWorkerCaseloadRow extends CaseloadFigures {
  readonly linkWorkerId: string;
  /** The PCN the link worker joined; null when they were never registered. */
  readonly pcnId: string | null;
  /** A worker who left but still holds open cases shows up as `left`: those cases need a new holder. */
  readonly employment: LinkWorkerEmployment;
}

export interface PcnCaseloadRow extends CaseloadFigures {
  readonly pcnId: string;
}

export interface CaseloadReport<Row> {
  readonly asOf: string;
  readonly maxContacts: number;
  readonly episodeLengthDays: number;
  readonly rows: readonly Row[];
}
