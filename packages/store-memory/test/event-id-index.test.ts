import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventIdIndex, scanLimit } from "../src/event-id-index.js";

// The index is a faster Map<eventId, index>: after any run of adds, it answers every lookup as the
// Map does, on both sides of the length where it switches from a fingerprint scan to a map.

/** A fingerprint with few values, so that many different ids share one, as the index must allow. */
const fingerprintOf = (id: string) => id.length % 3;

describe("EventIdIndex", () => {
  it("answers as a plain Map of the ids added, whatever their fingerprints", () => {
    fc.assert(
      fc.property(
        // Past the switch, probing after every add, so both sides of it are checked in each run.
        fc.uniqueArray(fc.string({ maxLength: 4 }), { minLength: scanLimit + 2, maxLength: scanLimit * 3 }),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 20 }),
        (ids, probes) => {
          const index = new EventIdIndex();
          const reference = new Map<string, number>();
          for (const id of ids) {
            index.add(id, fingerprintOf(id));
            reference.set(id, reference.size);
            for (const probe of [...probes, ...ids.slice(0, 3), id]) {
              expect(index.indexOf(probe, fingerprintOf(probe))).toBe(reference.get(probe) ?? -1);
            }
          }
        },
      ),
    );
  });
});
