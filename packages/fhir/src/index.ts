// The public API of @linkwork/fhir: FHIR R4 (UK Core) in and out (docs/fhir.md), one named export at a time.

// In: a ServiceRequest as a ReceiveReferral command
export {
  /** Maps a FHIR R4 ServiceRequest to a ReceiveReferral command, its person resolved through the register. */
  referralFromServiceRequest,
} from "./inbound/service-request-referral.js";
export type {
  /** A ReceiveReferral command as callers write it. */
  ReceiveReferralInput,
  /** What the receiving service adds to a referral: case id, command id, recorder, PCN, consent. */
  ReferralContext,
  /** The register, referral source rules and systems a service maps referrals with. */
  ServiceRequestOptions,
} from "./inbound/service-request-referral.js";
export type {
  /** Why a FHIR referral could not become a command: UNMAPPABLE (with FHIR paths) or REGISTER_UNAVAILABLE. */
  FhirInError,
  /** One thing a FHIR resource holds that Linkwork cannot take, with its FHIR path. */
  FhirIssue,
} from "./inbound/fhir-in-error.js";

// Out: a case as a Bundle (Task, Observations, CarePlan)
export {
  /** A case as a FHIR R4 Bundle from its events: a Task following the case, scores as Observations, the plan as a CarePlan. */
  caseBundle,
} from "./outbound/case-bundle.js";
export type {
  /** Options of caseBundle: audience, a resolved NHS number, score codes, systems. */
  CaseBundleOptions,
  /** Who a Bundle is for: the referrer (outcome only with sharing consent) or the scheme's own systems. */
  BundleAudience,
  /** Why there is no Bundle (NO_REFERRAL). */
  CaseBundleError,
} from "./outbound/case-bundle.js";
export {
  /** The Task status of each case stage. */
  taskStatusOfStage,
} from "./outbound/task.js";
export {
  /** The FHIR id of a case's Task (`case_x` becomes `case-x`). */
  taskIdOfCase,
  /** The case id of a Task id. */
  caseIdOfTask,
} from "./outbound/resource-ids.js";

// Coding
export {
  /** Cited national codes of instrument scores, by `<instrument>.<score>`. */
  instrumentScoreCodes,
} from "./coding/instrument-codes.js";
export {
  /** SNOMED CT source-of-referral codes (UK Core value set) and the Linkwork referral source each means. */
  referralSourceBySnomed,
} from "./coding/referral-sources.js";
export type {
  /** A service's own referral source rules: more SNOMED CT codes, requesting organisations by ODS code. */
  ReferralSourceRules,
} from "./coding/referral-sources.js";
export {
  /** SNOMED CT's system URI. */
  snomedSystem,
  /** The NHS number's identifier system. */
  nhsNumberSystem,
  /** The ODS organisation code's identifier system. */
  odsOrganisationSystem,
  /** UK Core's source-of-service-request extension URL. */
  sourceOfServiceRequestExtension,
  /** Linkwork's default systems for its own ids and vocabularies. */
  defaultLinkworkSystems,
} from "./coding/systems.js";
export type {
  /** The systems of Linkwork's own ids and vocabularies. */
  LinkworkSystems,
} from "./coding/systems.js";

// R4 validation
export {
  /** Validates a resource against the FHIR R4 base definitions, warnings included. */
  validateR4,
  /** Input from outside as a resource of one type, validated against the R4 base definitions. */
  parseR4,
} from "./r4/r4-validation.js";
export type {
  /** One problem with a resource, with its FHIR path. */
  R4Issue,
} from "./r4/r4-validation.js";
