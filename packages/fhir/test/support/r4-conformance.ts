import * as E from "fp-ts/lib/Either.js";
import type { Resource } from "@medplum/fhirtypes";
import { validateR4 } from "../../src/index.js";
import { requiredBindingIssues } from "./required-bindings.js";

/**
 * Every way a resource breaks the FHIR R4 base definitions, as `path: message` lines: @medplum/core's
 * validator (structure, types, formats, invariants; warnings too) and the required bindings and ids it
 * leaves out. Empty when the resource conforms.
 */
export function r4Problems(resource: Resource): string[] {
  const validated = validateR4(resource);
  const structural = E.isLeft(validated) ? validated.left.map((issue) => `${issue.path}: ${issue.message}`) : [];
  return [...structural, ...requiredBindingIssues(resource).map((issue) => `${issue.path}: ${issue.message}`)];
}
