import type * as E from "fp-ts/lib/Either.js";
import type { FieldIssue } from "../errors.js";
import type { PersonDetails } from "./person-details.js";

/** A person as the register holds them: the pseudonym events carry, and their details. */
export interface RegisteredPerson {
  readonly personId: string;
  readonly details: PersonDetails;
}

/**
 * What a register can answer instead of a result. Messages never contain an NHS number, a name or
 * any other detail of a person, so they can be logged.
 */
export type PersonRegisterError =
  | { readonly code: "VALIDATION_FAILED"; readonly message: string; readonly issues: readonly FieldIssue[] }
  /** The NHS number is already registered, under this pseudonym. */
  | { readonly code: "ALREADY_REGISTERED"; readonly message: string; readonly personId: string }
  /** No person is registered under this pseudonym (never registered, or erased). */
  | { readonly code: "NOT_FOUND"; readonly message: string; readonly personId: string }
  /** The register's storage failed; `retryable` says whether the same call may succeed later. */
  | { readonly code: "REGISTER_UNAVAILABLE"; readonly message: string; readonly retryable: boolean };

type Answer<T> = Promise<E.Either<PersonRegisterError, T>>;

/**
 * The person register: who a pseudonym is, kept outside the event history so that erasing a person
 * never rewrites it. The embedder registers a person, gets the pseudonym (the `personId` events
 * carry), and finds people by NHS number here, never through events. Every input is validated
 * (VALIDATION_FAILED naming the field) and nothing is written for bad input; no method throws.
 * The contract every register passes is `describePersonRegisterContract` in `@linkwork/core/testing`.
 */
export interface PersonRegister {
  /** Registers a person and issues their pseudonym; ALREADY_REGISTERED when their NHS number is held. */
  register(details: unknown): Answer<RegisteredPerson>;
  /** The person with this NHS number, or null. */
  findByNhsNumber(nhsNumber: unknown): Answer<RegisteredPerson | null>;
  /** The person with this pseudonym, or null. */
  get(personId: unknown): Answer<RegisteredPerson | null>;
  /** Replaces a person's details (a new address, a corrected name); NOT_FOUND for an unknown pseudonym. */
  update(personId: unknown, details: unknown): Answer<RegisteredPerson>;
  /**
   * Erases a person: their details and the link from their NHS number to their pseudonym are gone,
   * and registering the same NHS number again issues a new, unrelated pseudonym. NOT_FOUND when
   * nobody is registered under the pseudonym (never registered, or erased already; a repeat after a
   * lost reply answers it too: the person is gone either way).
   */
  erase(personId: unknown): Answer<{ readonly erased: true }>;
  /** Releases the register's resources. */
  close(): Promise<void>;
}
