import * as E from "fp-ts/lib/Either.js";
import FlatQueue from "flatqueue";
import { z } from "zod";
import { DAY_MS, fieldInvalid, type DomainError, type RecordedEvent } from "@linkwork/core";
import { monthOf, monthStart } from "./calendar-month.js";
import { occurredAtMs } from "./occurred-at.js";
import type { ReportPeriod } from "./report-period.js";

/**
 * A quarter: reports as of any instant in the last quarter (a month end, a quarter end) stay exact,
 * while a replay of years of history holds the detail of a few months of ended cases, not all of them.
 */
export const DEFAULT_RETENTION_DAYS = 92;

/**
 * How long a read model keeps the detail of a case after it ended (rejected, declined or closed),
 * counted back from the latest occurredAt it has seen. `"all"` keeps every case for ever, so reports
 * as of any past instant stay possible, at the price of state growing with the history.
 */
export const RetentionDays = z.union([z.literal("all"), z.number().int().min(0).max(36_525)]).default(DEFAULT_RETENTION_DAYS);
export type RetentionDays = z.output<typeof RetentionDays>;

/**
 * The retention horizon of one read model. An ended case is final (the decider accepts nothing after
 * rejection, decline or closure), so once it ended before the horizon every report as of the horizon
 * or later sees all of it; the read model then folds it into its aggregates and forgets its detail.
 * Reports as of an instant before the horizon are refused rather than answered from partial detail.
 */
export interface Retention {
  readonly days: RetentionDays;
  /** Every case that ended before this instant has been folded; null until one could be. */
  horizon: number | null;
  /** Retained ended cases by when they ended: the next to fold is the earliest. */
  readonly ended: FlatQueue<string>;
}

export function createRetention(days: RetentionDays): Retention {
  return { days, horizon: null, ended: new FlatQueue<string>() };
}

/** Notes that a case ended at `endedAt`, so it is folded once the horizon passes that instant. */
export function noteCaseEnded(retention: Retention, caseId: string, endedAt: number): void {
  if (retention.days !== "all") retention.ended.push(caseId, endedAt);
}

/**
 * Moves the horizon to `latestOccurredAt` less the retention (it never moves back) and hands every
 * case that ended before it to `fold(state, caseId)`, earliest first. Called for every event, so it
 * is cheap when nothing is due (one comparison) and takes the state apart from a module-level `fold`
 * rather than a closure, which would be an allocation per event per read model.
 */
export function advanceHorizon<State>(
  retention: Retention,
  latestOccurredAt: number,
  fold: (state: State, caseId: string) => void,
  state: State,
): void {
  if (retention.days === "all") return;
  const candidate = latestOccurredAt - retention.days * DAY_MS;
  if (retention.horizon !== null && candidate <= retention.horizon) return;
  retention.horizon = candidate;
  const { ended } = retention;
  while (ended.length > 0 && (ended.peekValue() ?? Infinity) < candidate) fold(state, ended.pop()!);
}

/** What the state of every read model with a retention holds. */
export interface RetainingState {
  latestOccurredAt: number | null;
  readonly retention: Retention;
}

/**
 * A read model's `apply` (in place, see Projection): notes the latest occurredAt, hands the event and
 * its instant to `applyEvent`, then advances the horizon, folding each case it passed with `fold`.
 */
export function applyRetaining<State extends RetainingState>(
  applyEvent: (state: State, recorded: RecordedEvent, at: number) => void,
  fold: (state: State, caseId: string) => void,
): (state: State, recorded: RecordedEvent) => State {
  return (state, recorded) => {
    const at = occurredAtMs(recorded.event.metadata);
    const latest = state.latestOccurredAt === null || at > state.latestOccurredAt ? at : state.latestOccurredAt;
    state.latestOccurredAt = latest;
    applyEvent(state, recorded, at);
    advanceHorizon(state.retention, latest, fold, state);
    return state;
  };
}

function horizonText(retention: Retention): string {
  return `${new Date(retention.horizon ?? 0).toISOString()} (the read model keeps ended cases for ${String(retention.days)} days after the latest event; set retentionDays higher, or "all", and rebuild to report earlier)`;
}

/** Refuses a report as of an instant before the horizon: the detail it would need has been folded. */
export function asOfRetained(retention: Retention, period: ReportPeriod): E.Either<DomainError, ReportPeriod> {
  if (retention.horizon !== null && period.asOf < retention.horizon) {
    return E.left(
      fieldInvalid(
        "report options",
        "asOf",
        `${new Date(period.asOf).toISOString()} is before the retention horizon ${horizonText(retention)}`,
      ),
    );
  }
  return E.right(period);
}

/**
 * For reports summing events from `from`. Folded cases survive as monthly aggregates, which a report
 * counts for the months starting at or after `from` (every folded event is before the horizon, so
 * none is after asOf). That is exact when `from` is on or after the horizon (no folded event is
 * after it) or at the start of a month; a `from` inside a month before the horizon is refused.
 */
export function periodRetained(retention: Retention, period: ReportPeriod): E.Either<DomainError, ReportPeriod> {
  const { horizon } = retention;
  if (horizon === null || period.from === null) return asOfRetained(retention, period);
  if (period.from < horizon && period.from !== monthStart(monthOf(period.from))) {
    return E.left(
      fieldInvalid(
        "report options",
        "from",
        `${new Date(period.from).toISOString()} is inside a month before the retention horizon ${horizonText(retention)}; start the period at a month's first instant`,
      ),
    );
  }
  return asOfRetained(retention, period);
}

/** Rebuilds the queue of retained ended cases after a snapshot is decoded (the queue is not saved). */
export function restoreRetention(days: RetentionDays, horizon: number | null, endedCases: Iterable<readonly [string, number]>): Retention {
  const retention = createRetention(days);
  retention.horizon = horizon;
  for (const [caseId, endedAt] of endedCases) noteCaseEnded(retention, caseId, endedAt);
  return retention;
}
