import { evolveCase, initialCaseState, type CaseEvent, type CaseState, type EventOf } from "@linkwork/core";
import type { ConnectionMode, ConnectionOutcome, GoalProgress } from "@linkwork/core/vocabulary";

// What a case's Bundle is made from, gathered from its events: the core's own case state (stage,
// link worker, consent), and the times, assessments, plan and connections the state does not keep.

type Data<T extends CaseEvent["type"]> = EventOf<T>["data"];

/** A connection of the plan: its goal, activity (sealed: may read as erased), mode and latest outcome. */
export interface RecordedConnection {
  readonly connectionId: string;
  readonly goalId: string;
  readonly activity: Data<"ConnectionMade">["activity"];
  readonly mode: ConnectionMode;
  readonly outcome: ConnectionOutcome | null;
  readonly madeAt: string;
}

/** The plan as last agreed or revised. */
export interface RecordedPlan {
  readonly eventId: string;
  readonly agreedAt: string;
  readonly goals: Data<"PlanAgreed">["goals"];
}

/** Everything the Bundle shows of a case. */
export interface CaseRecord {
  readonly state: CaseState;
  readonly referral: EventOf<"ReferralReceived">;
  readonly acceptedAt: string | null;
  /** When the case ended (rejected, declined or closed) and why; the reason is sealed and may read as erased. */
  readonly ended: {
    readonly at: string;
    readonly reason: Data<"ReferralRejected">["reason"] | Data<"SocialPrescribingDeclined">["reason"] | Data<"CaseClosed">["reason"];
  } | null;
  readonly lastOccurredAt: string;
  readonly assessments: readonly EventOf<"WellbeingAssessed">[];
  readonly plan: RecordedPlan | null;
  readonly goalProgress: ReadonlyMap<string, GoalProgress>;
  readonly connections: ReadonlyMap<string, RecordedConnection>;
}

interface Gathering {
  acceptedAt: string | null;
  ended: CaseRecord["ended"];
  assessments: EventOf<"WellbeingAssessed">[];
  plan: RecordedPlan | null;
  goalProgress: Map<string, GoalProgress>;
  connections: Map<string, RecordedConnection>;
}

function gather(into: Gathering, event: CaseEvent): void {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case "ReferralAccepted":
      into.acceptedAt ??= at;
      return;
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed":
      into.ended = { at, reason: event.data.reason };
      return;
    case "WellbeingAssessed":
      into.assessments.push(event);
      return;
    case "PlanAgreed":
    case "PlanRevised":
      into.plan = { eventId: event.metadata.eventId, agreedAt: into.plan?.agreedAt ?? at, goals: event.data.goals };
      return;
    case "GoalProgressRecorded":
      into.goalProgress.set(event.data.goalId, event.data.progress);
      return;
    case "ConnectionMade":
      into.connections.set(event.data.connectionId, { ...event.data, outcome: null, madeAt: at });
      return;
    case "ConnectionOutcomeRecorded": {
      const made = into.connections.get(event.data.connectionId);
      if (made !== undefined) into.connections.set(event.data.connectionId, { ...made, outcome: event.data.outcome });
      return;
    }
    // The provider's own reports and activity spend are the scheme's record, not the referrer's Task.
    // Facts the Bundle does not show: contacts, conversations, unmet needs, follow-ups, feedback,
    // reassignment, GP record entries sent (the GP system's own copy, not the referrer's Task), and
    // consent changes (consent reaches the Bundle through the case state, evolveCase).
    case "ReferralReceived":
    case "ContactAttempted":
    case "ConversationHeld":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "GpRecordEntriesSent":
    case "ProviderUpdateRecorded":
    case "ActivityBudgetSpent":
    case "ConsentGiven":
    case "ConsentWithdrawn":
      return;
    default: {
      // A new case event type stops the build here until the Bundle says whether it shows it.
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** A case's record from its events in stream order, or null when they hold no referral. */
export function caseRecord(events: readonly CaseEvent[]): CaseRecord | null {
  const referral = events.find((event): event is EventOf<"ReferralReceived"> => event.type === "ReferralReceived");
  const last = events.at(-1);
  if (referral === undefined || last === undefined) return null;
  const gathering: Gathering = {
    acceptedAt: null,
    ended: null,
    assessments: [],
    plan: null,
    goalProgress: new Map(),
    connections: new Map(),
  };
  let state = initialCaseState;
  for (const event of events) {
    state = evolveCase(state, event);
    gather(gathering, event);
  }
  return { state, referral, lastOccurredAt: last.metadata.occurredAt, ...gathering };
}
