import fc from "fast-check";
import { nhsNumberCheckDigit } from "../personal-data/nhs-number.js";
import { AgeBand, EthnicCategory, PersonSex, type PersonDetailsInput } from "../personal-data/person-details.js";
import { arbitraryCalendarDate, plainRecord } from "./arbitraries.js";

/** A valid NHS number (ten digits, modulus 11 check digit), plain or grouped 3 3 4 with spaces. */
export function arbitraryNhsNumber(): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
    .map((digits) => digits.join(""))
    .filter((firstNine) => nhsNumberCheckDigit(firstNine) !== null)
    .chain((firstNine) => {
      const number = `${firstNine}${String(nhsNumberCheckDigit(firstNine))}`;
      return fc.constantFrom(number, `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`);
    });
}

const nameText = fc
  .tuple(
    fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz'- "), maxLength: 20 }),
    fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
  )
  .map(([head, middle, tail]) => head + middle + tail);

/** Details a register accepts: a valid NHS number, a name, a date of birth, some contact and equity fields. */
export function arbitraryPersonDetails(): fc.Arbitrary<PersonDetailsInput> {
  return plainRecord({
    nhsNumber: arbitraryNhsNumber(),
    name: plainRecord({ given: nameText, family: nameText }),
    dateOfBirth: arbitraryCalendarDate({ from: "1920-01-01", to: "2010-12-31" }),
    contact: plainRecord(
      {
        phone: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((digits) => `07${digits.join("")}`),
        email: fc
          .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: 1, maxLength: 20 })
          .map((user) => `${user}@example.org`),
      },
      { requiredKeys: [] },
    ),
    equity: plainRecord(
      {
        ageBand: fc.constantFrom(...AgeBand.options),
        sex: fc.constantFrom(...PersonSex.options),
        ethnicCategory: fc.constantFrom(...EthnicCategory.options),
        deprivationDecile: fc.integer({ min: 1, max: 10 }),
      },
      { requiredKeys: [] },
    ),
  });
}
