import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { PersonRegister } from "@linkwork/core";
import {
  type PersonRegisterError,
  type RegisteredPerson,
  alreadyRegistered,
  issuePersonId,
  parseNhsNumber,
  parsePersonDetails,
  parsePersonId,
  personNotFound,
} from "@linkwork/core/store-kit";

export interface MemoryPersonRegisterOptions {
  /** Random bytes for pseudonyms. Default: node:crypto's randomBytes. */
  readonly random?: (size: number) => Uint8Array;
}

/**
 * The reference person register, written plainly: people by pseudonym and pseudonyms by NHS number,
 * in two Maps. Erasing a person deletes both entries, so nothing of them is left in memory.
 */
export function memoryPersonRegister(options: MemoryPersonRegisterOptions = {}): PersonRegister {
  const people = new Map<string, RegisteredPerson>();
  const byNhsNumber = new Map<string, string>();
  const newPersonId = (): string => {
    for (;;) {
      const personId = issuePersonId(options.random);
      if (!people.has(personId)) return personId;
    }
  };
  const found = (personId: string | undefined): RegisteredPerson | null => (personId === undefined ? null : (people.get(personId) ?? null));

  return {
    register: (input) =>
      Promise.resolve(
        pipe(
          parsePersonDetails(input),
          E.flatMap((details) => {
            const held = byNhsNumber.get(details.nhsNumber);
            if (held !== undefined) return E.left(alreadyRegistered(held));
            const person = { personId: newPersonId(), details };
            people.set(person.personId, person);
            byNhsNumber.set(details.nhsNumber, person.personId);
            return E.right(person);
          }),
        ),
      ),
    findByNhsNumber: (input) =>
      Promise.resolve(
        pipe(
          parseNhsNumber(input),
          E.map((nhsNumber) => found(byNhsNumber.get(nhsNumber))),
        ),
      ),
    get: (input) =>
      Promise.resolve(
        pipe(
          parsePersonId(input),
          E.map((personId) => found(personId)),
        ),
      ),
    update: (personIdInput, input) =>
      Promise.resolve(
        pipe(
          parsePersonId(personIdInput),
          E.flatMap((personId) =>
            pipe(
              parsePersonDetails(input),
              E.flatMap((details) => {
                const person = people.get(personId);
                if (person === undefined) return E.left(personNotFound(personId));
                const held = byNhsNumber.get(details.nhsNumber);
                if (held !== undefined && held !== personId) return E.left(alreadyRegistered(held));
                byNhsNumber.delete(person.details.nhsNumber);
                byNhsNumber.set(details.nhsNumber, personId);
                const updated = { personId, details };
                people.set(personId, updated);
                return E.right(updated);
              }),
            ),
          ),
        ),
      ),
    erase: (input) =>
      Promise.resolve(
        pipe(
          parsePersonId(input),
          E.flatMap((personId): E.Either<PersonRegisterError, { readonly erased: true }> => {
            const person = people.get(personId);
            if (person === undefined) return E.left(personNotFound(personId));
            people.delete(personId);
            byNhsNumber.delete(person.details.nhsNumber);
            return E.right({ erased: true });
          }),
        ),
      ),
    close: () => {
      people.clear();
      byNhsNumber.clear();
      return Promise.resolve();
    },
  };
}
