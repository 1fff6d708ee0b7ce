import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { covers, type UsagePeriod } from "../../src/read-models/demand-reduction/usage-window.js";

const period = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 }), fc.nat(9))
  .map(([first, length, count]): UsagePeriod => ({ first, last: first + length, count }));
const range = fc
  .tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 30 }))
  .map(([first, length]) => ({ first, last: first + length }));

/** Day by day: every day of the range lies in some period. */
function coversEveryDay(periods: readonly UsagePeriod[], days: { first: number; last: number }): boolean {
  for (let day = days.first; day <= days.last; day++) if (!periods.some((each) => each.first <= day && day <= each.last)) return false;
  return true;
}

describe("covers", () => {
  it("says whether every day of the range lies in a period, whatever order the periods come in (sorted or not)", () => {
    fc.assert(
      fc.property(fc.array(period, { maxLength: 8 }), range, fc.boolean(), (periods, days, sortFirst) => {
        const given = sortFirst ? [...periods].sort((a, b) => a.first - b.first) : periods;
        expect(covers(given, days)).toBe(coversEveryDay(periods, days));
      }),
      { numRuns: 3000 },
    );
  });
});
