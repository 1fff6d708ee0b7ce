/**
 * Windows of days before and after an index date, and the healthcare use recorded in them.
 *
 * Days are whole numbers counted from 1970-01-01 (UTC), so window arithmetic is integer arithmetic
 * and a projection's state stays small and JSON-codable. A window is inclusive at both ends.
 */

import { DAY_MS } from "@linkwork/core";
import { dateDay } from "../shared/date-day.js";

/** A calendar day as the number of days since 1970-01-01. */
export type DayNumber = number;

/** A month is a twelfth of an average year, so windows of equal months have equal lengths in days. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** The day of an ISO calendar date (`YYYY-MM-DD`, read as UTC). */
export function dayOfDate(date: string): DayNumber {
  return dateDay(date);
}

/** The UTC calendar day of an instant in epoch milliseconds. */
export function dayOfMs(instant: number): DayNumber {
  return Math.floor(instant / DAY_MS);
}

/** The ISO calendar date of a day. */
export function dateOfDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Inclusive range of days. */
export interface DayRange {
  readonly first: DayNumber;
  readonly last: DayNumber;
}

/**
 * Length in days of a window of `months` months: `round(months × 365.25 / 12)`, so 6 months is 183
 * days and 12 months 365. Fixed lengths rather than calendar months keep the before and after
 * windows exactly the same length whatever the months they fall in.
 */
export function windowDays(months: number): number {
  return Math.round(months * DAYS_PER_MONTH);
}

/** The window of `months` months ending the day before the index date. */
export function beforeWindow(indexDay: DayNumber, months: number): DayRange {
  return { first: indexDay - windowDays(months), last: indexDay - 1 };
}

/**
 * The window of `months` months starting the day after the index date. The index day itself is in
 * neither window: the appointment at which a GP refers someone belongs to neither side.
 */
export function afterWindow(indexDay: DayNumber, months: number): DayRange {
  return { first: indexDay + 1, last: indexDay + windowDays(months) };
}

/** A count of healthcare use over an inclusive period of days, as imported from the GP system. */
export interface UsagePeriod {
  readonly first: DayNumber;
  readonly last: DayNumber;
  readonly count: number;
}

/**
 * The use recorded in `range`. A period that straddles the range's edge is apportioned by days: a
 * count of 9 over a 90-day quarter of which 30 days fall in the range contributes 9 × 30 / 90 = 3.
 */
export function usageIn(periods: readonly UsagePeriod[], range: DayRange): number {
  let total = 0;
  for (const period of periods) {
    const overlap = Math.min(period.last, range.last) - Math.max(period.first, range.first) + 1;
    if (overlap > 0) total += (period.count * overlap) / (period.last - period.first + 1);
  }
  return total;
}

/**
 * Whether the recorded periods, together, cover every day of `range`. A day no period covers is a
 * day we know nothing about (no extract reached it), which is not the same as a day without use.
 */
export function covers(periods: readonly UsagePeriod[], range: DayRange): boolean {
  // Extracts are mostly recorded in order, and a report asks this of the same periods for every
  // window: sorting a copy each time was a third of the 50-PCN demand reduction report's CPU.
  const sorted = inOrderOfFirst(periods) ? periods : [...periods].sort((a, b) => a.first - b.first);
  let next = range.first;
  for (const period of sorted) {
    if (next > range.last) break;
    if (period.first > next) return false;
    if (period.last >= next) next = period.last + 1;
  }
  return next > range.last;
}

/** Whether every period starts on or after the one before it (the order sorting by `first` gives). */
function inOrderOfFirst(periods: readonly UsagePeriod[]): boolean {
  for (let index = 1; index < periods.length; index++) if (periods[index]!.first < periods[index - 1]!.first) return false;
  return true;
}

/** Whether a window has ended by `asOfMs`: its last day is over when the next day has begun. */
export function hasEnded(range: DayRange, asOfMs: number): boolean {
  return (range.last + 1) * DAY_MS <= asOfMs;
}
