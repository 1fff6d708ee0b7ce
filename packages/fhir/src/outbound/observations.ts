import type { EventOf } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import type { Coding, Observation, Patient, Reference } from "@medplum/fhirtypes";
import { observationCategorySystem } from "../coding/systems.js";
import { entryUrl } from "./resource-ids.js";

/** An Observation with the full URL of its Bundle entry. */
export interface ScoreObservation {
  readonly fullUrl: string;
  readonly resource: Observation;
}

/**
 * Each score of an assessment as an Observation: coded where `codes` has the score (instrument-codes.ts),
 * text only otherwise; survey category; the timepoint and instrument version in a note. Scores of an
 * erased person read as erased and give no Observation.
 */
export function scoreObservations(
  assessment: EventOf<"WellbeingAssessed">,
  person: Reference<Patient>,
  codes: Readonly<Record<string, Coding>>,
): ScoreObservation[] {
  const { instrument, instrumentVersion, timepoint, scores } = assessment.data;
  if (isErased(scores)) return [];
  return Object.entries(scores)
    .filter(([, value]) => Number.isFinite(value))
    .map(([score, value]) => {
      const text = `${instrument} ${score}`;
      const coding = Object.hasOwn(codes, `${instrument}.${score}`) ? codes[`${instrument}.${score}`] : undefined;
      return {
        fullUrl: entryUrl(assessment.metadata.eventId, `score/${score}`),
        resource: {
          resourceType: "Observation",
          status: "final",
          category: [{ coding: [{ system: observationCategorySystem, code: "survey", display: "Survey" }] }],
          code: coding === undefined ? { text } : { coding: [coding], text },
          subject: person,
          effectiveDateTime: assessment.metadata.occurredAt,
          valueQuantity: { value },
          note: [{ text: `timepoint: ${timepoint}; ${instrument} version ${instrumentVersion}` }],
        },
      };
    });
}
