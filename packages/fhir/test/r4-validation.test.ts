import { describe, expect, it } from "vitest";
import type { Resource } from "@medplum/fhirtypes";
import { r4Problems } from "./support/r4-conformance.js";

// The validation every produced resource goes through refuses what R4 refuses: without this, a
// test that "every bundle validates" could pass with nothing checked.

const task = { resourceType: "Task", status: "requested", intent: "order" } as const;

/** Resources built wrong on purpose, which the types would refuse: this is what arrives from outside. */
function problemsOf(resource: object): string[] {
  return r4Problems(resource as Resource);
}

describe("R4 validation of produced resources", () => {
  it("passes a minimal valid Task, Observation, CarePlan and Bundle", () => {
    expect(problemsOf(task)).toEqual([]);
    expect(
      problemsOf({ resourceType: "Observation", status: "final", code: { text: "WEMWBS total" }, valueQuantity: { value: 40 } }),
    ).toEqual([]);
    expect(
      problemsOf({ resourceType: "CarePlan", status: "active", intent: "plan", subject: { identifier: { value: "person_a1" } } }),
    ).toEqual([]);
    expect(
      problemsOf({
        resourceType: "Bundle",
        type: "collection",
        entry: [{ fullUrl: "urn:uuid:3f9d3c1e-5b7a-4c3e-9a51-0d6f2b8e4a17", resource: task }],
      }),
    ).toEqual([]);
  });

  it("refuses a missing required element, an unknown property and a malformed dateTime, naming the path", () => {
    expect(problemsOf({ resourceType: "Task", status: "requested" })).toEqual(["Task.intent: Missing required property"]);
    expect(problemsOf({ ...task, colour: "red" })).toEqual(['Task.colour: Invalid additional property "colour"']);
    expect(problemsOf({ ...task, authoredOn: "yesterday" })).toEqual(["Task.authoredOn: Invalid dateTime format"]);
  });

  it("refuses codes outside their required value set, in a resource and inside a Bundle entry", () => {
    expect(problemsOf({ ...task, status: "done" })).toEqual(["Task.status: is not in http://hl7.org/fhir/ValueSet/task-status|4.0.1"]);
    expect(problemsOf({ resourceType: "CarePlan", status: "active", intent: "goal", subject: { display: "x" } })).toEqual([
      "CarePlan.intent: is not in http://hl7.org/fhir/ValueSet/care-plan-intent|4.0.1",
    ]);
    expect(problemsOf({ resourceType: "Bundle", type: "pile", entry: [{ resource: { ...task, status: "done" } }] })).toEqual([
      "Bundle.type: is not in http://hl7.org/fhir/ValueSet/bundle-type|4.0.1",
      "Bundle.entry[0].resource.status: is not in http://hl7.org/fhir/ValueSet/task-status|4.0.1",
    ]);
    expect(
      problemsOf({ resourceType: "Observation", status: "final", code: { text: "x" }, valueQuantity: { value: 1, comparator: "about" } }),
    ).toEqual(["Observation.valueQuantity.comparator: is not in http://hl7.org/fhir/ValueSet/quantity-comparator|4.0.1"]);
  });

  it("refuses a malformed id, a broken invariant and a duplicated entry URL", () => {
    expect(problemsOf({ ...task, id: "case_c0001" })).toEqual(["Task.id: is not a FHIR id: letters, digits, - and ., at most 64"]);
    expect(
      problemsOf({
        resourceType: "Observation",
        status: "final",
        code: { text: "x" },
        valueQuantity: { value: 1 },
        dataAbsentReason: { text: "y" },
      }),
    ).toEqual(["Observation: Constraint obs-6 not met: dataAbsentReason SHALL only be present if Observation.value[x] is not present"]);
    const entry = { fullUrl: "urn:uuid:3f9d3c1e-5b7a-4c3e-9a51-0d6f2b8e4a17", resource: task };
    expect(problemsOf({ resourceType: "Bundle", type: "collection", entry: [entry, entry] })[0]).toMatch(
      /^Bundle: Constraint bdl-7 not met/,
    );
  });
});
