import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { fieldInvalid, Instant, validationFailed, type DomainError } from "@linkwork/core";

/**
 * What a report covers. Every read model answers "as of" an instant passed in, never a clock: a
 * report as of T counts only what occurred at or before T, so it equals the report built from the
 * events with occurredAt <= T alone. Without `asOf` it is the latest occurredAt the projection has seen.
 */
export const AsOfOptions = z.strictObject({
  /** The instant the report describes; default: the latest occurredAt seen. */
  asOf: Instant.optional(),
});
export type AsOfOptions = z.input<typeof AsOfOptions>;

/** A report over a period: events from `from` (inclusive) to `asOf` (inclusive). */
export const PeriodOptions = AsOfOptions.extend({
  /** The start of the period, inclusive; default: the beginning of the history. */
  from: Instant.optional(),
});
export type PeriodOptions = z.input<typeof PeriodOptions>;

/** A resolved period, in epoch milliseconds. */
export interface ReportPeriod {
  readonly from: number | null;
  readonly asOf: number;
}

/**
 * Validates report options and resolves the period. Extra fields a report takes (a PCN filter) ride
 * along in `options`. Bad options are a VALIDATION_FAILED error naming the field, never a throw.
 */
export function reportPeriod<Schema extends z.ZodType<{ asOf?: string | undefined; from?: string | undefined }>>(
  schema: Schema,
  input: unknown,
  latestOccurredAt: number | null,
): E.Either<DomainError, { readonly options: z.output<Schema>; readonly period: ReportPeriod }> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) return E.left(validationFailed("report options", parsed.error));
  const options = parsed.data;
  const asOf = options.asOf === undefined ? latestOccurredAt : Date.parse(options.asOf);
  if (asOf === null) {
    return E.left(fieldInvalid("report options", "asOf", "no events have been applied yet, so asOf must be given"));
  }
  const from = options.from === undefined ? null : Date.parse(options.from);
  if (from !== null && from > asOf) {
    return E.left(fieldInvalid("report options", "from", `${options.from ?? ""} is after asOf (${new Date(asOf).toISOString()})`));
  }
  return E.right({ options, period: { from, asOf } });
}

/** True when an instant (epoch ms, or null for "never") falls at or before `asOf`. */
export function happenedBy(instant: number | null, asOf: number): instant is number {
  return instant !== null && instant <= asOf;
}

/** True when an instant falls inside the period. */
export function withinPeriod(instant: number, period: ReportPeriod): boolean {
  return instant <= period.asOf && (period.from === null || instant >= period.from);
}
