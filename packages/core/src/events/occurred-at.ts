import type { z } from "zod";
import { Instant } from "../identifiers.js";

/**
 * The earliest `occurredAt` any reader accepts: the day the NHS began, 5 July 1948 ("On 5th July
 * 1948 the National Health Service was established in the United Kingdom",
 * https://history.blog.gov.uk/category/national-health-service/). Nothing a link worker records
 * about NHS social prescribing can have happened before it, and a bound keeps a mistyped year
 * (0001-01-01) from making month-by-month read models fan out over two thousand years.
 */
export const earliestOccurredAt = "1948-07-05T00:00:00Z";

/**
 * How far an `occurredAt` may lie ahead of the reader's clock: the command handler's default
 * allowance for clocks that disagree (a device a few minutes fast is not an error), and the history
 * checker's, so a line the handler would refuse as in the future is refused when checked too.
 */
export const defaultMaxClockSkewMs = 5 * 60_000;

// Instants are canonical ISO 8601 UTC (`YYYY-MM-DDTHH:MM:SS[.fff]Z`), so comparing the text with the
// day is comparing the instants, without parsing a date per event.
const earliestDay = earliestOccurredAt.slice(0, 10);

/** When a command's or event's fact happened: an Instant no earlier than `earliestOccurredAt`. */
export const OccurredAt = Instant.refine((value) => value >= earliestDay, {
  message: `must be no earlier than ${earliestOccurredAt} (the NHS began on 5 July 1948)`,
});
export type OccurredAt = z.infer<typeof OccurredAt>;
