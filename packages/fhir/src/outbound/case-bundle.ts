import * as E from "fp-ts/lib/Either.js";
import type { CaseEvent } from "@linkwork/core";
import type { Bundle, BundleEntry, Coding, TaskOutput } from "@medplum/fhirtypes";
import { instrumentScoreCodes } from "../coding/instrument-codes.js";
import { defaultLinkworkSystems, type LinkworkSystems } from "../coding/systems.js";
import { carePlan } from "./care-plan.js";
import { caseRecord } from "./case-record.js";
import { scoreObservations } from "./observations.js";
import { personReference } from "./person-reference.js";
import { entryUrl } from "./resource-ids.js";
import { caseTask } from "./task.js";

/**
 * Who the Bundle is for. `referrer` (the default): the outcome (scores, plan, why the case ended)
 * only when the person agreed to share it with the referrer; without that, the Task and its status
 * alone. `service`: the scheme's own systems, which hold the record anyway, see it all.
 */
export type BundleAudience = "referrer" | "service";

export interface CaseBundleOptions {
  readonly audience?: BundleAudience;
  /** The person's NHS number, when the caller resolved it through the register; else the pseudonym names them. */
  readonly nhsNumber?: string;
  /** Codes of instrument scores (`<instrument>.<score>`); the cited national ones by default. */
  readonly scoreCodes?: Readonly<Record<string, Coding>>;
  readonly systems?: LinkworkSystems;
}

/** Why there is no Bundle: the events hold no referral (no such case). */
export type CaseBundleError = { readonly code: "NO_REFERRAL"; readonly message: string };

/**
 * A case as a FHIR R4 Bundle (type `collection`) from its events in stream order: a Task whose status
 * follows the case, each outcome score as an Observation and the plan as a CarePlan, the Task's
 * outputs pointing at them. The same events always give the same Bundle. Mapping: docs/fhir.md.
 */
export function caseBundle(events: readonly CaseEvent[], options: CaseBundleOptions = {}): E.Either<CaseBundleError, Bundle> {
  const record = caseRecord(events);
  if (record === null) return E.left({ code: "NO_REFERRAL", message: "the events hold no referral: there is no such case" });
  const systems = options.systems ?? defaultLinkworkSystems;
  const person = personReference(record.referral.data.personId, systems, options.nhsNumber);
  const showDetails = options.audience === "service" || record.state.consent?.shareOutcomeWithReferrer === true;

  const observations = showDetails
    ? record.assessments.flatMap((assessment) => scoreObservations(assessment, person, options.scoreCodes ?? instrumentScoreCodes))
    : [];
  const plan =
    showDetails && record.plan !== null
      ? { fullUrl: entryUrl(record.plan.eventId, "plan"), resource: carePlan(record, record.plan, person, systems) }
      : null;
  const outputs: TaskOutput[] = [
    ...observations.map(({ fullUrl }) => ({
      type: { text: "outcome measure score" },
      valueReference: { reference: fullUrl, type: "Observation" as const },
    })),
    ...(plan === null
      ? []
      : [{ type: { text: "personalised care and support plan" }, valueReference: { reference: plan.fullUrl, type: "CarePlan" as const } }]),
  ];
  const task = caseTask({ record, person, systems, showDetails, outputs });
  const entry: BundleEntry[] = [
    { fullUrl: entryUrl(record.referral.metadata.eventId, "task"), resource: task },
    ...observations,
    ...(plan === null ? [] : [plan]),
  ];
  return E.right({ resourceType: "Bundle", type: "collection", timestamp: record.lastOccurredAt, entry });
}
