import { snomed, type CaseStage } from "@linkwork/core";
import type { CodeableConcept, Patient, Reference, Task, TaskOutput } from "@medplum/fhirtypes";
import { snomedSystem, type LinkworkSystems } from "../coding/systems.js";
import type { CaseRecord } from "./case-record.js";
import { taskIdOfCase } from "./resource-ids.js";
import { isErased } from "@linkwork/core/personal-data";

/**
 * The Task status of each case stage (R4 task-status, http://hl7.org/fhir/R4/valueset-task-status.html):
 * a referral is `requested`; accepted, `accepted`; once the link worker works with the person
 * (conversation, plan), `in-progress`; rejected by the service, `rejected`; declined by the person,
 * `cancelled` (the work will not be done, though nobody refused to perform it); closed, `completed`.
 */
export const taskStatusOfStage: Readonly<Record<CaseStage, Task["status"]>> = {
  none: "draft",
  referred: "requested",
  accepted: "accepted",
  in_conversation: "in-progress",
  plan_agreed: "in-progress",
  rejected: "rejected",
  declined: "cancelled",
  closed: "completed",
};

/** The referral's code: SNOMED CT 871731000000106, the concept the GP record counts (docs/fhir.md). */
export const socialPrescribingReferral: CodeableConcept = {
  coding: [{ system: snomedSystem, code: snomed.referralToSocialPrescribingService, display: "Referral to social prescribing service" }],
};

export interface TaskParts {
  readonly record: CaseRecord;
  readonly person: Reference<Patient>;
  readonly systems: LinkworkSystems;
  /** Whether the Task may say why the case ended (the reason is a sealed, special-category detail). */
  readonly showDetails: boolean;
  readonly outputs: readonly TaskOutput[];
}

/** The case as a Task: its status following the case, who owns it, when it ran. */
export function caseTask({ record, person, systems, showDetails, outputs }: TaskParts): Task {
  const { referral, state, ended } = record;
  const linkWorkerId = state.linkWorkerId;
  const referrerId = referral.data.referrerId;
  const reason = ended === null || isErased(ended.reason) ? null : ended.reason;
  return {
    resourceType: "Task",
    id: taskIdOfCase(referral.data.caseId),
    identifier: [{ system: systems.case, value: referral.data.caseId }],
    status: taskStatusOfStage[state.stage],
    businessStatus: { text: state.stage },
    ...(showDetails && reason !== null ? { statusReason: { text: reason } } : {}),
    intent: "order",
    code: socialPrescribingReferral,
    for: person,
    authoredOn: referral.metadata.occurredAt,
    lastModified: record.lastOccurredAt,
    ...(referrerId === undefined ? {} : { requester: { identifier: { system: systems.referrer, value: referrerId } } }),
    ...(linkWorkerId === null ? {} : { owner: { identifier: { system: systems.linkWorker, value: linkWorkerId } } }),
    ...(record.acceptedAt === null ? {} : { executionPeriod: { start: record.acceptedAt, ...(ended === null ? {} : { end: ended.at }) } }),
    ...(outputs.length === 0 ? {} : { output: [...outputs] }),
  };
}
