import type { ConnectionOutcome, GoalProgress } from "@linkwork/core/vocabulary";
import { isErased } from "@linkwork/core/personal-data";
import type { CarePlan, CarePlanActivity, Patient, Reference } from "@medplum/fhirtypes";
import type { LinkworkSystems } from "../coding/systems.js";
import type { CaseRecord, RecordedConnection, RecordedPlan } from "./case-record.js";

type ActivityStatus = NonNullable<CarePlanActivity["detail"]>["status"];

/** A goal's progress as a CarePlan activity status (R4 care-plan-activity-status). */
const statusOfProgress: Readonly<Record<GoalProgress, ActivityStatus>> = {
  not_started: "not-started",
  some_progress: "in-progress",
  achieved: "completed",
  abandoned: "stopped",
};

/** A connection's latest outcome as a CarePlan activity status; none yet is `scheduled`. */
const statusOfOutcome: Readonly<Record<ConnectionOutcome, ActivityStatus>> = {
  attended: "in-progress",
  ongoing: "in-progress",
  completed: "completed",
  did_not_attend: "stopped",
  dropped_out: "stopped",
  waiting_list: "on-hold",
  declined_by_provider: "cancelled",
};

function goalActivities(plan: RecordedPlan, progress: CaseRecord["goalProgress"], systems: LinkworkSystems): CarePlanActivity[] {
  if (isErased(plan.goals)) return [];
  return plan.goals.map((goal) => ({
    detail: {
      status: statusOfProgress[progress.get(goal.goalId) ?? "not_started"],
      code: { coding: [{ system: systems.need, code: goal.need }], text: `goal: ${goal.need}` },
    },
  }));
}

function connectionActivity(connection: RecordedConnection, systems: LinkworkSystems): CarePlanActivity {
  const activity = isErased(connection.activity) ? null : connection.activity;
  return {
    detail: {
      status: connection.outcome === null ? "scheduled" : statusOfOutcome[connection.outcome],
      code:
        activity === null
          ? { text: "connection (activity erased)" }
          : { coding: [{ system: systems.support, code: activity }], text: `connection: ${activity}` },
      description: connection.mode,
    },
  };
}

/**
 * The personalised care and support plan as a CarePlan: one activity per goal (need category,
 * progress) and one per connection (support category, outcome). Goals and activities are sealed:
 * an erased person's plan has no goal activities, and their connections say only that they were made.
 */
export function carePlan(record: CaseRecord, plan: RecordedPlan, person: Reference<Patient>, systems: LinkworkSystems): CarePlan {
  const stage = record.state.stage;
  const end = record.ended?.at;
  const activity = [
    ...goalActivities(plan, record.goalProgress, systems),
    ...[...record.connections.values()].map((c) => connectionActivity(c, systems)),
  ];
  return {
    resourceType: "CarePlan",
    status: stage === "closed" ? "completed" : stage === "declined" || stage === "rejected" ? "revoked" : "active",
    intent: "plan",
    title: "Personalised care and support plan",
    subject: person,
    created: plan.agreedAt,
    period: { start: plan.agreedAt, ...(end === undefined ? {} : { end }) },
    ...(activity.length === 0 ? {} : { activity }),
  };
}
