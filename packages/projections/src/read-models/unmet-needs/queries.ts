import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { NeedCategory, ProviderDeclineReason, UnmetNeedReason } from "@linkwork/core/vocabulary";
import { type DomainError } from "@linkwork/core";
import { monthOf, type CalendarMonth } from "../shared/calendar-month.js";
import { happenedBy, PeriodOptions, reportPeriod, withinPeriod, type ReportPeriod } from "../shared/report-period.js";
import { periodRetained } from "../shared/retention.js";
import { noNeeds } from "./apply.js";
import { idNames } from "./id-names.js";
import { countsMonth, firstCountedMonth } from "./month-numbers.js";
import type { UnmetNeedReport, UnmetNeedMonthRow, UnmetNeedGapRow, UnmetNeedErasedRow } from "./reports.js";
import {
  COUNTERS,
  NO_PROVIDER,
  PROVIDER_KEYS,
  UNMET_WIDTH,
  reasons,
  type UnmetNeedState,
  CASES,
  CLOSED_WITHOUT_CONNECTION,
  DECLINED_BY_PROVIDER,
  declineReasons,
} from "./state.js";

const byKeys =
  <T>(...keys: ((row: T) => string)[]) =>
  (a: T, b: T): number => {
    for (const key of keys) {
      const [left, right] = [key(a), key(b)];
      if (left !== right) return left < right ? -1 : 1;
    }
    return 0;
  };

function header(state: UnmetNeedState, period: ReportPeriod) {
  return {
    asOf: new Date(period.asOf).toISOString(),
    from: period.from === null ? null : new Date(period.from).toISOString(),
    erased: erasedRows(state, period),
  };
}

/** Erased unmet needs recorded in the period, by month and PCN: retained ones by their time, folded ones by month. */
function erasedRows(state: UnmetNeedState, period: ReportPeriod): UnmetNeedErasedRow[] {
  const counts = new Map<string, number>();
  const add = (key: string, count: number) => counts.set(key, (counts.get(key) ?? 0) + count);
  const names = idNames(state);
  for (const needs of state.cases.values()) {
    for (const time of needs.erased ?? noNeeds) if (withinPeriod(time, period)) add(`${monthOf(time)} ${names.pcn(needs.pcn)}`, 1);
  }
  for (const [key, count] of state.foldedErased) {
    const [pcnId = "", month = ""] = key.split(" ");
    if (countsMonth(period, month)) add(`${month} ${pcnId}`, count);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => {
      const [month = "", pcnId = ""] = key.split(" ");
      return { month, pcnId, count };
    });
}

/** Whether any counter of a folded cell is non-zero: the grid is dense, so most cells of a month are empty. */
export function cellHolds(grid: Int32Array, cell: number): boolean {
  for (let counter = 0; counter < COUNTERS; counter += 1) if ((grid[cell * COUNTERS + counter] ?? 0) !== 0) return true;
  return false;
}

/**
 * Unmet needs recorded in the period, counted by month, PCN, need and reason (non-zero rows only).
 * As of the retention horizon or later; a `from` before the horizon must start a month.
 */
export function unmetNeedsByMonth(
  state: UnmetNeedState,
  options: PeriodOptions = {},
): E.Either<DomainError, UnmetNeedReport<UnmetNeedMonthRow>> {
  return pipe(
    reportPeriod(PeriodOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => periodRetained(state.retention, period)),
    E.map((period) => {
      const names = idNames(state);
      const counts = new Map<string, { month: CalendarMonth; pcnId: string; need: NeedCategory; reason: UnmetNeedReason; count: number }>();
      const add = (month: CalendarMonth, pcnId: string, need: NeedCategory, reason: UnmetNeedReason, count: number) => {
        const key = JSON.stringify([month, pcnId, need, reason]);
        const row = counts.get(key) ?? { month, pcnId, need, reason, count: 0 };
        row.count += count;
        counts.set(key, row);
      };
      for (const needs of state.cases.values()) {
        const unmet = needs.unmet ?? noNeeds;
        for (let at = 0; at < unmet.length; at += UNMET_WIDTH) {
          const time = unmet[at] ?? 0;
          if (!withinPeriod(time, period)) continue;
          add(monthOf(time), names.pcn(needs.pcn), names.need(unmet[at + 1] ?? 0), reasons[unmet[at + 2] ?? 0] ?? "other", 1);
        }
      }
      for (const [month, grid] of state.folded.tallies.months) {
        if (!countsMonth(period, month)) continue;
        for (let cell = 0; cell * COUNTERS < grid.length; cell += 1) {
          reasons.forEach((reason, index) => {
            const count = grid[cell * COUNTERS + index] ?? 0;
            if (count > 0) add(month, names.cellPcn(cell), names.cellNeed(cell), reason, count);
          });
        }
      }
      const rows = [...counts.values()].sort(
        byKeys<UnmetNeedMonthRow>(
          (row) => row.month,
          (row) => row.pcnId,
          (row) => row.need,
          (row) => row.reason,
        ),
      );
      return { ...header(state, period), rows };
    }),
  );
}

const noReasons = (): Record<UnmetNeedReason, number> =>
  Object.fromEntries(reasons.map((reason) => [reason, 0])) as Record<UnmetNeedReason, number>;
const noDeclineReasons = (): Record<ProviderDeclineReason, number> =>
  Object.fromEntries(declineReasons.map((reason) => [reason, 0])) as Record<ProviderDeclineReason, number>;

/**
 * The map of gaps: per PCN and need, the unmet needs recorded in the period with their reasons and
 * the providers named, and the cases closed in the period without a connection for that need.
 * Largest gaps first (by unmet needs, then closed without connection), then by PCN and need.
 * As of the retention horizon or later; a `from` before the horizon must start a month.
 */
export function unmetNeedGaps(state: UnmetNeedState, options: PeriodOptions = {}): E.Either<DomainError, UnmetNeedReport<UnmetNeedGapRow>> {
  return pipe(
    reportPeriod(PeriodOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => periodRetained(state.retention, period)),
    E.map((period) => {
      interface Gap {
        pcnId: string;
        need: NeedCategory;
        unmetNeeds: number;
        /** Retained cases; a case is either retained or folded, so the two counts add up. */
        cases: Set<string>;
        foldedCases: number;
        byReason: Record<UnmetNeedReason, number>;
        providers: Set<string>;
        closedWithoutConnection: number;
        declinedByProvider: number;
        byDeclineReason: Record<ProviderDeclineReason, number>;
      }
      const names = idNames(state);
      const gaps = new Map<string, Gap>();
      const gap = (pcnId: string, need: NeedCategory): Gap => {
        const key = JSON.stringify([pcnId, need]);
        const found = gaps.get(key) ?? {
          pcnId,
          need,
          unmetNeeds: 0,
          cases: new Set(),
          foldedCases: 0,
          byReason: noReasons(),
          providers: new Set(),
          closedWithoutConnection: 0,
          declinedByProvider: 0,
          byDeclineReason: noDeclineReasons(),
        };
        gaps.set(key, found);
        return found;
      };
      for (const [caseId, needs] of state.cases) {
        const pcnId = names.pcn(needs.pcn);
        const unmet = needs.unmet ?? noNeeds;
        for (let at = 0; at < unmet.length; at += UNMET_WIDTH) {
          if (!withinPeriod(unmet[at] ?? 0, period)) continue;
          const found = gap(pcnId, names.need(unmet[at + 1] ?? 0));
          found.unmetNeeds += 1;
          found.cases.add(caseId);
          found.byReason[reasons[unmet[at + 2] ?? 0] ?? "other"] += 1;
          const provider = unmet[at + 3] ?? NO_PROVIDER;
          if (provider !== NO_PROVIDER) found.providers.add(names.provider(provider));
        }
        const declined = needs.declined ?? noNeeds;
        for (let at = 0; at < declined.length; at += UNMET_WIDTH) {
          if (!withinPeriod(declined[at] ?? 0, period)) continue;
          const found = gap(pcnId, names.need(declined[at + 1] ?? 0));
          found.declinedByProvider += 1;
          found.byDeclineReason[declineReasons[declined[at + 2] ?? 0] ?? "other"] += 1;
          found.providers.add(names.provider(declined[at + 3] ?? 0));
        }
        if (!needs.closed || !happenedBy(needs.endedAt, period.asOf) || !withinPeriod(needs.endedAt, period)) continue;
        for (const need of needs.needs.slice(needs.connected)) gap(pcnId, names.need(need)).closedWithoutConnection += 1;
      }
      const { folded } = state;
      for (const [month, grid] of folded.tallies.months) {
        if (!countsMonth(period, month)) continue;
        for (let cell = 0; cell * COUNTERS < grid.length; cell += 1) {
          if (!cellHolds(grid, cell)) continue;
          const found = gap(names.cellPcn(cell), names.cellNeed(cell));
          reasons.forEach((reason, index) => {
            const count = grid[cell * COUNTERS + index] ?? 0;
            found.unmetNeeds += count;
            found.byReason[reason] += count;
          });
          found.foldedCases += grid[cell * COUNTERS + CASES] ?? 0;
          found.closedWithoutConnection += grid[cell * COUNTERS + CLOSED_WITHOUT_CONNECTION] ?? 0;
          declineReasons.forEach((reason, index) => {
            const count = grid[cell * COUNTERS + DECLINED_BY_PROVIDER + index] ?? 0;
            found.declinedByProvider += count;
            found.byDeclineReason[reason] += count;
          });
        }
      }
      // A provider named in a counted month came with an unmet need in it, so its gap is already there.
      const first = firstCountedMonth(period);
      for (const [key, month] of folded.providersNamed) {
        if (month < first) continue;
        const cell = Math.floor(key / PROVIDER_KEYS);
        gap(names.cellPcn(cell), names.cellNeed(cell)).providers.add(names.provider(key % PROVIDER_KEYS));
      }
      const rows = [...gaps.values()]
        .map((found): UnmetNeedGapRow => ({
          pcnId: found.pcnId,
          need: found.need,
          unmetNeeds: found.unmetNeeds,
          cases: found.cases.size + found.foldedCases,
          byReason: found.byReason,
          providersNamed: [...found.providers].sort(),
          closedWithoutConnection: found.closedWithoutConnection,
          declinedByProvider: found.declinedByProvider,
          byDeclineReason: found.byDeclineReason,
        }))
        .sort(
          (a, b) =>
            b.unmetNeeds - a.unmetNeeds ||
            b.closedWithoutConnection - a.closedWithoutConnection ||
            b.declinedByProvider - a.declinedByProvider ||
            byKeys<UnmetNeedGapRow>(
              (row) => row.pcnId,
              (row) => row.need,
            )(a, b),
        );
      return { ...header(state, period), rows };
    }),
  );
}
