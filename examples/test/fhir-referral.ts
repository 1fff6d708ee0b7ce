import type { ServiceRequest } from "@medplum/fhirtypes";

/** Jane Smith's NHS number (a test number: 943 476 5919 passes the modulus 11 check). */
export const janeNhsNumber = "9434765919";

/**
 * A GP's FHIR referral of Jane Smith (docs/fhir.md: UK Core ServiceRequest with the person as a
 * contained Patient) to the link workers of `pcn`; `changes` replace whole members.
 */
export const fhirReferral = (pcn: string, changes: Partial<ServiceRequest> = {}): ServiceRequest => ({
  resourceType: "ServiceRequest",
  contained: [
    {
      resourceType: "Patient",
      id: "p1",
      identifier: [{ system: "https://fhir.nhs.uk/Id/nhs-number", value: janeNhsNumber }],
      name: [{ family: "Smith", given: ["Jane"] }],
      birthDate: "1950-01-01",
      generalPractitioner: [{ identifier: { system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "B82005" } }],
    },
  ],
  extension: [
    {
      url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest",
      valueCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: "108161000000109" }] },
    },
  ],
  status: "active",
  intent: "order",
  code: { coding: [{ system: "http://snomed.info/sct", code: "871731000000106" }] },
  subject: { reference: "#p1" },
  authoredOn: "2025-03-03T10:15:00Z",
  performer: [{ identifier: { system: "https://fhir.nhs.uk/Id/ods-organization-code", value: pcn } }],
  reasonCode: [{ coding: [{ system: "urn:linkwork:need", code: "loneliness" }] }],
  ...changes,
});
