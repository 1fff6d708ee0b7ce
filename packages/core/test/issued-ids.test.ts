import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseDecider, openSchemePolicy, type DomainError } from "@linkwork/core";
import { arbitraryIdOf, type IdKind } from "@linkwork/core/testing";
import { CaseId, LinkWorkerId, PcnCode, PersonId, PracticeCode, ProviderId, ReferrerId } from "../src/identifiers.js";

// Ids in events have shapes that names, NHS numbers, phone numbers, emails and dates can never fit
// (issue 13). The examples a new user tried are refused; generated identifying strings never fit.

const parse = caseDecider(openSchemePolicy).parse;

const referral = {
  type: "ReceiveReferral",
  caseId: "case_c0001",
  commandId: "0195b000-0000-7000-8000-000000000001",
  occurredAt: "2025-03-03T09:00:00Z",
  recordedBy: "lw_ana1",
  personId: "person_7f3a",
  pcnId: "U81042",
  practiceId: "B82005",
  source: "gp",
  referrerId: "ref_gp0193",
  reasons: ["loneliness"],
  consent: { contact: true, shareOutcomeWithReferrer: true },
};

function refusal(input: unknown): DomainError {
  const parsed = parse(input);
  if (E.isRight(parsed)) throw new Error(`expected a refusal, got ${JSON.stringify(parsed.right)}`);
  return parsed.left;
}

describe("issued ids and ODS codes", () => {
  it("accepts the referral written with issued ids and ODS codes", () => {
    expect(E.isRight(parse(referral))).toBe(true);
  });

  it.each([
    ["caseId", "Jane.Smith.1950-01-01"],
    ["personId", "943-476-5919"],
    ["referrerId", "tel:07700-900123"],
    ["personId", "9434765919"],
    ["personId", "jane.smith@example.org"],
    ["pcnId", "pcn-riverside"],
    ["practiceId", "high-street-surgery"],
    ["caseId", "person_7f3a"],
  ])("refuses %s %s with VALIDATION_FAILED naming the field", (field, value) => {
    const error = refusal({ ...referral, [field]: value });
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.code === "VALIDATION_FAILED" && error.issues.map((issue) => issue.path)).toEqual([field]);
    expect(error.message).toContain(field);
  });

  it("generates ids of every kind that its schema accepts", () => {
    const schemas = {
      person: PersonId,
      case: CaseId,
      linkWorker: LinkWorkerId,
      referrer: ReferrerId,
      provider: ProviderId,
      pcn: PcnCode,
      practice: PracticeCode,
    };
    for (const [kind, schema] of Object.entries(schemas)) {
      fc.assert(fc.property(arbitraryIdOf(kind as IdKind), (id) => schema.safeParse(id).success));
    }
  });
});

// Identifying strings, generated the ways people write them.

const digit = fc.integer({ min: 0, max: 9 });

/** NHS numbers with a valid modulus 11 check digit (NHS Data Dictionary, "NHS NUMBER"), in the ways they are written. */
const nhsNumber = fc
  .array(digit, { minLength: 9, maxLength: 9 })
  .map((digits) => {
    const remainder = digits.reduce((sum, d, index) => sum + d * (10 - index), 0) % 11;
    const check = remainder === 0 ? 0 : 11 - remainder;
    return check === 10 ? null : [...digits, check].join("");
  })
  .filter((number): number is string => number !== null)
  .chain((number) =>
    fc.constantFrom(
      number,
      `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`,
      `${number.slice(0, 3)}-${number.slice(3, 6)}-${number.slice(6)}`,
    ),
  );

/** UK phone numbers: mobile and geographic, national and international, spaced, dashed, or as a tel: URI. */
const phoneNumber = fc
  .tuple(fc.constantFrom("07", "01", "02", "03"), fc.array(digit, { minLength: 9, maxLength: 9 }))
  .map(([head, rest]) => head + rest.join(""))
  .chain((national) =>
    fc.constantFrom(
      national,
      `${national.slice(0, 5)} ${national.slice(5)}`,
      `${national.slice(0, 5)}-${national.slice(5)}`,
      `+44${national.slice(1)}`,
      `+44 ${national.slice(1, 5)} ${national.slice(5)}`,
      `tel:${national.slice(0, 5)}-${national.slice(5)}`,
      `(${national.slice(0, 3)}) ${national.slice(3, 7)} ${national.slice(7)}`,
    ),
  );

/** Dates of birth as people write them. */
const dateOfBirth = fc.date({ min: new Date("1900-01-01"), max: new Date("2025-12-31"), noInvalidDate: true }).chain((date) => {
  const iso = date.toISOString().slice(0, 10);
  const [year, month, day] = iso.split("-") as [string, string, string];
  return fc.constantFrom(
    iso,
    `${day}/${month}/${year}`,
    `${day}.${month}.${year}`,
    `${day}-${month}-${year}`,
    `${year}${month}${day}`,
    `${day}${month}${year}`,
  );
});

const letters = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 2, maxLength: 12 });
const cased = (word: string) => fc.constantFrom(word, word.toUpperCase(), word.charAt(0).toUpperCase() + word.slice(1));

/** Names with separators, alone or followed by a date of birth. */
const nameWithSeparators = fc
  .tuple(letters.chain(cased), fc.constantFrom(".", "-", "_", " ", "'"), letters.chain(cased), fc.option(dateOfBirth, { nil: undefined }))
  .map(([first, separator, last, born]) => `${first}${separator}${last}${born === undefined ? "" : `${separator}${born}`}`);

const identifying = fc.oneof(nhsNumber, phoneNumber, fc.emailAddress(), dateOfBirth, nameWithSeparators);

describe("identifying strings never fit an id of any kind", () => {
  const schemas = [PersonId, CaseId, LinkWorkerId, ReferrerId, ProviderId, PcnCode, PracticeCode];

  it("as they are written", () => {
    fc.assert(
      fc.property(identifying, (text) => {
        for (const schema of schemas) expect(schema.safeParse(text).success, text).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("after an issued id's prefix, so a prefix never launders them", () => {
    fc.assert(
      fc.property(identifying, fc.constantFrom("person_", "case_", "lw_", "ref_", "prov_"), (text, prefix) => {
        for (const schema of schemas) expect(schema.safeParse(prefix + text).success, prefix + text).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
