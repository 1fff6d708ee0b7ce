import { streamCategory, streamEntityId, type RecordedEvent } from "@linkwork/core";
import { DisclosureError, recordedEvents, type DisclosureSource } from "./disclosure-source.js";

/**
 * Whether a person has a national data opt-out, as the embedder last checked it with NHS England's
 * service and noted it in the person register (`PersonDetails.nationalDataOptOut`; docs/privacy.md,
 * "National data opt-out"). A throw is answered as REGISTER_FAILED and nothing is written.
 */
export type OptOutLookup = (personId: string) => Promise<boolean> | boolean;

/** Who an evaluation export leaves out, and why (a person is counted once, under the first reason). */
export interface EvaluationCohort {
  /** Case ids whose streams are left out. */
  readonly leftOutCases: ReadonlySet<string>;
  /** Person ids whose person streams are left out. */
  readonly leftOutPeople: ReadonlySet<string>;
  /** People left out with a national data opt-out. */
  readonly optedOut: number;
  /** People left out because consent to evaluation was not in force at the end of the source. */
  readonly withoutConsent: number;
}

interface CaseConsent {
  readonly personId: string;
  evaluation: boolean;
}

/**
 * The first pass of an evaluation export: reads the whole source to find who must be left out. A
 * person is left out when any of their cases ends the source without consent to evaluation in force
 * (the referral's consent, changed by ConsentGiven / ConsentWithdrawn), or when they have a national
 * data opt-out. People with no case (a comparison group) never gave consent to record: the opt-out
 * alone decides for them. Memory: one entry per case and per person.
 */
export async function evaluationCohort(source: DisclosureSource, optedOut: OptOutLookup | undefined): Promise<EvaluationCohort> {
  const cases = new Map<string, CaseConsent>();
  const people = new Set<string>();
  const take = (recorded: RecordedEvent) => {
    const { event } = recorded;
    switch (event.type) {
      case "ReferralReceived":
        cases.set(streamEntityId(recorded.streamId), { personId: event.data.personId, evaluation: event.data.consent.evaluation });
        people.add(event.data.personId);
        return;
      case "ConsentGiven":
      case "ConsentWithdrawn": {
        const held = cases.get(streamEntityId(recorded.streamId));
        if (held !== undefined && event.data.purpose === "evaluation") held.evaluation = event.type === "ConsentGiven";
        return;
      }
      default:
        if (streamCategory(recorded.streamId) === "person") people.add(streamEntityId(recorded.streamId));
    }
  };
  for await (const page of recordedEvents(source)) for (const recorded of page) take(recorded);

  const withoutConsent = new Set<string>();
  for (const held of cases.values()) if (!held.evaluation) withoutConsent.add(held.personId);
  const optOuts = new Set<string>();
  if (optedOut !== undefined) {
    for (const personId of people) {
      let answer: boolean;
      try {
        answer = await optedOut(personId);
      } catch (thrown) {
        // The message is the register's, which never holds a person's details (PersonRegister).
        throw new DisclosureError({
          code: "REGISTER_FAILED",
          message: `looking up national data opt-outs in the person register failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
        });
      }
      if (answer) optOuts.add(personId);
    }
  }
  const leftOutPeople = new Set([...optOuts, ...withoutConsent]);
  const leftOutCases = new Set<string>();
  for (const [caseId, held] of cases) if (leftOutPeople.has(held.personId)) leftOutCases.add(caseId);
  return {
    leftOutCases,
    leftOutPeople,
    optedOut: optOuts.size,
    withoutConsent: [...withoutConsent].filter((personId) => !optOuts.has(personId)).length,
  };
}

/** Whether an event belongs to someone the export leaves out: their case streams and person stream. */
export function isLeftOut(recorded: RecordedEvent, cohort: EvaluationCohort): boolean {
  switch (streamCategory(recorded.streamId)) {
    case "case":
      return cohort.leftOutCases.has(streamEntityId(recorded.streamId));
    case "person":
      return cohort.leftOutPeople.has(streamEntityId(recorded.streamId));
    default:
      return false;
  }
}
