import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { matchNearestNeighbours, pooledPriorUsageSd, type MatchCandidate } from "../../src/statistics/index.js";

const person = (
  id: string,
  priorUsage: number,
  practiceId: string | null = "A00001",
  pcnId: string | null = "U00001",
  stratum = "2025-01",
): MatchCandidate => ({
  id,
  practiceId,
  pcnId,
  stratum,
  priorUsage,
});

const candidate = (prefix: string) =>
  fc
    .record({
      n: fc.integer({ min: 0, max: 1_000_000 }),
      practice: fc.constantFrom("A00001", "A00002", "B00001", null),
      stratum: fc.constantFrom("2025-01", "2025-02"),
      priorUsage: fc.integer({ min: 0, max: 30 }).map((value) => value / 2),
    })
    .map(({ n, practice, stratum, priorUsage }) =>
      person(
        `${prefix}${String(n)}`,
        priorUsage,
        practice,
        practice === null ? "U00009" : `U0000${practice[0] === "A" ? "1" : "2"}`,
        stratum,
      ),
    );
const people = (prefix: string) => fc.uniqueArray(candidate(prefix), { selector: (p) => p.id, maxLength: 40 });

describe("matchNearestNeighbours", () => {
  it("pairs each treated person with the nearest available comparator, highest prior use first, one comparator per pair", () => {
    // Caliper 0.2 × pooled SD is wide here, so set it by hand: 10 × SD is effectively none.
    const treated = [person("t1", 10), person("t2", 9)];
    const pool = [person("c1", 9.6), person("c2", 3), person("c3", 8.8)];
    const result = matchNearestNeighbours(treated, pool, { caliperSd: 10 });
    // t1 (10) goes first and takes c1 (9.6); t2 (9) then takes c3 (8.8), not the used c1.
    expect(result.pairs.map((pair) => [pair.treated.id, pair.comparison.id])).toEqual([
      ["t1", "c1"],
      ["t2", "c3"],
    ]);
    expect(result.unmatched).toEqual([]);
    expect(result.samePractice).toBe(2);
  });

  it("leaves a treated person unmatched when no comparator is within the caliper, and falls back from practice to PCN", () => {
    const treated = [person("t1", 10, "A00001"), person("t2", 4, "A00002"), person("t3", 30, "A00001")];
    const pool = [person("c1", 10, "A00003"), person("c2", 4, "A00002"), person("c3", 0, "A00001"), person("c4", 5, "A00001")];
    const sd = pooledPriorUsageSd(treated, pool);
    const result = matchNearestNeighbours(treated, pool, { caliperSd: 2 / sd });
    expect(result.caliper).toBeCloseTo(2, 12);
    const found = Object.fromEntries(result.pairs.map((pair) => [pair.treated.id, [pair.comparison.id, pair.level]]));
    // t1's own practice has c3 (10 away) and c4 (5 away): outside the caliper of 2, so it finds c1 in its PCN.
    expect(found).toEqual({ t1: ["c1", "pcn"], t2: ["c2", "practice"] });
    expect(result.unmatched.map((p) => p.id)).toEqual(["t3"]);
    expect([result.samePractice, result.samePcn]).toEqual([1, 1]);
  });

  it("never pairs across strata, uses a comparator once, keeps pairs within the caliper and place, and ignores input order", () => {
    fc.assert(
      fc.property(
        people("t"),
        people("c"),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.integer(),
        (treated, pool, caliperSd, shuffleSeed) => {
          const result = matchNearestNeighbours(treated, pool, { caliperSd });
          const comparators = result.pairs.map((pair) => pair.comparison.id);
          expect(new Set(comparators).size).toBe(comparators.length);
          expect(result.pairs.length + result.unmatched.length).toBe(treated.length);
          expect(result.samePractice + result.samePcn).toBe(result.pairs.length);
          for (const { treated: t, comparison: c, level } of result.pairs) {
            expect(c.stratum).toBe(t.stratum);
            expect(Math.abs(c.priorUsage - t.priorUsage)).toBeLessThanOrEqual(result.caliper);
            if (level === "practice") expect(c.practiceId).toBe(t.practiceId);
            expect(c.pcnId).toBe(t.pcnId);
          }
          // An unmatched person had no unused comparator of their stratum and PCN within the caliper.
          const used = new Set(comparators);
          for (const t of result.unmatched) {
            const free = pool.filter(
              (c) =>
                !used.has(c.id) &&
                c.stratum === t.stratum &&
                c.pcnId === t.pcnId &&
                t.pcnId !== null &&
                Math.abs(c.priorUsage - t.priorUsage) <= result.caliper,
            );
            expect(free).toEqual([]);
          }
          const rotate = <T>(items: readonly T[]) => {
            const at = items.length === 0 ? 0 : Math.abs(shuffleSeed) % items.length;
            return [...items.slice(at), ...items.slice(0, at)].reverse();
          };
          const again = matchNearestNeighbours(rotate(treated), rotate(pool), { caliperSd });
          expect(again.pairs.map((pair) => [pair.treated.id, pair.comparison.id])).toEqual(
            result.pairs.map((pair) => [pair.treated.id, pair.comparison.id]),
          );
        },
      ),
    );
  });

  it("refuses a caliper that is negative or not finite", () => {
    expect(() => matchNearestNeighbours([], [], { caliperSd: -1 })).toThrow(RangeError);
    expect(() => matchNearestNeighbours([], [], { caliperSd: Number.NaN })).toThrow(RangeError);
  });

  it("refuses a prior usage that is not a finite number, naming the person's place in the input, rather than pairing it", () => {
    // A NaN distance is never above the caliper, so such a person used to be paired with anyone.
    expect(() => matchNearestNeighbours([person("t1", Number.NaN)], [person("c1", 1)])).toThrow(/treated\[0\]\.priorUsage/);
    expect(() => matchNearestNeighbours([person("t1", 1), person("t2", 2)], [person("c1", Number.POSITIVE_INFINITY)])).toThrow(
      /pool\[0\]\.priorUsage/,
    );
  });
});
