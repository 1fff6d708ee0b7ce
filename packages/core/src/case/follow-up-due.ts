import { DAY_MS } from "../identifiers.js";

/**
 * The latest a follow-up may be due, in days after the day it was scheduled: the longest follow-up
 * interval a scheme policy may set (case/policy.ts, `followUpIntervalDays` at most 365), so a
 * follow-up given its date by hand is held to what a policy could have given it.
 */
export const MAX_FOLLOW_UP_DAYS = 365;

/**
 * Why a follow-up's `dueOn` is refused for an event or command at `occurredAt`, or null: it may not
 * be before the day it was scheduled nor more than MAX_FOLLOW_UP_DAYS after it. One rule for the
 * handler (decide) and the history checker (history-rules), so both refuse the same dates.
 */
export function followUpDueProblem(dueOn: string, occurredAt: string): string | null {
  const day = occurredAt.slice(0, 10);
  if (dueOn < day) return `${dueOn} is before the day it was scheduled`;
  const latest = new Date(Date.parse(`${day}T00:00:00Z`) + MAX_FOLLOW_UP_DAYS * DAY_MS).toISOString().slice(0, 10);
  return dueOn > latest ? `${dueOn} is more than ${MAX_FOLLOW_UP_DAYS} days after the day it was scheduled (${day})` : null;
}
