import type { z } from "zod";
import { CalendarDate } from "../identifiers.js";
import { earliestOccurredAt } from "./occurred-at.js";

/**
 * The earliest date a date inside an event's or a command's data may name (a follow-up's `dueOn`,
 * funding and healthcare-usage periods, a comparison enrolment's `indexDate`, a practice's
 * `startDate` in a PCN): the day the NHS began, as for `occurredAt` (occurred-at.ts cites the
 * source). None of these can lie before it, and the bound keeps a mistyped year (0001-01-01) from
 * fanning month-by-month read models out over two thousand years. Upper bounds are the rules' that
 * relate one date to another (a funding period's length, funding/funding-period.ts).
 */
export const earliestEventDate = earliestOccurredAt.slice(0, 10);

/**
 * A calendar date in event or command data: ISO 8601 (YYYY-MM-DD, so the text compares as the date)
 * and no earlier than `earliestEventDate`. The handler (command schemas) and every history reader
 * (event schemas) refuse the same dates, naming the field.
 */
export const EventDate = CalendarDate.refine((value) => value >= earliestEventDate, {
  message: `must be no earlier than ${earliestEventDate} (the NHS began on 5 July 1948)`,
});
export type EventDate = z.infer<typeof EventDate>;
