/**
 * A calendar month in UTC, written `YYYY-MM`. Reports bucket events by the UTC month of their
 * occurredAt, so a report never depends on the server's time zone.
 */
export type CalendarMonth = string;

// The last month answered and its bounds: read models ask for the month of event after event in
// time order, so most calls fall in the same month and return the same string without formatting.
// The memo never changes an answer, whatever came before (test/read-models/shared/last-answer-memos.test.ts).
let lastMonth: CalendarMonth = "";
let lastMonthStart = Infinity;
let lastMonthEnd = -Infinity;

/** The UTC month an instant (epoch milliseconds) falls in. */
export function monthOf(instant: number): CalendarMonth {
  if (instant >= lastMonthStart && instant <= lastMonthEnd) return lastMonth;
  const date = new Date(instant);
  const year = date.getUTCFullYear();
  // Years of four digits from 1000 (Date.UTC reads years before 100 as 19xx): the month's text and
  // bounds from the date's fields, as reports that visit facts out of time order miss the memo often
  // (a tenth of the 50-PCN funding report formatted and re-read month texts). Others: the plain way.
  if (year < 1000 || year > 9999) {
    const month = date.toISOString().slice(0, 7);
    lastMonth = month;
    lastMonthStart = monthStart(month);
    lastMonthEnd = monthEnd(month);
    return month;
  }
  const index = date.getUTCMonth();
  lastMonth = `${String(year)}-${index < 9 ? "0" : ""}${String(index + 1)}`;
  lastMonthStart = Date.UTC(year, index, 1);
  lastMonthEnd = Date.UTC(year, index + 1, 1) - 1;
  return lastMonth;
}

/** The first millisecond of a month. */
export function monthStart(month: CalendarMonth): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);
}

/** The last millisecond of a month: events at or before it belong to the month or an earlier one. */
export function monthEnd(month: CalendarMonth): number {
  return monthStart(addMonths(month, 1)) - 1;
}

/** The month `count` months after (or, when negative, before) `month`. */
export function addMonths(month: CalendarMonth, count: number): CalendarMonth {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + count;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String(index - year * 12 + 1).padStart(2, "0")}`;
}

/** How many months `later` is after `earlier` (negative when it is before). */
export function monthsBetween(earlier: CalendarMonth, later: CalendarMonth): number {
  const index = (month: CalendarMonth) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(later) - index(earlier);
}

/** Every month from `first` to `last`, both included; empty when `last` is before `first`. */
export function monthsThrough(first: CalendarMonth, last: CalendarMonth): CalendarMonth[] {
  const months: CalendarMonth[] = [];
  for (let offset = 0; offset <= monthsBetween(first, last); offset += 1) months.push(addMonths(first, offset));
  return months;
}
