// The day number of a calendar date's text, `Math.floor(Date.parse(text) / DAY_MS)`, without
// Date.parse for the `YYYY-MM-DD` shape the core's CalendarDate admits. Demand reduction reads two
// such dates from every HealthcareUsageRecorded (most lines of a history), and Date.parse there was
// the read models' largest single apply cost in a CPU profile of a 10-PCN year (2026-12-05: about
// 0.2 µs an event). test/read-models/shared/date-day.test.ts holds it to Date.parse for every string.

import { DAY_MS } from "@linkwork/core";

const ZERO = 48;
const DASH = 45;

/** The number the digits of `text` from `start` to `end` (exclusive) spell, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * `Math.floor(Date.parse(text) / DAY_MS)`: the days since 1970-01-01 of a UTC date. Date.parse
 * rolls day 29-31 of a shorter month over into the next, as Date.UTC does, so any day from 1 to 31
 * takes the fast path; any other text, and years before 100 (which Date.UTC reads as 19xx), go to
 * Date.parse itself.
 */
export function dateDay(text: string): number {
  if (text.length === 10 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 7);
    const day = digitsAt(text, 8, 10);
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 31) return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
  }
  return Math.floor(Date.parse(text) / DAY_MS);
}
