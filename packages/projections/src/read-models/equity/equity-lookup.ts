import * as E from "fp-ts/lib/Either.js";
import type { EquityFields } from "@linkwork/core/vocabulary";
import type { PersonRegister } from "@linkwork/core";
import type { PersonRegisterError } from "@linkwork/core/store-kit";
import type { EquityState } from "./state.js";

/**
 * Where an equity report gets each referred person's equity fields: the person register, joined by
 * the pseudonym at report time, so the fields are never in an event. Any map from pseudonym to
 * fields will do (a `Map` is one). A person it does not know counts as "not recorded" in every field.
 */
export interface EquityLookup {
  get(personId: string): EquityFields | undefined;
}

/** The pseudonyms of the people referred, sorted: whom to ask the register about. */
export function equityPeople(state: EquityState): string[] {
  const people = new Set<string>();
  for (const { milestones } of state.cases.values()) people.add(milestones.personId);
  return [...people].sort();
}

/**
 * An equity lookup from a person register: each pseudonym asked once, in order. An erased or unknown
 * person is left out (they count as not recorded); a register that fails is the error.
 */
export async function equityLookupFromRegister(
  register: PersonRegister,
  personIds: Iterable<string>,
): Promise<E.Either<PersonRegisterError, EquityLookup>> {
  const lookup = new Map<string, EquityFields>();
  for (const personId of personIds) {
    const found = await register.get(personId);
    if (E.isLeft(found)) return found;
    if (found.right !== null) lookup.set(personId, found.right.details.equity);
  }
  return E.right(lookup);
}
