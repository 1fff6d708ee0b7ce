import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryNhsNumber, runCase } from "@linkwork/core/testing";
import { NationalNeed } from "@linkwork/core/vocabulary";
import { memoryPersonRegister } from "@linkwork/store-memory";
import type { ServiceRequest, Task } from "@medplum/fhirtypes";
import {
  caseBundle,
  defaultLinkworkSystems,
  nhsNumberSystem,
  odsOrganisationSystem,
  referralFromServiceRequest,
  referralSourceBySnomed,
} from "../src/index.js";
import { command } from "./support/case-commands.js";
import { r4Problems } from "./support/r4-conformance.js";
import { context, gpReferral } from "./support/referral-fixtures.js";

// Generated referrals (any mapped source code, needs, practice, PCN, a time in any offset) go in,
// the case is worked and its Bundle comes out: what went in comes back out, and the Bundle conforms.

const sourceCodes = Object.keys(referralSourceBySnomed);
const offset = fc.integer({ min: -12, max: 14 }).map((hours) => `${hours < 0 ? "-" : "+"}${String(Math.abs(hours)).padStart(2, "0")}:00`);
const localTime = fc
  .date({ min: new Date("2021-01-01T00:00:00Z"), max: new Date("2025-06-30T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 19));

const arbitraryReferral = fc.record({
  nhsNumber: arbitraryNhsNumber(),
  sourceCode: fc.constantFrom(...sourceCodes),
  needs: fc.subarray([...NationalNeed.options], { minLength: 1, maxLength: 4 }),
  practiceId: fc.stringMatching(/^[A-Z][0-9]{5}$/),
  pcnId: fc.stringMatching(/^U[0-9]{5}$/),
  authoredOn: fc.tuple(localTime, offset).map(([time, zone]) => `${time}${zone}`),
});

describe("a generated referral in, its case's Bundle out", () => {
  it("carries the time, person, source and referrer through, and the Bundle conforms to R4", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryReferral, async (generated) => {
        const register = memoryPersonRegister();
        const request: ServiceRequest = {
          ...gpReferral,
          contained: [
            {
              resourceType: "Patient",
              id: "p1",
              identifier: [{ system: nhsNumberSystem, value: generated.nhsNumber }],
              name: [{ family: "Smith", given: ["Jane"] }],
              birthDate: "1950-01-01",
              generalPractitioner: [{ identifier: { system: odsOrganisationSystem, value: generated.practiceId } }],
            },
          ],
          extension: [
            {
              ...gpReferral.extension?.[0],
              url: gpReferral.extension?.[0]?.url ?? "",
              valueCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: generated.sourceCode }] },
            },
          ],
          authoredOn: generated.authoredOn,
          performer: [{ identifier: { system: odsOrganisationSystem, value: generated.pcnId } }],
          reasonCode: generated.needs.map((need) => ({ coding: [{ system: defaultLinkworkSystems.need, code: need }] })),
        };
        const referral = await referralFromServiceRequest(request, context, { register });
        if (E.isLeft(referral)) throw new Error(referral.left.message);
        expect(referral.right).toMatchObject({
          occurredAt: new Date(generated.authoredOn).toISOString(),
          source: referralSourceBySnomed[generated.sourceCode]?.source,
          practiceId: generated.practiceId,
          pcnId: generated.pcnId,
          reasons: generated.needs,
        });

        const later = new Date(Date.parse(referral.right.occurredAt) + 86_400_000).toISOString();
        const run = runCase([
          referral.right,
          { ...command(context.caseId, "AcceptReferral", 0, { linkWorkerId: "lw_ana1" }), occurredAt: later },
        ]);
        const bundle = caseBundle(run.events);
        if (E.isLeft(bundle)) throw new Error(bundle.left.message);
        expect(r4Problems(bundle.right)).toEqual([]);
        const task = bundle.right.entry
          ?.map((entry) => entry.resource)
          .find((resource): resource is Task => resource?.resourceType === "Task");
        expect(task).toMatchObject({
          status: "accepted",
          authoredOn: referral.right.occurredAt,
          for: { identifier: { value: referral.right.personId } },
          requester: { identifier: { value: "ref_dr1" } },
        });
      }),
      { numRuns: 40 },
    );
  });
});
