import { printable } from "@linkwork/core";
import type { R4Issue } from "../r4/r4-validation.js";

/** One thing in a FHIR resource that Linkwork cannot take: its FHIR path (`ServiceRequest.requester`) and why. */
export interface FhirIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Why a FHIR referral could not become a ReceiveReferral command. Messages name FHIR paths and rules,
 * never a personal detail (no NHS number, no name; at most an unmapped code or an unknown property
 * name, made printable), so they can be logged and answered.
 */
export type FhirInError =
  /** The resource is not valid FHIR R4, or a part Linkwork needs is missing or has no Linkwork meaning. */
  | { readonly code: "UNMAPPABLE"; readonly message: string; readonly issues: readonly FhirIssue[] }
  /** The person register could not answer; `retryable` says whether the same request may succeed later. */
  | { readonly code: "REGISTER_UNAVAILABLE"; readonly message: string; readonly retryable: boolean };

/** UNMAPPABLE with its issues, the first one in the message. */
export function unmappable(issues: readonly FhirIssue[]): FhirInError {
  const first = issues[0];
  return {
    code: "UNMAPPABLE",
    message: first === undefined ? "the referral cannot be mapped" : `the referral cannot be mapped: ${first.path}: ${first.message}`,
    issues,
  };
}

/** The longest path or message an issue repeats from the validator, which may quote a property name from the input. */
const maxEchoed = 200;

const echoed = (text: string) => printable(text.length > maxEchoed ? `${text.slice(0, maxEchoed)}...` : text);

/** The errors of an R4 validation as FHIR issues, made safe to echo (the validator quotes unknown property names). */
export function r4Errors(issues: readonly R4Issue[]): FhirIssue[] {
  return issues
    .filter((issue) => issue.severity === "error")
    .map(({ path, message }) => ({ path: echoed(path), message: echoed(message) }));
}
