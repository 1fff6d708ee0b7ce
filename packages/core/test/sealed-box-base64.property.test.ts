import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OpaqueId } from "../src/identifiers.js";
import { SealedBox } from "../src/personal-data/index.js";
import { isBase64Text } from "../src/personal-data/sealed-box.js";

/** The plain pattern the fast check stands in for, and the box schema as it was written with it. */
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;
const referenceBox = z.strictObject({
  personId: OpaqueId,
  keyVersion: z.number().int().min(1),
  box: z.string().max(64_000).regex(base64Pattern, "must be base64"),
});

/** Text near base64: its alphabet, padding anywhere, the characters \w adds or a careless check lets in. */
const nearBase64 = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(..."ABCXYZabcxyz0189+/") },
      { weight: 2, arbitrary: fc.constant("=") },
      { weight: 2, arbitrary: fc.constantFrom("_", "-", " ", "\n", ".", "é", "\u0000", "\u{1F600}", "٣", "K") },
    ),
    { maxLength: 24 },
  )
  .map((characters) => characters.join(""));

const issuesOf = (result: { success: boolean; error?: { issues: readonly { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }));

describe("the box's base64 check", () => {
  it("accepts exactly the strings the plain pattern accepts", () => {
    fc.assert(
      fc.property(fc.oneof(nearBase64, fc.string(), fc.base64String()), (text) => {
        expect(isBase64Text(text)).toBe(base64Pattern.test(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives a box the same verdict, naming the same fields with the same messages, as the schema written with the pattern", () => {
    const box = fc.oneof(nearBase64, fc.base64String(), fc.constant("A".repeat(64_001)), fc.constant("_".repeat(64_001)));
    fc.assert(
      fc.property(box, fc.constantFrom("person_p1", "no spaces allowed"), fc.constantFrom(1, 0), (text, personId, keyVersion) => {
        const value = { personId, keyVersion, box: text };
        expect(issuesOf(SealedBox.safeParse(value))).toEqual(issuesOf(referenceBox.safeParse(value)));
      }),
      { numRuns: 1_000 },
    );
  });
});
