import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memoryPersonRegister } from "@linkwork/store-memory";
import type { ServiceRequest } from "@medplum/fhirtypes";
import { referralFromServiceRequest, snomedSystem } from "../src/index.js";
import { context, gpReferral, nhsNumber } from "./support/referral-fixtures.js";

// Any combination of broken parts of a valid referral is refused with exactly the FHIR paths of the
// parts broken, and nobody is registered: the refusal tells the sender everything to fix at once.

interface Breakage {
  readonly path: string;
  readonly apply: (request: ServiceRequest) => ServiceRequest;
}

const breakages: readonly Breakage[] = [
  { path: "ServiceRequest.status", apply: (request) => ({ ...request, status: "completed" }) },
  { path: "ServiceRequest.intent", apply: (request) => ({ ...request, intent: "plan" }) },
  { path: "ServiceRequest.doNotPerform", apply: (request) => ({ ...request, doNotPerform: true }) },
  { path: "ServiceRequest.code", apply: (request) => ({ ...request, code: { coding: [{ system: snomedSystem, code: "183688007" }] } }) },
  { path: "ServiceRequest.authoredOn", apply: (request) => ({ ...request, authoredOn: "2025-03-03" }) },
  { path: "ServiceRequest.performer", apply: (request) => ({ ...request, performer: [] }) },
  { path: "ServiceRequest.reasonCode", apply: (request) => ({ ...request, reasonCode: [{ text: "feels alone" }] }) },
  {
    path: "ServiceRequest.extension[0].valueCodeableConcept",
    apply: (request) => ({
      ...request,
      extension: (request.extension ?? []).map((extension) => ({
        ...extension,
        valueCodeableConcept: { coding: [{ system: snomedSystem, code: "185373006" }] },
      })),
    }),
  },
];

describe("a broken referral", () => {
  it("is refused naming exactly the parts broken, and registers nobody", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray([...breakages], { minLength: 1 }), async (broken) => {
        const register = memoryPersonRegister();
        const request = broken.reduce((current, breakage) => breakage.apply(current), gpReferral);
        const result = await referralFromServiceRequest(request, context, { register });
        expect(
          E.isLeft(result) && result.left.code === "UNMAPPABLE" ? new Set(result.left.issues.map((issue) => issue.path)) : null,
        ).toEqual(new Set(broken.map((breakage) => breakage.path)));
        expect(await register.findByNhsNumber(nhsNumber)).toEqual(E.right(null));
      }),
      { numRuns: 60 },
    );
  });
});
