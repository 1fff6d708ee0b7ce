import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openBox } from "../src/personal-data/open-box.js";

/** Opening as written plainly: new buffers throughout, a string out of node:crypto. */
function referenceOpen(box: string, context: string, key: Buffer): unknown {
  const bytes = Buffer.from(box, "base64");
  if (bytes.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plain: unknown = JSON.parse(decipher.update(bytes.subarray(12, bytes.length - 16), undefined, "utf8") + decipher.final("utf8"));
    return typeof plain === "object" && plain !== null ? plain : null;
  } catch {
    return null;
  }
}

function seal(text: string, context: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = cipher.update(text, "utf8");
  return Buffer.concat([iv, body, cipher.final(), cipher.getAuthTag()]).toString("base64");
}

const keyA = randomBytes(32);
const keyB = randomBytes(32);

/** A box as a reader may meet it: sound, damaged, cut, grown, sealed for another context or key, or not a box at all. */
const opening = fc
  .record({
    // Objects mostly; other JSON and long strings too (boxes past the scratch space's 4,096 characters).
    plain: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })).map((value) => JSON.stringify(value)),
      },
      { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.string({ minLength: 3_000, maxLength: 3_400 }).map((text) => JSON.stringify({ long: text })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    ),
    // Contexts either side of the 300 units that fit the scratch space, some past ASCII.
    context: fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: "grapheme", minLength: 90, maxLength: 140 }),
      fc.string({ minLength: 290, maxLength: 320 }),
      fc.string({ unit: fc.constantFrom("é", "€", "中"), minLength: 280, maxLength: 420 }),
    ),
    damage: fc.constantFrom("none", "flip", "cut", "grow", "other context", "other key", "not a box"),
    at: fc.nat(),
  })
  .map(({ plain, context, damage, at }) => {
    let box = seal(plain, damage === "other context" ? `${context}!` : context, damage === "other key" ? keyB : keyA);
    const index = at % box.length;
    if (damage === "flip") box = `${box.slice(0, index)}${box[index] === "A" ? "B" : "A"}${box.slice(index + 1)}`;
    if (damage === "cut") box = box.slice(0, index);
    if (damage === "grow") box = `${box}QUJD`;
    if (damage === "not a box") box = randomBytes(at % 40).toString("base64");
    return { box, context };
  });

describe("opening a box", () => {
  it("answers what the plain reference answers, for every box of a run in turn (the scratch space keeps nothing between them)", () => {
    fc.assert(
      fc.property(fc.array(opening, { minLength: 1, maxLength: 8 }), (openings) => {
        for (const { box, context } of openings) expect(openBox(box, context, keyA)).toEqual(referenceOpen(box, context, keyA));
      }),
      { numRuns: 300 },
    );
  });

  it("opens what was sealed, in both the scratch space and a buffer of its own", () => {
    for (const text of ["x".repeat(10), "y".repeat(5_000)]) {
      const box = seal(JSON.stringify({ reasons: [text] }), "linkwork sealed\u0000ctx", keyA);
      expect(openBox(box, "linkwork sealed\u0000ctx", keyA)).toEqual({ reasons: [text] });
      expect(openBox(box, "linkwork sealed\u0000other", keyA)).toBeNull();
    }
  });
});
