import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { PersonRegister } from "@linkwork/core";
import { memoryPersonRegister } from "@linkwork/store-memory";
import {
  odsOrganisationSystem,
  referralFromServiceRequest,
  snomedSystem,
  sourceOfServiceRequestExtension,
  type FhirInError,
} from "../src/index.js";
import { context, gpReferral, nhsNumber } from "./support/referral-fixtures.js";

// A ServiceRequest in: the ReceiveReferral command it maps to, its person found or registered in the
// person register, and every refusal naming the FHIR path (issue 17).

function refusedPaths(result: E.Either<FhirInError, unknown>): string[] {
  if (E.isRight(result)) throw new Error("expected a refusal, got a command");
  if (result.left.code !== "UNMAPPABLE") throw new Error(`expected UNMAPPABLE, got ${result.left.code}`);
  return result.left.issues.map((issue) => issue.path);
}

describe("a ServiceRequest as a ReceiveReferral command", () => {
  it("maps a GP's referral: person registered from the contained Patient, practice, PCN, source, reasons, time in UTC", async () => {
    const register = memoryPersonRegister();
    const result = await referralFromServiceRequest({ ...gpReferral, authoredOn: "2025-06-03T11:15:00+01:00" }, context, { register });
    const registered = await register.findByNhsNumber(nhsNumber);
    const personId = E.isRight(registered) ? registered.right?.personId : undefined;
    expect(personId).toMatch(/^person_/);
    expect(result).toEqual(
      E.right({
        type: "ReceiveReferral",
        caseId: "case_c0001",
        commandId: context.commandId,
        occurredAt: "2025-06-03T10:15:00.000Z",
        recordedBy: "gp-connect",
        personId,
        pcnId: "U81042",
        practiceId: "B82005",
        source: "gp",
        referrerId: "ref_dr1",
        reasons: ["loneliness", "money_debt_benefits"],
        consent: context.consent,
      }),
    );
  });

  it("finds a registered person by the NHS number of a logical reference, without a contained Patient", async () => {
    const register = memoryPersonRegister();
    const first = await referralFromServiceRequest(gpReferral, context, { register });
    const { contained: _contained, ...withoutPatient } = gpReferral;
    const second = await referralFromServiceRequest(
      {
        ...withoutPatient,
        subject: { identifier: { system: "https://fhir.nhs.uk/Id/nhs-number", value: nhsNumber } },
        requester: { identifier: { system: odsOrganisationSystem, value: "B82005" } },
      },
      { ...context, caseId: "case_c0002" },
      { register },
    );
    expect(E.isRight(first) && E.isRight(second)).toBe(true);
    if (E.isRight(first) && E.isRight(second)) {
      expect(second.right.personId).toBe(first.right.personId);
      expect(second.right.practiceId).toBe("B82005");
      expect(second.right).not.toHaveProperty("referrerId");
    }
  });

  it("takes a self-referral from a requester that is the Patient, and an embedder's organisation rule", async () => {
    const register = memoryPersonRegister();
    const { extension: _extension, ...noSource } = gpReferral;
    const self = await referralFromServiceRequest({ ...noSource, requester: { reference: "#p1" } }, context, { register });
    expect(E.isRight(self) && self.right.source).toBe("self");
    const council = await referralFromServiceRequest(
      { ...noSource, requester: { identifier: { system: odsOrganisationSystem, value: "E08000003" } } },
      context,
      { register, sources: { byOrganisation: { E08000003: "local_authority" } } },
    );
    expect(E.isRight(council) && council.right.source).toBe("local_authority");
  });

  it("refuses what cannot map, each problem named by its FHIR path, and registers nobody", async () => {
    const register = memoryPersonRegister();
    const result = await referralFromServiceRequest(
      {
        ...gpReferral,
        status: "draft",
        intent: "proposal",
        code: { coding: [{ system: snomedSystem, code: "185359002" }] },
        authoredOn: "2025-03-03",
        performer: [],
        reasonCode: [{ text: "lonely" }],
        extension: [
          { url: sourceOfServiceRequestExtension, valueCodeableConcept: { coding: [{ system: snomedSystem, code: "185373006" }] } },
        ],
      },
      context,
      { register },
    );
    expect(refusedPaths(result)).toEqual([
      "ServiceRequest.status",
      "ServiceRequest.intent",
      "ServiceRequest.code",
      "ServiceRequest.authoredOn",
      "ServiceRequest.performer",
      "ServiceRequest.reasonCode",
      "ServiceRequest.extension[0].valueCodeableConcept",
    ]);
    expect(await register.findByNhsNumber(nhsNumber)).toEqual(E.right(null));
  });

  it("names ServiceRequest.requester when neither the source extension nor the requester says where the referral came from", async () => {
    const { extension: _extension, requester: _requester, ...bare } = gpReferral;
    expect(refusedPaths(await referralFromServiceRequest(bare, context, { register: memoryPersonRegister() }))).toEqual([
      "ServiceRequest.requester",
    ]);
  });

  it("names ServiceRequest.subject for a person neither registered nor contained, and the Patient's field the register refuses", async () => {
    const register = memoryPersonRegister();
    const { contained: _contained, ...withoutPatient } = gpReferral;
    const logical = { identifier: { system: "https://fhir.nhs.uk/Id/nhs-number", value: nhsNumber } };
    const noPractice = await referralFromServiceRequest({ ...withoutPatient, subject: logical }, context, { register });
    expect(refusedPaths(noPractice)).toEqual(["ServiceRequest.subject"]);
    const unknown = await referralFromServiceRequest(
      { ...withoutPatient, subject: logical, requester: { identifier: { system: odsOrganisationSystem, value: "B82005" } } },
      context,
      { register },
    );
    expect(refusedPaths(unknown)).toEqual(["ServiceRequest.subject"]);
    if (E.isLeft(unknown)) expect(unknown.left.message).toContain("no person with this NHS number is registered");
    const noBirthDate = await referralFromServiceRequest(
      { ...gpReferral, contained: [{ ...gpReferral.contained?.[0], resourceType: "Patient", birthDate: undefined }] },
      context,
      { register },
    );
    expect(refusedPaths(noBirthDate)).toEqual(["ServiceRequest.contained[0].birthDate"]);
  });

  it("refuses a core-invalid value with the FHIR path it came from (a practice code, a PCN code, an unknown need)", async () => {
    const result = await referralFromServiceRequest(
      {
        ...gpReferral,
        contained: [
          {
            ...gpReferral.contained?.[0],
            resourceType: "Patient",
            generalPractitioner: [{ identifier: { system: odsOrganisationSystem, value: "9999" } }],
          },
        ],
        performer: [{ identifier: { system: odsOrganisationSystem, value: "RXX" } }],
        reasonCode: [{ coding: [{ system: "urn:linkwork:need", code: "Loneliness" }] }],
      },
      context,
      { register: memoryPersonRegister() },
    );
    expect(new Set(refusedPaths(result))).toEqual(
      new Set(["ServiceRequest.contained[0].generalPractitioner", "ServiceRequest.performer", "ServiceRequest.reasonCode"]),
    );
  });

  it("refuses input that is not valid R4 with the validator's path, and input that is not a ServiceRequest", async () => {
    const register = memoryPersonRegister();
    expect(refusedPaths(await referralFromServiceRequest({ ...gpReferral, subject: undefined }, context, { register }))).toEqual([
      "ServiceRequest.subject",
    ]);
    expect(refusedPaths(await referralFromServiceRequest({ ...gpReferral, priority: 3 }, context, { register }))).toEqual([
      "ServiceRequest.priority",
    ]);
    expect(refusedPaths(await referralFromServiceRequest({ resourceType: "Patient" }, context, { register }))).toEqual([
      "ServiceRequest.resourceType",
    ]);
    expect(refusedPaths(await referralFromServiceRequest("[]", context, { register }))).toEqual(["ServiceRequest"]);
  });

  it("answers REGISTER_UNAVAILABLE when the register cannot answer, retryable as the register says", async () => {
    const unavailable = async () => E.left({ code: "REGISTER_UNAVAILABLE" as const, message: "the register is down", retryable: true });
    const register: PersonRegister = {
      register: unavailable,
      findByNhsNumber: unavailable,
      get: unavailable,
      update: unavailable,
      erase: unavailable,
      close: async () => {},
    };
    const result = await referralFromServiceRequest(gpReferral, context, { register });
    expect(result).toEqual(E.left({ code: "REGISTER_UNAVAILABLE", message: "the register is down", retryable: true }));
  });
});

describe("hostile input", () => {
  it("refuses a resource nested deeper than the validator can follow, without throwing", async () => {
    let extension: object = { url: "http://example.org/x", valueString: "a" };
    for (let depth = 0; depth < 20_000; depth++) extension = { url: "http://example.org/x", extension: [extension] };
    const result = await referralFromServiceRequest({ ...gpReferral, extension: [extension] }, context, {
      register: memoryPersonRegister(),
    });
    expect(result).toMatchObject(
      E.left({ code: "UNMAPPABLE", issues: [{ path: "ServiceRequest", message: "is nested too deeply to validate" }] }),
    );
  });
});
