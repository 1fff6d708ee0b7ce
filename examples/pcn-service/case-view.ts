import type { CaseState, Consent, PlannedGoal, StreamVersion } from "@linkwork/core";
import type { ConnectionOutcome } from "@linkwork/core/vocabulary";

/** A case as the API shows it: the core's state with its maps as lists, ready for JSON. */
export interface CaseView {
  readonly caseId: string | null;
  readonly stage: CaseState["stage"];
  /** The stream's version: how many events the case holds. */
  readonly version: StreamVersion;
  readonly personId: string | null;
  readonly pcnId: string | null;
  readonly source: CaseState["source"];
  readonly consent: Consent | null;
  readonly referredAt: string | null;
  readonly linkWorkerId: string | null;
  readonly lastOccurredAt: string | null;
  readonly contacts: number;
  readonly unansweredAttempts: number;
  readonly goals: readonly PlannedGoal[];
  readonly connections: readonly {
    readonly connectionId: string;
    readonly goalId: string;
    /** Null once the person was erased: the provider is a sealed detail. */
    readonly providerId: string | null;
    readonly outcome: ConnectionOutcome | null;
  }[];
  readonly followUps: readonly { readonly followUpId: string; readonly dueOn: string; readonly completed: boolean }[];
  readonly feedbackSent: number;
}

export function caseView(state: CaseState, version: StreamVersion): CaseView {
  return {
    caseId: state.caseId,
    stage: state.stage,
    version,
    personId: state.personId,
    pcnId: state.pcnId,
    source: state.source,
    consent: state.consent,
    referredAt: state.referredAt,
    linkWorkerId: state.linkWorkerId,
    lastOccurredAt: state.lastOccurredAt,
    contacts: state.contacts,
    unansweredAttempts: state.unansweredAttempts,
    goals: [...state.goals.values()].map((goal) => ({ ...goal })),
    connections: [...state.connections].map(([connectionId, connection]) => ({ connectionId, ...connection })),
    followUps: [...state.followUps].map(([followUpId, followUp]) => ({ followUpId, ...followUp })),
    feedbackSent: state.feedbackSent,
  };
}
