import type { Consent, Goal } from "./events.js";
import type { ProviderConnectionStatus } from "../provider/connection-status.js";
import type { ConnectionOutcome, GoalProgress, ReferralSource } from "../events/vocabulary.js";

/**
 * Where a case stands. `none` before its referral; `rejected`, `declined` and `closed` are final.
 * "Connected" and "follow-up due" are read-model views, not stages: a case keeps its plan stage.
 */
export type CaseStage = "none" | "referred" | "accepted" | "in_conversation" | "plan_agreed" | "rejected" | "declined" | "closed";

export const finalStages: readonly CaseStage[] = ["rejected", "declined", "closed"];

export interface PlannedGoal extends Goal {
  readonly progress: GoalProgress;
}

export interface CaseConnection {
  readonly goalId: string;
  /** Null once the person was erased: the provider is a sealed detail. */
  readonly providerId: string | null;
  readonly outcome: ConnectionOutcome | null;
  /** What the provider has reported on it (provider/connection-status.ts). */
  readonly providerStatus: ProviderConnectionStatus;
}

export interface ScheduledFollowUp {
  readonly dueOn: string;
  readonly completed: boolean;
}

/** Everything decide needs to know about one case, rebuilt from its events by evolve. */
export interface CaseState {
  readonly stage: CaseStage;
  readonly caseId: string | null;
  readonly personId: string | null;
  readonly pcnId: string | null;
  readonly source: ReferralSource | null;
  readonly consent: Consent | null;
  readonly referredAt: string | null;
  readonly linkWorkerId: string | null;
  /** occurredAt of the latest event: time never runs backwards inside a stream. */
  readonly lastOccurredAt: string | null;
  /** Sessions with the person: conversations and completed follow-ups. */
  readonly contacts: number;
  /** Contact attempts without reaching the person since they were last reached. */
  readonly unansweredAttempts: number;
  readonly goals: ReadonlyMap<string, PlannedGoal>;
  readonly connections: ReadonlyMap<string, CaseConnection>;
  readonly followUps: ReadonlyMap<string, ScheduledFollowUp>;
  readonly feedbackSent: number;
  /** The case's person was erased: its sealed details (the plan's goals among them) read as erased. */
  readonly personErased: boolean;
  /**
   * The ids of the events that caused the case's GP record entries, in order. Entry ids are hashed
   * from them only when asked (`gpRecordEntriesOf`), so replaying a case hashes nothing.
   */
  readonly gpRecordEntryEvents: readonly string[];
  /** The ids of the GP record entries acknowledged as sent. */
  readonly gpRecordEntriesSent: ReadonlySet<string>;
}

export const initialCaseState: CaseState = {
  stage: "none",
  caseId: null,
  personId: null,
  pcnId: null,
  source: null,
  consent: null,
  referredAt: null,
  linkWorkerId: null,
  lastOccurredAt: null,
  contacts: 0,
  unansweredAttempts: 0,
  goals: new Map(),
  connections: new Map(),
  followUps: new Map(),
  feedbackSent: 0,
  personErased: false,
  gpRecordEntryEvents: [],
  gpRecordEntriesSent: new Set(),
};
