import { DAY_MS } from "@linkwork/core";
import type { SimulationRandom } from "./simulation-random.js";

/**
 * Time in the simulation: milliseconds since the epoch, UTC throughout. Calendar months are
 * counted as "month numbers" (year × 12 + month index) so usage periods line up with GP extracts.
 */

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** An Instant without milliseconds, e.g. 2025-01-31T09:30:00Z, as history files write it. */
export function instantOf(ms: number): string {
  // Runs of commands share a moment (a GP extract, a session's commands): format each moment once.
  if (ms !== lastInstant.ms) {
    lastInstant.ms = ms;
    lastInstant.text = `${new Date(ms).toISOString().slice(0, 19)}Z`;
  }
  return lastInstant.text;
}
const lastInstant = { ms: Number.NaN, text: "" };

/** The calendar date (YYYY-MM-DD) of an instant. */
export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a calendar date. */
export function midnightOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Midnight UTC of the day an instant falls in. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The month number (year × 12 + zero-based month) an instant falls in. */
export function monthNumberOf(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** Midnight UTC of the first day of a month number. */
export function monthStart(monthNumber: number): number {
  return Date.UTC(Math.floor(monthNumber / 12), monthNumber % 12, 1);
}

/** The first and last calendar dates of a month number: the period of a monthly usage count. */
export function monthPeriod(monthNumber: number): MonthPeriod {
  let period = monthPeriods.get(monthNumber);
  if (period === undefined) {
    period = { periodStart: dateOf(monthStart(monthNumber)), periodEnd: dateOf(monthStart(monthNumber + 1) - DAY_MS) };
    monthPeriods.set(monthNumber, period);
  }
  return period;
}
export interface MonthPeriod {
  readonly periodStart: string;
  readonly periodEnd: string;
}
const monthPeriods = new Map<number, MonthPeriod>();

/** When a month's GP extract is taken: 22:00 on its last day, so it counts the whole month yet stays inside it. */
export function monthExtractTime(monthNumber: number): number {
  return monthStart(monthNumber + 1) - 2 * HOUR_MS;
}

/**
 * The instant a run of `months` from `startDate` ends: every simulated event is dated before it. The
 * CLI refuses a run that would end after today, since validate and replay refuse events dated in the
 * future (the handler's rule).
 */
export function simulationEndsAt(settings: { readonly startDate: string; readonly months: number }): number {
  return addMonths(midnightOf(settings.startDate), settings.months);
}

/** The same day-of-month `months` later (clamped to the month's end), at the same time of day. */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const target = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const lastDay = new Date(monthStart(target + 1) - DAY_MS).getUTCDate();
  return Date.UTC(Math.floor(target / 12), target % 12, Math.min(date.getUTCDate(), lastDay)) + (ms - startOfDay(ms));
}

export function isWeekday(ms: number): boolean {
  const day = new Date(ms).getUTCDay();
  return day !== 0 && day !== 6;
}

/**
 * A moment in working hours (09:00-16:59) on the first weekday at or after `ms`'s day, never before
 * `ms` itself: link workers phone, meet and write up on weekdays.
 */
export function workingMoment(ms: number, random: SimulationRandom): number {
  let day = startOfDay(ms);
  while (!isWeekday(day)) day += DAY_MS;
  const moment = day + random.integer(9 * 60, 16 * 60 + 59) * MINUTE_MS;
  if (moment >= ms) return moment;
  // Later the same day if there is working time left, else the next weekday.
  const latest = day + (16 * 60 + 59) * MINUTE_MS;
  return ms <= latest ? ms + random.integer(0, Math.floor((latest - ms) / MINUTE_MS)) * MINUTE_MS : workingMoment(day + DAY_MS, random);
}
