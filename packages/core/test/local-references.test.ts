import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseDecider, openSchemePolicy } from "@linkwork/core";
import { arbitraryOpaqueId } from "@linkwork/core/testing";
import { OpaqueId } from "../src/identifiers.js";

// Local references (goalId, connectionId, followUpId, noteRef, whatMattersRef, recordedBy) are left
// in the clear in events. An NHS number, a phone number or a date of birth written with the usual
// separators (943-476-5919, 07700-900123, 1950.01.01) must not fit one, as the all-digit forms do not.

const digit = fc.integer({ min: 0, max: 9 });
const separator = fc.constantFrom("-", ".", ":", "_");

/** Ten-digit NHS numbers (any digits: the shape, not the check digit, is what matters) grouped 3-3-4. */
const nhsNumber = fc.tuple(fc.array(digit, { minLength: 10, maxLength: 10 }), separator).map(([digits, sep]) => {
  const text = digits.join("");
  return `${text.slice(0, 3)}${sep}${text.slice(3, 6)}${sep}${text.slice(6)}`;
});
/** UK phone numbers grouped 5-6. */
const phoneNumber = fc
  .tuple(fc.array(digit, { minLength: 9, maxLength: 9 }), separator)
  .map(([digits, sep]) => `07${digits.slice(0, 3).join("")}${sep}${digits.slice(3).join("")}`);
/** Dates of birth written with separators, in either order. */
const dateOfBirth = fc
  .tuple(fc.date({ min: new Date("1900-01-01"), max: new Date("2025-12-31"), noInvalidDate: true }), separator)
  .chain(([date, sep]) => {
    const [year, month, day] = date.toISOString().slice(0, 10).split("-") as [string, string, string];
    return fc.constantFrom(`${year}${sep}${month}${sep}${day}`, `${day}${sep}${month}${sep}${year}`);
  });

describe("local references refuse identifiers written with separators", () => {
  it("never fit an NHS number, phone number or date of birth", () => {
    fc.assert(
      fc.property(fc.oneof(nhsNumber, phoneNumber, dateOfBirth), (text) => {
        expect(OpaqueId.safeParse(text).success, text).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("still fit every generated local reference, and a UUID that happens to hold no letter", () => {
    fc.assert(fc.property(arbitraryOpaqueId(), (id) => OpaqueId.safeParse(id).success));
    expect(OpaqueId.safeParse("00000000-0000-1000-8000-000000000000").success).toBe(true);
  });

  it("give one issue, not two, for an id that breaks the shape", () => {
    const parsed = OpaqueId.safeParse("");
    expect(parsed.success ? [] : parsed.error.issues).toHaveLength(1);
  });

  it("refuse a dashed NHS number as a goal id, naming the field", () => {
    const parsed = caseDecider(openSchemePolicy).parse({
      type: "RecordGoalProgress",
      caseId: "case_c0001",
      commandId: "0195b000-0000-7000-8000-000000000001",
      occurredAt: "2025-03-03T09:00:00Z",
      recordedBy: "lw_ana1",
      goalId: "943-476-5919",
      progress: "some_progress",
    });
    expect(E.isLeft(parsed)).toBe(true);
    if (E.isLeft(parsed)) {
      expect(parsed.left.code).toBe("VALIDATION_FAILED");
      expect(parsed.left.message).toContain("goalId");
      expect(parsed.left.message).not.toContain("943");
    }
  });
});
