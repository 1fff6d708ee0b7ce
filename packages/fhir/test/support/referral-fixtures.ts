import type { ServiceRequest } from "@medplum/fhirtypes";
import {
  defaultLinkworkSystems,
  nhsNumberSystem,
  odsOrganisationSystem,
  snomedSystem,
  sourceOfServiceRequestExtension,
} from "../../src/index.js";
import type { ReferralContext } from "../../src/index.js";

// A GP's referral of a person to social prescribing, as a GP system would send it: the Patient
// contained, the practice and PCN by ODS code, the source by SNOMED CT, the needs in Linkwork's system.

/** A valid NHS number (modulus 11), used by the core's own tests. */
export const nhsNumber = "9434765919";

export const gpReferral: ServiceRequest = {
  resourceType: "ServiceRequest",
  contained: [
    {
      resourceType: "Patient",
      id: "p1",
      identifier: [{ system: nhsNumberSystem, value: nhsNumber }],
      name: [{ use: "official", family: "Smith", given: ["Jane"] }],
      birthDate: "1950-01-01",
      generalPractitioner: [{ identifier: { system: odsOrganisationSystem, value: "B82005" } }],
    },
  ],
  extension: [
    {
      url: sourceOfServiceRequestExtension,
      valueCodeableConcept: { coding: [{ system: snomedSystem, code: "108161000000109", display: "Referred by general practitioner" }] },
    },
  ],
  status: "active",
  intent: "order",
  code: { coding: [{ system: snomedSystem, code: "871731000000106", display: "Referral to social prescribing service" }] },
  subject: { reference: "#p1" },
  authoredOn: "2025-03-03T10:15:00+00:00",
  requester: { identifier: { system: defaultLinkworkSystems.referrer, value: "ref_dr1" } },
  performer: [{ identifier: { system: odsOrganisationSystem, value: "U81042" } }],
  reasonCode: [
    { coding: [{ system: defaultLinkworkSystems.need, code: "loneliness" }] },
    { coding: [{ system: defaultLinkworkSystems.need, code: "money_debt_benefits" }] },
  ],
};

export const context: ReferralContext = {
  caseId: "case_c0001",
  commandId: "0193a6f0-0000-7000-8000-000000000001",
  recordedBy: "gp-connect",
  consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: false },
};
