import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { DomainError } from "@linkwork/core";
import { addMonths, monthsBetween, type CalendarMonth } from "../shared/calendar-month.js";
import { declineRate } from "../shared/decline-rate.js";
import type { PeriodOptions } from "../shared/report-period.js";
import { capacityByMonth } from "./queries.js";
import type { CapacityMonthRow, CapacityYearReport, CapacityYearRow } from "./reports.js";
import type { CapacityState } from "./state.js";

// Capacity as commissioners read it: a row per PCN and year, built from the month rows so the two
// views never disagree. Years start in `yearStartMonth` (April by default: the NHS financial year,
// whose month 12 ends in March, e.g. https://www.england.nhs.uk/long-read/financial-performance-update-2/).

/** The year a month falls in, by its first month: `2025/26` for April 2025 to March 2026, `2025` for calendar years. */
export function yearOf(month: CalendarMonth, yearStartMonth: number): { readonly label: string; readonly first: CalendarMonth } {
  const into = (Number(month.slice(5, 7)) - yearStartMonth + 12) % 12;
  const first = addMonths(month, -into);
  const startYear = Number(first.slice(0, 4));
  const label = yearStartMonth === 1 ? String(startYear) : `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
  return { label, first };
}

function yearRow(state: CapacityState, label: string, first: CalendarMonth, months: readonly CapacityMonthRow[]): CapacityYearRow {
  const { settings } = state;
  const last = months.at(-1)!;
  const sum = (figure: (row: CapacityMonthRow) => number) => months.reduce((total, row) => total + figure(row), 0);
  // FTE averaged over the months reported: a worker in post half the year counts half.
  const fte = sum((row) => row.fte) / months.length;
  const registeredPatients = last.registeredPatients;
  const fteNeeded = registeredPatients === null ? null : (settings.fteTargetPer10k * registeredPatients) / 10_000;
  const referrals = sum((row) => row.referrals);
  const peopleSupported = sum((row) => row.peopleSupported);
  const decisions = { declined: sum((row) => row.referralsDeclined), decided: sum((row) => row.referralsDecided) };
  const annualCapacity = (fte * settings.caseloadBenchmarkPerFte * months.length) / 12;
  const listKnown = registeredPatients !== null && registeredPatients > 0;
  return {
    pcnId: last.pcnId,
    year: label,
    firstMonth: months[0]!.month,
    lastMonth: last.month,
    months: months.length,
    // All twelve months, not only the year's last: a year cut short by the history's start or by
    // `from` has ended but is not complete.
    complete: last.complete && months.length === 12 && months[0]!.month === first && monthsBetween(first, last.month) === 11,
    registeredPatients,
    fte,
    fteNeeded,
    shortfallFte: fteNeeded === null ? null : Math.max(0, fteNeeded - fte),
    referrals,
    referralShareOfList: listKnown ? referrals / registeredPatients : null,
    referralsDeclined: decisions.declined,
    referralsDecided: decisions.decided,
    declineRate: declineRate(decisions),
    peopleSupported,
    annualCapacity,
    capacityUtilisation: annualCapacity > 0 ? peopleSupported / annualCapacity : null,
  };
}

/**
 * One row per PCN and year (financial years from April by default), from the month rows of
 * `capacityByMonth`: FTE is the mean of the months' FTE, the list is the last month's, counts are
 * sums, and the decline rate is the shared one over the year's referrals. `from` picks the first
 * month as it does for the months; a year cut short by `from` or asOf says how many months it has.
 */
export function capacityByYear(state: CapacityState, options: PeriodOptions = {}): E.Either<DomainError, CapacityYearReport> {
  return pipe(
    capacityByMonth(state, options),
    E.map((byMonth) => {
      const { yearStartMonth } = state.settings;
      const groups = new Map<string, { label: string; first: CalendarMonth; months: CapacityMonthRow[] }>();
      for (const row of byMonth.rows) {
        const year = yearOf(row.month, yearStartMonth);
        const key = `${row.pcnId} ${year.first}`;
        const group = groups.get(key) ?? { ...year, months: [] };
        group.months.push(row);
        groups.set(key, group);
      }
      return {
        asOf: byMonth.asOf,
        yearStartMonth,
        fteTargetPer10k: byMonth.fteTargetPer10k,
        caseloadBenchmarkPerFte: byMonth.caseloadBenchmarkPerFte,
        rows: [...groups.values()].map((group) => yearRow(state, group.label, group.first, group.months)),
      };
    }),
  );
}
