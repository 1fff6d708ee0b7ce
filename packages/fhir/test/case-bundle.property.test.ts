import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { CaseEvent } from "@linkwork/core";
import { isErased, openEvent, sealEvent } from "@linkwork/core/personal-data";
import { arbitraryCaseLife, runCase } from "@linkwork/core/testing";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import { caseBundle, taskStatusOfStage, type BundleAudience } from "../src/index.js";
import { r4Problems } from "./support/r4-conformance.js";

// Over generated case lives (every stage, sharing consent or not, the person erased or not): every Bundle conforms to the R4
// base definitions, its Task's status is the case's stage, and it shows the outcome exactly when the
// audience may see it.

const resourcesOf = (bundle: Bundle): Resource[] =>
  (bundle.entry ?? []).flatMap((entry) => (entry.resource === undefined ? [] : [entry.resource]));
const audiences: readonly BundleAudience[] = ["referrer", "service"];

/** A case's events as a store reads them once the person is erased: sealed with a key, then opened without it. */
function erased(events: readonly CaseEvent[]): CaseEvent[] {
  const key = { personId: "person_7f3a", version: 1, key: randomBytes(32) };
  return events.map((event) => openEvent(sealEvent(event, key), null));
}

describe("every case's Bundle", () => {
  it("conforms to R4, follows the case's stage, and shows scores and plan only to an audience allowed to see them", () => {
    fc.assert(
      fc.property(arbitraryCaseLife(), fc.constantFrom(...audiences), fc.boolean(), (commands, audience, erase) => {
        const run = runCase(commands);
        const events = erase ? erased(run.events) : run.events;
        const bundle = caseBundle(events, { audience });
        if (E.isLeft(bundle)) throw new Error(bundle.left.message);
        expect(r4Problems(bundle.right)).toEqual([]);

        const resources = resourcesOf(bundle.right);
        const task = resources[0];
        expect(task?.resourceType === "Task" && task.status).toBe(taskStatusOfStage[run.state.stage]);
        const shown = audience === "service" || run.state.consent?.shareOutcomeWithReferrer === true;
        const scores = events.flatMap((event) =>
          event.type === "WellbeingAssessed" && !isErased(event.data.scores) ? Object.keys(event.data.scores) : [],
        );
        const planned = run.events.some((event) => event.type === "PlanAgreed");
        expect(resources.filter((resource) => resource.resourceType === "Observation")).toHaveLength(shown ? scores.length : 0);
        expect(resources.filter((resource) => resource.resourceType === "CarePlan")).toHaveLength(shown && planned ? 1 : 0);
      }),
      { numRuns: 60 },
    );
  });
});
