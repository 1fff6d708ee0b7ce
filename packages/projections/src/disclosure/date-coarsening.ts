import { DAY_MS } from "@linkwork/core";

/**
 * How finely an evaluation export keeps dates:
 * - `day`: every instant becomes its day (00:00:00Z); calendar dates stay as they are.
 * - `week`: every instant and date becomes the Monday of its week, or the 1st of its month when the
 *   week began in the month before, so that nothing moves to another month.
 * - `month`: every instant and date becomes the 1st of its month.
 * Each is monotone (a later time never maps before an earlier one), so events keep their order and
 * every "not before" rule of the history still holds.
 */
export type DateGranularity = "day" | "week" | "month";

/** The granularities, finest first. */
export const dateGranularities: readonly DateGranularity[] = ["day", "week", "month"];

/** The start of the UTC day, week (clamped to its month) or month of an instant, in ms. */
function coarsenMs(ms: number, granularity: DateGranularity): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const date = new Date(day);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  switch (granularity) {
    case "day":
      return day;
    case "week": {
      // getUTCDay: 0 is Sunday; ISO weeks start on Monday.
      const monday = day - ((date.getUTCDay() + 6) % 7) * DAY_MS;
      return Math.max(monday, monthStart);
    }
    case "month":
      return monthStart;
  }
}

/** An ISO instant (`...Z`) coarsened, as an ISO instant at 00:00:00Z; and its ms. */
export function coarsenInstant(instant: string, granularity: DateGranularity): { readonly text: string; readonly ms: number } {
  const ms = coarsenMs(Date.parse(instant), granularity);
  return { text: `${new Date(ms).toISOString().slice(0, 10)}T00:00:00Z`, ms };
}

/** A calendar date (YYYY-MM-DD) coarsened; unchanged at `day`. */
export function coarsenDate(date: string, granularity: DateGranularity): string {
  if (granularity === "day") return date;
  return new Date(coarsenMs(Date.parse(`${date}T00:00:00Z`), granularity)).toISOString().slice(0, 10);
}
