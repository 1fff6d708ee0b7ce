import * as E from "fp-ts/lib/Either.js";
import { CaseCommand, printable, snomed, type CaseCommandInput, type Consent, type PersonRegister } from "@linkwork/core";
import type { ReferralSource } from "@linkwork/core/vocabulary";
import type { Reference, ServiceRequest } from "@medplum/fhirtypes";
import { sourceOfSnomed, type ReferralSourceRules } from "../coding/referral-sources.js";
import {
  defaultLinkworkSystems,
  odsOrganisationSystem,
  snomedSystem,
  sourceOfServiceRequestExtension,
  type LinkworkSystems,
} from "../coding/systems.js";
import { parseR4 } from "../r4/r4-validation.js";
import { r4Errors, unmappable, type FhirInError, type FhirIssue } from "./fhir-in-error.js";
import { referralSubject, resolvePerson } from "./referral-person.js";

// A FHIR R4 ServiceRequest (UK Core ServiceRequest, a referral to a social prescribing service) as
// Linkwork's ReceiveReferral command. The mapping, field by field, is in docs/fhir.md.

/** A ReceiveReferral command as callers write it. */
export type ReceiveReferralInput = Extract<CaseCommandInput, { type: "ReceiveReferral" }>;

/** What the receiving service adds to a referral: ids it issues, who records it, and what the person agreed to. */
export interface ReferralContext {
  /** The new case's id (issued by the service). */
  readonly caseId: string;
  /** The command's id: the same id for a retried request keeps the referral idempotent. */
  readonly commandId: string;
  /** Who records the referral (a triage worker's or the integration's opaque id). */
  readonly recordedBy: string;
  /** The PCN receiving the referral, when `ServiceRequest.performer` names none by ODS code. */
  readonly pcnId?: string;
  /** What the person agreed to: FHIR sends consent as its own resource, so the service says it. */
  readonly consent: Consent;
}

/** How a service maps referrals: its person register, its own referral source rules and systems. */
export interface ServiceRequestOptions {
  readonly register: PersonRegister;
  readonly sources?: ReferralSourceRules;
  readonly systems?: LinkworkSystems;
}

/** Intents that make a ServiceRequest an order to act on; a proposal, plan or option is not yet a referral (R4 request-intent). */
const orderIntents: ReadonlySet<ServiceRequest["intent"]> = new Set([
  "order",
  "original-order",
  "reflex-order",
  "filler-order",
  "instance-order",
]);

/** The ODS codes a reference names (`identifier` with the ODS system). */
function odsCodeOf(reference: Reference | undefined): string | undefined {
  return reference?.identifier?.system === odsOrganisationSystem ? reference.identifier.value : undefined;
}

/** A FHIR dateTime with a time and an offset as a UTC instant; a date alone or a time without offset has none. */
function instantOf(dateTime: string): string | undefined {
  if (!/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(dateTime)) return undefined;
  const ms = Date.parse(dateTime);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

type Found<T> = E.Either<FhirIssue, T>;

function sourceOf(request: ServiceRequest, rules: ReferralSourceRules): Found<ReferralSource> {
  const extensionIndex = (request.extension ?? []).findIndex((extension) => extension.url === sourceOfServiceRequestExtension);
  const codings = request.extension?.[extensionIndex]?.valueCodeableConcept?.coding ?? [];
  const path = `ServiceRequest.extension[${extensionIndex}].valueCodeableConcept`;
  if (extensionIndex >= 0) {
    const coded = codings.filter((coding) => coding.system === snomedSystem && coding.code !== undefined);
    for (const coding of coded) {
      const source = sourceOfSnomed(coding.code ?? "", rules);
      if (source !== undefined) return E.right(source);
    }
    const named = coded.map((coding) => printable(coding.code ?? "").slice(0, 20)).join(", ");
    return E.left({
      path,
      message:
        coded.length === 0
          ? "must hold a SNOMED CT code of the source of referral"
          : `SNOMED CT ${named} names no Linkwork referral source (docs/fhir.md lists those that do; a service maps more with sources.bySnomed)`,
    });
  }
  const requester = request.requester;
  if (requester === undefined)
    return E.left({
      path: "ServiceRequest.requester",
      message: "must say who referred, or the request must carry the UK Core source-of-service-request extension",
    });
  // The person referring themselves: the requester is the Patient, or the subject itself.
  if (
    requester.reference !== undefined &&
    (requester.reference.startsWith("Patient/") || requester.reference === request.subject.reference)
  ) {
    return E.right("self");
  }
  const ods = odsCodeOf(requester);
  const byOrganisation = ods === undefined || !Object.hasOwn(rules.byOrganisation ?? {}, ods) ? undefined : rules.byOrganisation?.[ods];
  if (byOrganisation !== undefined) return E.right(byOrganisation);
  return E.left({
    path: "ServiceRequest.requester",
    message: `names no Linkwork referral source: send the UK Core source-of-service-request extension (${sourceOfServiceRequestExtension}), or the service maps the requester's ODS code with sources.byOrganisation`,
  });
}

/** Every part of the command but the person, or every issue found. */
function referralParts(request: ServiceRequest, context: ReferralContext, options: ServiceRequestOptions) {
  const systems = options.systems ?? defaultLinkworkSystems;
  const issues: FhirIssue[] = [];
  const take = <T>(found: Found<T>): T | undefined => (E.isLeft(found) ? (issues.push(found.left), undefined) : found.right);

  if (request.status !== "active") issues.push({ path: "ServiceRequest.status", message: `must be "active" to be a referral to act on` });
  if (!orderIntents.has(request.intent)) {
    issues.push({
      path: "ServiceRequest.intent",
      message: "must be an order (order, original-order, reflex-order, filler-order, instance-order)",
    });
  }
  if (request.doNotPerform === true)
    issues.push({ path: "ServiceRequest.doNotPerform", message: "a request not to refer is not a referral" });
  const coded = request.code?.coding?.some(
    (coding) => coding.system === snomedSystem && coding.code === snomed.referralToSocialPrescribingService,
  );
  if (coded !== true) {
    issues.push({
      path: "ServiceRequest.code",
      message: `must be SNOMED CT ${snomed.referralToSocialPrescribingService} (referral to social prescribing service)`,
    });
  }
  const occurredAt = request.authoredOn === undefined ? undefined : instantOf(request.authoredOn);
  if (occurredAt === undefined)
    issues.push({ path: "ServiceRequest.authoredOn", message: "must be a date and time with its offset (when the referral was made)" });

  const subject = take(referralSubject(request));
  const patient = subject?.patient?.resource;
  // The person's practice: their Patient's registered GP practice, else the practice that refers them.
  const registeredPractice = (patient?.generalPractitioner ?? []).map(odsCodeOf).find((code) => code !== undefined);
  const practiceId = registeredPractice ?? odsCodeOf(request.requester);
  if (subject !== undefined && practiceId === undefined) {
    issues.push({
      path: subject.patient === null ? "ServiceRequest.subject" : `${subject.patient.path}.generalPractitioner`,
      message:
        "must name the person's GP practice by ODS code: a contained Patient's generalPractitioner.identifier, or a requesting practice's",
    });
  }
  const performerPcn = (request.performer ?? []).map(odsCodeOf).find((code) => code !== undefined);
  const pcnId = performerPcn ?? context.pcnId;
  if (pcnId === undefined)
    issues.push({ path: "ServiceRequest.performer", message: "must name the receiving PCN by ODS code (or the service names its PCN)" });

  const reasons = (request.reasonCode ?? []).flatMap((reason) => reason.coding ?? []).filter((coding) => coding.system === systems.need);
  if (reasons.length === 0)
    issues.push({ path: "ServiceRequest.reasonCode", message: `must hold at least one need coded in ${systems.need}` });
  const source = take(sourceOf(request, options.sources ?? {}));
  const referrer = request.requester?.identifier?.system === systems.referrer ? request.requester.identifier.value : undefined;

  if (
    issues.length > 0 ||
    subject === undefined ||
    occurredAt === undefined ||
    practiceId === undefined ||
    pcnId === undefined ||
    source === undefined
  ) {
    return E.left(issues);
  }
  // Where each field of the command came from, to name the FHIR path when the core refuses a value.
  const paths: Readonly<Record<string, string>> = {
    occurredAt: "ServiceRequest.authoredOn",
    practiceId:
      registeredPractice === undefined
        ? "ServiceRequest.requester.identifier"
        : `${subject.patient?.path ?? "ServiceRequest.subject"}.generalPractitioner`,
    pcnId: performerPcn === undefined ? "(context).pcnId" : "ServiceRequest.performer",
    reasons: "ServiceRequest.reasonCode",
    referrerId: "ServiceRequest.requester.identifier",
  };
  return E.right({
    subject,
    paths,
    command: (personId: string): ReceiveReferralInput => ({
      type: "ReceiveReferral",
      caseId: context.caseId,
      commandId: context.commandId,
      occurredAt,
      recordedBy: context.recordedBy,
      personId,
      pcnId,
      practiceId,
      source,
      ...(referrer === undefined ? {} : { referrerId: referrer }),
      reasons: reasons.map((coding) => coding.code ?? ""),
      consent: context.consent,
    }),
  });
}

/** Checks a command as the core will, naming the FHIR path of each refused field. */
function checked(command: ReceiveReferralInput, paths: Readonly<Record<string, string>>): E.Either<FhirIssue[], ReceiveReferralInput> {
  const parsed = CaseCommand.safeParse(command);
  if (parsed.success) return E.right(command);
  return E.left(
    parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? "");
      // Fields not read from the resource (caseId, commandId, recordedBy, consent) come from the context.
      return { path: paths[field] ?? `(context).${field}`, message: issue.message };
    }),
  );
}

/** A stand-in pseudonym, so the command is checked whole before anyone is registered. */
const placeholderPerson = "person_a0";

/**
 * Maps a FHIR R4 ServiceRequest to a ReceiveReferral command: validated against the R4 definitions,
 * then every part Linkwork needs read from it (docs/fhir.md), its person found in the register by
 * NHS number or registered from the contained Patient. Every refusal names the FHIR path; nobody is
 * registered unless the rest of the referral maps. Never throws.
 */
export async function referralFromServiceRequest(
  input: unknown,
  context: ReferralContext,
  options: ServiceRequestOptions,
): Promise<E.Either<FhirInError, ReceiveReferralInput>> {
  const request = parseR4(input, "ServiceRequest");
  if (E.isLeft(request)) return E.left(unmappable(r4Errors(request.left)));
  const parts = referralParts(request.right, context, options);
  if (E.isLeft(parts)) return E.left(unmappable(parts.left));
  const complete = checked(parts.right.command(placeholderPerson), parts.right.paths);
  if (E.isLeft(complete)) return E.left(unmappable(complete.left));
  const personId = await resolvePerson(options.register, parts.right.subject);
  return E.isLeft(personId) ? personId : E.right(parts.right.command(personId.right));
}
