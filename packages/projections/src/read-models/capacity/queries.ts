import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { linearRegression } from "simple-statistics";
import { type DomainError } from "@linkwork/core";
import { addMonths, monthEnd, monthOf, monthsThrough, monthStart, type CalendarMonth } from "../shared/calendar-month.js";
import { endedAt, type CaseMilestones } from "../shared/case-milestones.js";
import { declineRate, tallyDecision } from "../shared/decline-rate.js";
import { AsOfOptions, happenedBy, PeriodOptions, reportPeriod } from "../shared/report-period.js";
import { asOfRetained } from "../shared/retention.js";
import { emptyFoldedMonth } from "./apply.js";
import type { CapacityMonthRow, CapacityReport, CapacityForecastRow, ReferralTrend, CapacityForecastReport } from "./reports.js";
import { MINIMUM_TREND_MONTHS } from "./settings.js";
import type { CapacityState, CapacityFoldedPcn, CapacityFoldedMonth } from "./state.js";

export const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The value in force at an instant: the last change at or before it. */
function inForce<T extends { readonly at: number }>(changes: readonly T[], instant: number): T | undefined {
  let current: T | undefined;
  for (const change of changes) if (change.at <= instant) current = change;
  return current;
}

/** FTE in post in a PCN at an instant, summed in link worker id order so the sum never depends on replay order. */
function fteAt(state: CapacityState, pcnId: string, instant: number): number {
  let fte = 0;
  for (const linkWorkerId of [...state.linkWorkers.keys()].sort(byKey)) {
    const worker = state.linkWorkers.get(linkWorkerId);
    if (worker?.pcnId === pcnId) fte += inForce(worker.changes, instant)?.fte ?? 0;
  }
  return fte;
}

/** When each PCN first appears (a list size, a link worker joining or a referral), at or before asOf. */
function pcnsSeen(state: CapacityState, asOf: number): Map<string, number> {
  const seen = new Map<string, number>();
  const see = (pcnId: string, at: number) => {
    if (at <= asOf) seen.set(pcnId, Math.min(at, seen.get(pcnId) ?? at));
  };
  for (const [pcnId, sizes] of state.listSizes) for (const size of sizes) see(pcnId, size.at);
  for (const worker of state.linkWorkers.values()) {
    const joined = worker.changes[0];
    if (joined !== undefined) see(worker.pcnId, joined.at);
  }
  for (const milestones of state.cases.values()) see(milestones.pcnId, milestones.referredAt);
  for (const [pcnId, folded] of state.folded) see(pcnId, folded.firstReferredAt);
  return seen;
}

/** Folded cases on the waiting list at each month's end, for the months where any was: the running sum of the differences. */
function foldedWaitingList(folded: CapacityFoldedPcn | undefined): Map<CalendarMonth, number> {
  const waiting = new Map<CalendarMonth, number>();
  if (folded === undefined || folded.months.size === 0) return waiting;
  const months = [...folded.months.keys()].sort(byKey);
  let onList = 0;
  for (const month of monthsThrough(months[0]!, months.at(-1)!)) {
    onList += folded.months.get(month)?.waitingChange ?? 0;
    waiting.set(month, onList);
  }
  return waiting;
}

/** The retained cases by PCN, in the state's order: one pass, where a filter per PCN copied every case once a PCN. */
function casesByPcn(state: CapacityState): Map<string, CaseMilestones[]> {
  const byPcn = new Map<string, CaseMilestones[]>();
  for (const milestones of state.cases.values()) {
    const cases = byPcn.get(milestones.pcnId);
    if (cases === undefined) byPcn.set(milestones.pcnId, [milestones]);
    else cases.push(milestones);
  }
  return byPcn;
}

/**
 * A month's row from the retained cases' milestones plus the folded counts. Folded milestones all
 * fell before the horizon, so at or before asOf: each counts whole in its month, even asOf's own.
 */
function monthRow(
  state: CapacityState,
  pcnId: string,
  cases: readonly CaseMilestones[],
  folded: { readonly months: ReadonlyMap<CalendarMonth, CapacityFoldedMonth>; readonly waiting: ReadonlyMap<CalendarMonth, number> },
  month: CalendarMonth,
  asOf: number,
): CapacityMonthRow {
  const { settings } = state;
  const start = monthStart(month);
  const end = Math.min(monthEnd(month), asOf);
  const inMonth = (instant: number | null) => instant !== null && instant >= start && instant <= end;
  const foldedMonth = folded.months.get(month) ?? emptyFoldedMonth();
  const count = (instantOf: (milestones: CaseMilestones) => number | null) =>
    cases.filter((milestones) => inMonth(instantOf(milestones))).length;
  const registeredPatients = inForce(state.listSizes.get(pcnId) ?? [], end)?.registeredPatients ?? null;
  const fte = fteAt(state, pcnId, end);
  const referrals = foldedMonth.referrals + count((milestones) => milestones.referredAt);
  const accepted = foldedMonth.accepted + count((milestones) => milestones.acceptedAt);
  const declined = foldedMonth.declined + count((milestones) => milestones.declinedAt);
  const peopleSupported = foldedMonth.peopleSupported + count((milestones) => milestones.firstConversationAt);
  // The month's referrals' decisions as of asOf: the decline rate as every report defines it.
  const decisions = { accepted: 0, declined: foldedMonth.referralsDeclined, decided: foldedMonth.referralsDecided };
  for (const milestones of cases) if (inMonth(milestones.referredAt)) tallyDecision(decisions, milestones, asOf);
  const listKnown = registeredPatients !== null && registeredPatients > 0;
  const ftePer10k = listKnown ? (fte * 10_000) / registeredPatients : null;
  const supportedPerFtePerYear = fte > 0 ? (peopleSupported * 12) / fte : null;
  const annualisedReferralRate = listKnown ? (referrals * 12) / registeredPatients : null;
  const { lower, upper } = settings.referralRateBand;
  return {
    pcnId,
    month,
    complete: asOf >= monthEnd(month),
    registeredPatients,
    fte,
    ftePer10k,
    fteNeeded: registeredPatients === null ? null : (settings.fteTargetPer10k * registeredPatients) / 10_000,
    meetsFteTarget: ftePer10k === null ? null : ftePer10k >= settings.fteTargetPer10k,
    referrals,
    accepted,
    declined,
    rejected: foldedMonth.rejected + count((milestones) => milestones.rejectedAt),
    referralsDeclined: decisions.declined,
    referralsDecided: decisions.decided,
    declineRate: declineRate(decisions),
    peopleSupported,
    supportedPerFtePerYear,
    caseloadUtilisation: supportedPerFtePerYear === null ? null : supportedPerFtePerYear / settings.caseloadBenchmarkPerFte,
    annualisedReferralRate,
    referralRateBand:
      annualisedReferralRate === null
        ? null
        : annualisedReferralRate < lower
          ? "below"
          : annualisedReferralRate > upper
            ? "above"
            : "within",
    waitingList:
      (folded.waiting.get(month) ?? 0) +
      cases.filter(
        (milestones) =>
          milestones.referredAt <= end && !happenedBy(milestones.firstConversationAt, end) && !happenedBy(endedAt(milestones), end),
      ).length,
    monthlyCapacity: (fte * settings.caseloadBenchmarkPerFte) / 12,
  };
}

/**
 * One row per PCN per calendar month, from the month the PCN first appears (or `from`'s month) to
 * asOf's month, empty months included. An asOf before the retention horizon is refused; `from` only
 * picks the first month (whose figures are whole), so any `from` is answered exactly.
 */
export function capacityByMonth(state: CapacityState, options: PeriodOptions = {}): E.Either<DomainError, CapacityReport> {
  return pipe(
    reportPeriod(PeriodOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => asOfRetained(state.retention, period)),
    E.map(({ from, asOf }) => {
      const rows: CapacityMonthRow[] = [];
      const byPcn = casesByPcn(state);
      for (const [pcnId, firstSeen] of [...pcnsSeen(state, asOf)].sort(([a], [b]) => byKey(a, b))) {
        const cases = byPcn.get(pcnId) ?? [];
        const foldedPcn = state.folded.get(pcnId);
        const folded = {
          months: foldedPcn?.months ?? new Map<CalendarMonth, CapacityFoldedMonth>(),
          waiting: foldedWaitingList(foldedPcn),
        };
        const first = from === null || from < firstSeen ? monthOf(firstSeen) : monthOf(from);
        for (const month of monthsThrough(first, monthOf(asOf))) rows.push(monthRow(state, pcnId, cases, folded, month, asOf));
      }
      const { settings } = state;
      return {
        asOf: new Date(asOf).toISOString(),
        fteTargetPer10k: settings.fteTargetPer10k,
        caseloadBenchmarkPerFte: settings.caseloadBenchmarkPerFte,
        referralRateBand: settings.referralRateBand,
        rows,
      };
    }),
  );
}

function forecastRow(state: CapacityState, pcnId: string, cases: readonly CaseMilestones[], asOf: number): CapacityForecastRow {
  const { settings } = state;
  const fte = fteAt(state, pcnId, asOf);
  const monthlyCapacity = (fte * settings.caseloadBenchmarkPerFte) / 12;
  const referred = cases.map((milestones) => milestones.referredAt).filter((at) => at <= asOf);
  // Folded referrals were all before the horizon, so at or before asOf.
  const folded = state.folded.get(pcnId);
  const asOfMonth = monthOf(asOf);
  const lastComplete = asOf >= monthEnd(asOfMonth) ? asOfMonth : addMonths(asOfMonth, -1);
  const insufficient = (detail: string): CapacityForecastRow => ({
    pcnId,
    fte,
    monthlyCapacity,
    trend: null,
    outlook: { kind: "insufficient-data", detail },
  });
  if (referred.length === 0 && folded === undefined) return insufficient("no referrals yet");
  const firstReferralMonth = monthOf(referred.reduce((first, at) => Math.min(first, at), folded?.firstReferredAt ?? Infinity));
  const windowStart = addMonths(lastComplete, 1 - settings.trendMonths);
  const months = monthsThrough(firstReferralMonth > windowStart ? firstReferralMonth : windowStart, lastComplete);
  if (months.length < MINIMUM_TREND_MONTHS) {
    return insufficient(`${months.length} complete month(s) of referrals; a trend needs at least ${MINIMUM_TREND_MONTHS}`);
  }
  const counts = months.map((month) => (folded?.months.get(month)?.referrals ?? 0) + referred.filter((at) => monthOf(at) === month).length);
  const line = linearRegression(counts.map((count, index) => [index, count]));
  const predicted = (index: number) => line.b + line.m * index;
  const trend: ReferralTrend = { months, referrals: counts, slopePerMonth: line.m, fittedLastMonth: predicted(months.length - 1) };
  for (let ahead = 1; ahead <= settings.forecastHorizonMonths; ahead += 1) {
    const predictedReferrals = predicted(months.length - 1 + ahead);
    if (predictedReferrals > monthlyCapacity) {
      return {
        pcnId,
        fte,
        monthlyCapacity,
        trend,
        outlook: { kind: "overtakes", month: addMonths(lastComplete, ahead), monthsAhead: ahead, predictedReferrals },
      };
    }
  }
  return {
    pcnId,
    fte,
    monthlyCapacity,
    trend,
    outlook: {
      kind: "not-within-horizon",
      horizonMonths: settings.forecastHorizonMonths,
      predictedReferralsAtHorizon: predicted(months.length - 1 + settings.forecastHorizonMonths),
    },
  };
}

/**
 * For each PCN, the month when referrals, continuing the least-squares line through the trailing
 * complete months, first exceed what the link workers in post at asOf can take on in a month.
 * An asOf before the retention horizon is refused.
 */
export function capacityForecast(state: CapacityState, options: AsOfOptions = {}): E.Either<DomainError, CapacityForecastReport> {
  return pipe(
    reportPeriod(AsOfOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => asOfRetained(state.retention, period)),
    E.map(({ asOf }) => {
      const { settings } = state;
      const byPcn = casesByPcn(state);
      return {
        asOf: new Date(asOf).toISOString(),
        caseloadBenchmarkPerFte: settings.caseloadBenchmarkPerFte,
        trendMonths: settings.trendMonths,
        forecastHorizonMonths: settings.forecastHorizonMonths,
        rows: [...pcnsSeen(state, asOf).keys()].sort(byKey).map((pcnId) => forecastRow(state, pcnId, byPcn.get(pcnId) ?? [], asOf)),
      };
    }),
  );
}
