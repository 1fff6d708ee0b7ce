import * as E from "fp-ts/lib/Either.js";
import type { PersonRegister } from "@linkwork/core";
import type { PersonRegisterError } from "@linkwork/core/store-kit";
import type { Patient, Reference, ServiceRequest } from "@medplum/fhirtypes";
import { nhsNumberSystem } from "../coding/systems.js";
import type { FhirInError, FhirIssue } from "./fhir-in-error.js";
import { unmappable } from "./fhir-in-error.js";

// The person a referral is about: `ServiceRequest.subject` names them by NHS number, as a logical
// reference (`subject.identifier`) or through a Patient contained in the request (`subject.reference`
// "#id"). The person register finds them by that NHS number, or registers them from the contained
// Patient's name and birth date; events then carry only the pseudonym the register issued.

/** Who the referral names: the NHS number, and where a contained Patient sits (for registering). */
export interface ReferralSubject {
  readonly nhsNumber: string;
  readonly patient: { readonly resource: Patient; readonly path: string } | null;
}

function nhsNumberOf(identifiers: Patient["identifier"]): string | undefined {
  return identifiers?.find((identifier) => identifier.system === nhsNumberSystem)?.value;
}

/** The contained Patient a `#id` reference points to, with its path (`ServiceRequest.contained[0]`). */
function containedPatient(request: ServiceRequest, reference: Reference): { resource: Patient; path: string } | null {
  if (reference.reference === undefined || !reference.reference.startsWith("#")) return null;
  const id = reference.reference.slice(1);
  const index = (request.contained ?? []).findIndex((resource) => resource.resourceType === "Patient" && resource.id === id);
  const resource = request.contained?.[index];
  return resource?.resourceType === "Patient" ? { resource, path: `ServiceRequest.contained[${index}]` } : null;
}

/** The subject of a referral, or the issue naming `ServiceRequest.subject`. */
export function referralSubject(request: ServiceRequest): E.Either<FhirIssue, ReferralSubject> {
  const patient = containedPatient(request, request.subject);
  const nhsNumber =
    nhsNumberOf(request.subject.identifier ? [request.subject.identifier] : undefined) ?? nhsNumberOf(patient?.resource.identifier);
  if (nhsNumber === undefined) {
    return E.left({
      path: "ServiceRequest.subject",
      message: `must name the person by NHS number (${nhsNumberSystem}): as subject.identifier, or in a contained Patient it references as "#id"`,
    });
  }
  return E.right({ nhsNumber, patient });
}

/** Where a register's field sits in the contained Patient. */
function patientPath(registerPath: string, patient: string): string {
  if (registerPath.startsWith("details.name")) return `${patient}.name`;
  if (registerPath.startsWith("details.dateOfBirth")) return `${patient}.birthDate`;
  return `${patient}.identifier`;
}

function registerRefusal(error: PersonRegisterError, patient: string): FhirInError {
  switch (error.code) {
    case "VALIDATION_FAILED":
      return unmappable(error.issues.map((issue) => ({ path: patientPath(issue.path, patient), message: issue.message })));
    case "REGISTER_UNAVAILABLE":
      return { code: "REGISTER_UNAVAILABLE", message: error.message, retryable: error.retryable };
    // Neither answers a look-up or a registration that found nobody: kept for the exhaustive switch.
    case "ALREADY_REGISTERED":
    case "NOT_FOUND":
      return { code: "REGISTER_UNAVAILABLE", message: error.message, retryable: true };
  }
}

/** The details the register needs, from a contained Patient: the official (else first) name, the birth date. */
function detailsOf(subject: ReferralSubject) {
  const patient = subject.patient?.resource;
  const name = patient?.name?.find((candidate) => candidate.use === "official") ?? patient?.name?.[0];
  return {
    nhsNumber: subject.nhsNumber,
    name: { given: name?.given?.[0], family: name?.family },
    dateOfBirth: patient?.birthDate,
  };
}

/**
 * The pseudonym of the referral's person: found by NHS number, or registered from the contained
 * Patient. A person not registered and sent without a contained Patient is refused naming `ServiceRequest.subject`.
 */
export async function resolvePerson(register: PersonRegister, subject: ReferralSubject): Promise<E.Either<FhirInError, string>> {
  const found = await register.findByNhsNumber(subject.nhsNumber);
  if (E.isLeft(found)) return E.left(registerRefusal(found.left, "ServiceRequest.subject"));
  if (found.right !== null) return E.right(found.right.personId);
  if (subject.patient === null) {
    return E.left(
      unmappable([
        {
          path: "ServiceRequest.subject",
          message: "no person with this NHS number is registered: contain their Patient (name, birthDate) in the request to register them",
        },
      ]),
    );
  }
  const registered = await register.register(detailsOf(subject));
  if (E.isRight(registered)) return E.right(registered.right.personId);
  // Registered by someone else since the look-up: the same person, under the pseudonym they were given.
  if (registered.left.code === "ALREADY_REGISTERED") return E.right(registered.left.personId);
  return E.left(registerRefusal(registered.left, subject.patient.path));
}
