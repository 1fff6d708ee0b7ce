import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamEntityId } from "@linkwork/core";
import { monthEnd, monthOf, monthStart } from "../../../src/read-models/shared/calendar-month.js";
import { instantMs, occurredAtMs } from "../../../src/read-models/shared/occurred-at.js";
import { streamEntity } from "../../../src/read-models/shared/stream-entity.js";

// monthOf, occurredAtMs and streamEntity keep their last answer at module level so the read models
// of a set share one computation per event. That is allowed only because the memo never changes an
// answer: whatever came before, each call answers what the plain computation answers.

const instants = fc.oneof(
  fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
  // Around the years where monthOf changes how it reads the month (from 1000; the Instant has four-digit years).
  fc.integer({ min: Date.UTC(900, 0, 1), max: Date.UTC(1100, 0, 1) }),
  // (monthEnd of 9999-12 would need a five-digit year: not asked.)
  fc.integer({ min: Date.UTC(9990, 0, 1), max: Date.UTC(9999, 11, 1) - 1 }),
);
/** Calls in any order: repeats, neighbours in the same month and jumps, as interleaved read models make. */
const instantSequences = fc.array(fc.oneof(instants, fc.constantFrom(Date.UTC(2025, 0, 31, 23, 59, 59, 999), Date.UTC(2025, 1, 1))), {
  minLength: 1,
  maxLength: 40,
});

describe("module-level last-answer memos", () => {
  it("monthOf answers the instant's UTC month whatever was asked before", () => {
    fc.assert(
      fc.property(instantSequences, (sequence) => {
        for (const instant of sequence) {
          const month = monthOf(instant);
          expect(month).toBe(new Date(instant).toISOString().slice(0, 7));
          expect(instant >= monthStart(month) && instant <= monthEnd(month)).toBe(true);
        }
      }),
    );
  });

  it("occurredAtMs answers instantMs of the text whatever was asked before", () => {
    fc.assert(
      fc.property(
        fc.array(
          instants.map((ms) => new Date(ms).toISOString()),
          { minLength: 1, maxLength: 40 },
        ),
        (texts) => {
          for (const text of texts) expect(occurredAtMs({ occurredAt: text })).toBe(instantMs(text));
        },
      ),
    );
  });

  it("streamEntity answers the core's streamEntityId whatever was asked before", () => {
    const streamIds = fc.tuple(fc.constantFrom("case-", "person-", "pcn-"), fc.uuid()).map(([prefix, id]) => prefix + id);
    fc.assert(
      fc.property(fc.array(streamIds, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 40 }), (ids, picks) => {
        for (const pick of picks) {
          const streamId = ids[pick % ids.length]!;
          expect(streamEntity(streamId)).toBe(streamEntityId(streamId));
        }
      }),
    );
  });
});
