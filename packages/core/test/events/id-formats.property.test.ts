import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EventMetadata } from "../../src/events/envelope.js";
import { isSha256Hex, isUuid, isUuidV7 } from "../../src/events/id-formats.js";

// The references: what the schemas were before the hand-written checks (zod's formats and the regex).
const referenceUuid = z.uuid();
const referenceUuidV7 = z.uuid({ version: "v7", message: "must be a UUID v7" });
const referenceDigest = z.string().regex(/^[0-9a-f]{64}$/, { message: "must be a SHA-256 hex digest" });
const referenceMetadata = EventMetadata.extend({
  eventId: referenceUuidV7,
  correlationId: referenceUuid,
  causationId: referenceUuid,
  commandDigest: referenceDigest.optional(),
});

/** Characters near the formats' edges: every hex digit in both cases, the letters after f, a dash, digits past 7, non-ASCII. */
const near = fc.constantFrom(..."0123456789abcdefABCDEFgGzZ-_ ", "\u0660", "\uff10", "é", "\n");

/** A valid id of one of the shapes, then some characters changed, inserted or removed. */
function damaged(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), op: fc.constantFrom("set", "insert", "delete"), character: near });
  return fc.tuple(valid, fc.array(edit, { maxLength: 2 })).map(([text, edits]) =>
    edits.reduce((current, { at, op, character }) => {
      const index = at % (current.length + 1);
      if (op === "insert") return current.slice(0, index) + character + current.slice(index);
      if (op === "delete") return current.slice(0, index) + current.slice(index + 1);
      return current.slice(0, index) + character + current.slice(index + 1);
    }, text),
  );
}

const hex = (length: number, digits = "0123456789abcdefABCDEF") =>
  fc.string({ unit: fc.constantFrom(...digits), minLength: length, maxLength: length });
const uuidShaped = fc
  .tuple(hex(8), hex(4), fc.constantFrom(..."0123456789aF"), hex(3), fc.constantFrom(..."789abABcC0"), hex(3), hex(12))
  .map(([a, b, version, c, variant, d, e]) => `${a}-${b}-${version}${c}-${variant}${d}-${e}`);
const uuids = fc.oneof(
  uuidShaped,
  damaged(uuidShaped),
  fc.uuid(),
  fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"),
  fc.string(),
);
const digests = fc.oneof(hex(64, "0123456789abcdef"), damaged(hex(64, "0123456789abcdef")), hex(64), fc.string());
const notStrings = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.boolean(), fc.object(), fc.array(fc.nat()));

const verdict = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: parsed.data } : { issues: parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]) };
};

describe("hand-checked id formats", () => {
  it("accept exactly the strings zod's uuid formats and the digest's regular expression accept", () => {
    fc.assert(
      fc.property(uuids, digests, (uuid, digest) => {
        expect(isUuid(uuid)).toBe(referenceUuid.safeParse(uuid).success);
        expect(isUuidV7(uuid)).toBe(referenceUuidV7.safeParse(uuid).success);
        expect(isSha256Hex(digest)).toBe(referenceDigest.safeParse(digest).success);
      }),
      { numRuns: 3000 },
    );
  });

  it("leave the schemas' verdicts and messages as they were, for strings and for anything else", () => {
    const compiled = z.compile(EventMetadata);
    fc.assert(
      fc.property(
        fc.oneof(uuids, notStrings),
        fc.oneof(uuids, notStrings),
        fc.oneof(digests, notStrings),
        fc.boolean(),
        (eventId, correlationId, commandDigest, withDigest) => {
          const metadata = {
            eventId,
            occurredAt: "2025-01-31T09:30:00Z",
            recordedBy: "worker-1",
            correlationId,
            causationId: correlationId,
            ...(withDigest ? { commandDigest } : {}),
          };
          expect(verdict(EventMetadata, metadata)).toEqual(verdict(referenceMetadata, metadata));
          expect(verdict(compiled, metadata)).toEqual(verdict(referenceMetadata, metadata));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("keep their verdicts over a run of lines whose ids repeat, one line's or the line before's (the last UUID accepted is remembered)", () => {
    const compiled = z.compile(EventMetadata);
    const pool = fc.array(fc.oneof(uuids, notStrings), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(pool, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }), (ids, picks) => {
        for (const [correlation, causation] of picks) {
          const metadata = {
            eventId: "01941f29-7c00-75fb-908e-a8032b5f5cfc",
            occurredAt: "2025-01-31T09:30:00Z",
            recordedBy: "worker-1",
            correlationId: ids[correlation % ids.length],
            causationId: ids[causation % ids.length],
          };
          expect(verdict(compiled, metadata)).toEqual(verdict(referenceMetadata, metadata));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
