import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidNhsNumber, NhsNumber } from "@linkwork/core/store-kit";
import { arbitraryNhsNumber } from "@linkwork/core/testing";

// The NHS number's modulus 11 check digit, as the NHS Data Dictionary defines it ("NHS NUMBER").

describe("NHS numbers", () => {
  it("accepts 943 476 5919 written plain or grouped, and reduces it to ten digits", () => {
    expect(NhsNumber.parse("9434765919")).toBe("9434765919");
    expect(NhsNumber.parse("943 476 5919")).toBe("9434765919");
  });

  it.each(["9434765918", "943-476-5919", "943476591", "94347659190", "", "abcdefghij"])("refuses %j", (text) => {
    expect(NhsNumber.safeParse(text).success).toBe(false);
  });

  it("refuses a number whose check would be 10, however it ends (a number never issued)", () => {
    // 000000006: 6 × 2 = 12, remainder 1, 11 - 1 = 10.
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`000000006${last}`)).toBe(false);
  });

  it("catches every change of a single digit of a valid number", () => {
    fc.assert(
      fc.property(arbitraryNhsNumber(), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (written, position, shift) => {
        const number = written.replaceAll(" ", "");
        expect(isValidNhsNumber(number)).toBe(true);
        const changed = `${number.slice(0, position)}${(Number(number.charAt(position)) + shift) % 10}${number.slice(position + 1)}`;
        expect(isValidNhsNumber(changed)).toBe(false);
      }),
    );
  });
});
