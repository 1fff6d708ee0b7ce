import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectionMode } from "@linkwork/core/vocabulary";
import { intern, internedIdList, internedIds } from "../../../src/read-models/shared/interned-ids.js";
import { addToMonthlyCounter, addToMonthlyTally, monthlyTallies } from "../../../src/read-models/shared/monthly-tallies.js";
import {
  addFoldedConnection,
  foldedConnectionList,
  foldedConnections,
  outcomesSoFar,
  type FoldedConnection,
} from "../../../src/read-models/community-demand/folded-connections.js";
import { providerStatusesSoFar } from "../../../src/read-models/community-demand/provider-status.js";

// The read models' packed structures against plain references: whatever is put in, what they give
// back is what a plain Map or array given the same calls gives back.

const months = fc.constantFrom("2023-11", "2024-01", "2024-02", "2025-12", "0001-01", "9999-12");

describe("monthly tallies (one Int32Array per month) against a Map of counters", () => {
  it("hold every count added, and zero everywhere else", () => {
    const counters = 3;
    const addition = fc.oneof(
      fc.record({
        kind: fc.constant("counter" as const),
        month: months,
        cell: fc.nat(40),
        counter: fc.nat(counters - 1),
        amount: fc.integer({ min: 1, max: 5 }),
      }),
      fc.record({
        kind: fc.constant("tally" as const),
        month: months,
        cell: fc.nat(40),
        counts: fc.array(fc.nat(5), { minLength: counters, maxLength: counters }),
      }),
    );
    fc.assert(
      fc.property(fc.array(addition, { maxLength: 60 }), (additions) => {
        const tallies = monthlyTallies(counters);
        const reference = new Map<string, number>();
        const add = (month: string, cell: number, counter: number, amount: number) => {
          const key = `${month}|${String(cell)}|${String(counter)}`;
          reference.set(key, (reference.get(key) ?? 0) + amount);
        };
        for (const step of additions) {
          if (step.kind === "counter") {
            addToMonthlyCounter(tallies, step.month, step.cell, step.counter, step.amount);
            add(step.month, step.cell, step.counter, step.amount);
          } else {
            addToMonthlyTally(tallies, step.month, step.cell, step.counts);
            step.counts.forEach((count, counter) => add(step.month, step.cell, counter, count));
          }
        }
        const held = new Map<string, number>();
        for (const [month, grid] of tallies.months) {
          grid.forEach((value, at) => {
            if (value !== 0) held.set(`${month}|${String(Math.floor(at / counters))}|${String(at % counters)}`, value);
          });
        }
        expect(held).toEqual(new Map([...reference].filter(([, value]) => value !== 0)));
      }),
    );
  });
});

describe("interned ids against an array of ids in first-seen order", () => {
  it("number each id by when it was first seen, and list them in that order", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("a", "b")), { maxLength: 50 }), (ids) => {
        const table = internedIds();
        const reference: string[] = [];
        for (const id of ids) {
          if (!reference.includes(id)) reference.push(id);
          expect(intern(table, id)).toBe(reference.indexOf(id));
        }
        expect(internedIdList(table)).toEqual(reference);
        expect(internedIdList(internedIds(ids))).toEqual(reference);
      }),
    );
  });
});

describe("folded connections (packed 20-byte records) against an array of connections", () => {
  it("give back every connection added, in the order added", () => {
    const connection: fc.Arbitrary<FoldedConnection> = fc.record({
      providerId: fc.constantFrom("prov_p1", "prov_p2", "prov_p3"),
      pcnId: fc.constantFrom("U00001", "U00002"),
      person: fc.nat(5_000),
      activity: fc.constantFrom("physical_activity", "arts_culture", "x-prov_walkinggroup1"),
      mode: fc.constantFrom(...ConnectionMode.options),
      outcome: fc.constantFrom(...outcomesSoFar),
      month: months,
      status: fc.constantFrom(...providerStatusesSoFar),
      attended: fc.boolean(),
    });
    // Past a chunk (1,024 records) now and then, so records spanning chunks are checked too.
    fc.assert(
      fc.property(fc.array(connection, { maxLength: 40 }), fc.nat(1_100), (distinct, repeats) => {
        const added = [
          ...distinct,
          ...(distinct.length === 0 ? [] : Array.from({ length: repeats }, (_, index) => distinct[index % distinct.length]!)),
        ];
        const folded = foldedConnections();
        for (const each of added) addFoldedConnection(folded, each);
        expect([...foldedConnectionList(folded)]).toEqual(added);
      }),
      { numRuns: 40 },
    );
  });
});
