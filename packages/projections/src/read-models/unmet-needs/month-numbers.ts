import { addMonths, monthOf, monthStart, type CalendarMonth } from "../shared/calendar-month.js";
import { type ReportPeriod } from "../shared/report-period.js";

/** A month as `providersNamed` holds it: a small integer (months since 0000-01), ordered as months are. */
export function monthNumber(instant: number): number {
  const date = new Date(instant);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function monthOfNumber(month: number): CalendarMonth {
  return addMonths("0000-01", month);
}

export function numberOfMonth(month: CalendarMonth): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** Whether a period counts a folded month: it does when the month starts at or after `from`. */
export function countsMonth(period: ReportPeriod, month: CalendarMonth): boolean {
  return period.from === null || monthStart(month) >= period.from;
}

/** The first month (`monthNumber`) a period counts. */
export function firstCountedMonth(period: ReportPeriod): number {
  if (period.from === null) return -Infinity;
  const month = monthNumber(period.from);
  return period.from === monthStart(monthOf(period.from)) ? month : month + 1;
}
