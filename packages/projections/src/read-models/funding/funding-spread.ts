import { DAY_MS } from "@linkwork/core";
import type { Award } from "./state.js";

/** The UTC midnight of the day an instant falls on. */
export function dayOf(instant: number): number {
  return Math.floor(instant / DAY_MS) * DAY_MS;
}

/**
 * The pence of an award that fall on the days from `firstDay` (null: from its start) to `lastDay`,
 * both included (UTC midnights): a grant or commission is spread evenly over the days of its period,
 * so a report of part of its period counts that part's share. Not rounded: rounding is the report's.
 */
export function awardPenceWithin(award: Award, firstDay: number | null, lastDay: number): number {
  const from = firstDay === null ? award.firstDay : Math.max(award.firstDay, firstDay);
  const to = Math.min(award.lastDay, lastDay);
  if (to < from) return 0;
  const days = (award.lastDay - award.firstDay) / DAY_MS + 1;
  return (award.amountPence * ((to - from) / DAY_MS + 1)) / days;
}
