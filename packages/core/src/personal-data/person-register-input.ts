import * as E from "fp-ts/lib/Either.js";
import type { z } from "zod";
import { formatPath } from "../errors.js";
import { PersonId } from "../identifiers.js";
import { NhsNumber } from "./nhs-number.js";
import { PersonDetails } from "./person-details.js";
import type { PersonRegisterError } from "./person-register.js";

// The checks every PersonRegister makes of its input, shared so that every register refuses the
// same input with the same error, and the errors it answers.

function parsed<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  subject: string,
  path: string,
): E.Either<PersonRegisterError, z.output<Schema>> {
  const result = schema.safeParse(input);
  if (result.success) return E.right(result.data);
  // zod's messages name the rule broken, never the value, so no personal detail reaches the error.
  const issues = result.error.issues.map((issue) => ({ path: formatPath(issue.path, path), message: issue.message }));
  const first = issues[0];
  return E.left({
    code: "VALIDATION_FAILED",
    message: first === undefined ? `${subject} is invalid` : `${subject} is invalid: ${first.path}: ${first.message}`,
    issues,
  });
}

/** A person's details, validated (VALIDATION_FAILED naming each bad field under `details`). */
export const parsePersonDetails = (input: unknown) => parsed(PersonDetails, input, "person details", "details");

/** An NHS number, validated and reduced to its ten digits. */
export const parseNhsNumber = (input: unknown) => parsed(NhsNumber, input, "NHS number", "nhsNumber");

/** A person's pseudonym, validated. */
export const parsePersonId = (input: unknown) => parsed(PersonId, input, "person id", "personId");

/** ALREADY_REGISTERED: the NHS number is held under `personId` (messages name neither, so they can be logged). */
export function alreadyRegistered(personId: string): PersonRegisterError {
  return {
    code: "ALREADY_REGISTERED",
    message: "a person with this NHS number is already registered (their pseudonym is in personId)",
    personId,
  };
}

/** NOT_FOUND: nobody is registered under `personId`. */
export function personNotFound(personId: string): PersonRegisterError {
  return { code: "NOT_FOUND", message: "no person is registered under this pseudonym", personId };
}
