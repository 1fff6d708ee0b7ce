// The naming and code systems Linkwork's FHIR resources use, each with its source.

/** SNOMED CT's system URI (FHIR R4, "Using SNOMED CT with FHIR": http://hl7.org/fhir/R4/snomedct.html). */
export const snomedSystem = "http://snomed.info/sct";

/**
 * The NHS number's identifier system, as UK Core's Patient profile and its examples use it
 * (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN, examples/UKCore-Patient-RichardSmith-Example.xml).
 */
export const nhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

/**
 * ODS organisation codes (GP practices, PCNs, trusts), as UK Core's Organization examples use them
 * (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN, examples/UKCore-Organization-WhiteRoseMedicalCentre-Example.xml).
 */
export const odsOrganisationSystem = "https://fhir.nhs.uk/Id/ods-organization-code";

/**
 * UK Core's "source of service request" extension on ServiceRequest, bound (preferred) to the value
 * set https://fhir.hl7.org.uk/ValueSet/UKCore-SourceOfServiceRequest: descendants of SNOMED CT
 * 309013001 "Referred by person" and 306098008 "Self-referral" (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN,
 * structuredefinitions/Extension-UKCore-SourceOfServiceRequest.xml, version 1.2.0).
 */
export const sourceOfServiceRequestExtension = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest";

/** The UK Core ServiceRequest profile a referral may claim (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN, structuredefinitions/UKCore-ServiceRequest.xml, 2.5.1). */
export const ukCoreServiceRequestProfile = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest";

/** FHIR R4's observation category code system; `survey` is "assessment tool/survey instrument observations" (http://hl7.org/fhir/R4/codesystem-observation-category.html). */
export const observationCategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";

/**
 * The systems of Linkwork's own identifiers and vocabularies. They are Linkwork's to name, not
 * national ones: an embedder that publishes its own (an https URL it controls) passes them in.
 * The defaults are URNs, which FHIR accepts as system URIs.
 */
export interface LinkworkSystems {
  /** Person pseudonyms issued by the person register (`person_...`). */
  readonly person: string;
  /** Case ids (the Task's identifier). */
  readonly case: string;
  /** Link worker ids (the Task's owner). */
  readonly linkWorker: string;
  /** Referrer ids. */
  readonly referrer: string;
  /** Linkwork's need categories (reasons of a referral, goals of a plan). */
  readonly need: string;
  /** Linkwork's support categories (connections of a plan). */
  readonly support: string;
}

/** Linkwork's default systems (see LinkworkSystems). */
export const defaultLinkworkSystems: LinkworkSystems = {
  person: "urn:linkwork:person",
  case: "urn:linkwork:case",
  linkWorker: "urn:linkwork:link-worker",
  referrer: "urn:linkwork:referrer",
  need: "urn:linkwork:need",
  support: "urn:linkwork:support",
};
