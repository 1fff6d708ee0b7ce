import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { linearRegression } from "simple-statistics";
import { z } from "zod";
import { validationFailed, type DomainError, type RecordedEvent } from "@linkwork/core";
import type { Projection } from "../projection.js";
import { addMonths, monthEnd, monthOf, monthsThrough, monthStart, type CalendarMonth } from "./calendar-month.js";
import { CaseMilestonesJson, endedAt, trackCaseMilestones, type CaseMilestones } from "./case-milestones.js";
import { AsOfOptions, happenedBy, PeriodOptions, reportPeriod } from "./report-period.js";
import { applyRetaining, asOfRetained, createRetention, restoreRetention, RetentionDays, type Retention } from "./retention.js";
import { snapshotCodec } from "./snapshot-codec.js";

/** A line through fewer months than this says nothing about a trend. */
export const MINIMUM_TREND_MONTHS = 3;

const Fraction = z.number().min(0).max(1);

export const CapacitySettings = z.strictObject({
  /** FTE link workers per 10,000 registered patients a PCN should have. */
  fteTargetPer10k: z.number().positive().max(100).default(1),
  /** People a full-time link worker supports in a year. */
  caseloadBenchmarkPerFte: z.number().positive().max(10_000).default(250),
  /** The national incentive band for referrals per year as a share of the registered list. */
  referralRateBand: z
    .strictObject({ lower: Fraction, upper: Fraction })
    .refine((band) => band.lower <= band.upper, { message: "lower is above upper", path: ["lower"] })
    .default({ lower: 0.012, upper: 0.016 }),
  /** Complete months of referrals the demand trend is fitted to. */
  trendMonths: z.number().int().min(MINIMUM_TREND_MONTHS).max(120).default(6),
  /** How far ahead the forecast looks for demand overtaking capacity. */
  forecastHorizonMonths: z.number().int().min(1).max(240).default(24),
  /** Days an ended case keeps its milestones before it is folded into monthly counts (see retention.ts). */
  retentionDays: RetentionDays,
});
export type CapacitySettings = z.output<typeof CapacitySettings>;
export type CapacitySettingsInput = z.input<typeof CapacitySettings>;

interface LinkWorkerHours {
  readonly pcnId: string;
  /** FTE from each instant on; a leaver's last entry is 0. */
  readonly changes: { readonly at: number; readonly fte: number }[];
}

/**
 * What the cases of one PCN folded past the retention horizon contributed to one UTC month: each
 * count is of the milestones that fell in the month, as a month row counts them.
 */
export interface CapacityFoldedMonth {
  referrals: number;
  accepted: number;
  declined: number;
  rejected: number;
  peopleSupported: number;
  /**
   * Cases that started waiting in the month (their referral) less those whose waiting stopped in it
   * (first conversation or end): a difference array, so the waiting list at a month's end is the sum
   * over it and the months before. Every folded case stopped waiting, so the sum over all months is 0.
   */
  waitingChange: number;
}

/** A PCN's folded cases: when the earliest was referred (the PCN was seen then) and counts by month. */
export interface CapacityFoldedPcn {
  firstReferredAt: number;
  readonly months: Map<CalendarMonth, CapacityFoldedMonth>;
}

/**
 * Retained cases' milestones, the counts of cases folded past the retention horizon, link workers'
 * hours over time and PCN list sizes over time (kept whole: they grow with staff and PCNs, not cases).
 */
export interface CapacityState {
  readonly settings: CapacitySettings;
  readonly cases: Map<string, CaseMilestones>;
  readonly folded: Map<string, CapacityFoldedPcn>;
  readonly retention: Retention;
  readonly linkWorkers: Map<string, LinkWorkerHours>;
  readonly listSizes: Map<string, { readonly at: number; readonly registeredPatients: number }[]>;
  latestOccurredAt: number | null;
}

export type ReferralRateBand = "below" | "within" | "above";

/** One PCN in one calendar month; every figure is documented in docs/projections.md. */
export interface CapacityMonthRow {
  readonly pcnId: string;
  readonly month: CalendarMonth;
  /** False for the month asOf falls in (unless asOf is its last millisecond): its figures run to asOf. */
  readonly complete: boolean;
  /** The latest list size recorded by the month's end; null when none was. */
  readonly registeredPatients: number | null;
  /** FTE in post at the month's end (or at asOf). */
  readonly fte: number;
  readonly ftePer10k: number | null;
  /** The FTE the target ratio calls for with this list. */
  readonly fteNeeded: number | null;
  readonly meetsFteTarget: boolean | null;
  readonly referrals: number;
  readonly accepted: number;
  readonly declined: number;
  readonly rejected: number;
  /** declined / (declined + accepted), of the decisions recorded in the month. */
  readonly declineRate: number | null;
  /** Cases whose first conversation was held in the month. */
  readonly peopleSupported: number;
  /** peopleSupported x 12 / fte. */
  readonly supportedPerFtePerYear: number | null;
  /** supportedPerFtePerYear / the benchmark: above 1 is more than a link worker is expected to carry. */
  readonly caseloadUtilisation: number | null;
  /** referrals x 12 / registeredPatients, a fraction (0.014 is 1.4%). */
  readonly annualisedReferralRate: number | null;
  readonly referralRateBand: ReferralRateBand | null;
  /** Cases referred and not ended with no conversation yet, at the month's end. */
  readonly waitingList: number;
  /** fte x benchmark / 12: the people the PCN's link workers can take on in a month. */
  readonly monthlyCapacity: number;
}

export interface CapacityReport {
  readonly asOf: string;
  readonly fteTargetPer10k: number;
  readonly caseloadBenchmarkPerFte: number;
  readonly referralRateBand: { readonly lower: number; readonly upper: number };
  readonly rows: readonly CapacityMonthRow[];
}

/** The least-squares line through the trailing complete months of referrals. */
export interface ReferralTrend {
  readonly months: readonly CalendarMonth[];
  readonly referrals: readonly number[];
  /** Change in monthly referrals per month. */
  readonly slopePerMonth: number;
  /** The line's value at the last trend month. */
  readonly fittedLastMonth: number;
}

export type DemandOutlook =
  | {
      readonly kind: "overtakes";
      /** The first month after the trend window whose predicted referrals exceed monthly capacity. */
      readonly month: CalendarMonth;
      readonly monthsAhead: number;
      readonly predictedReferrals: number;
    }
  | { readonly kind: "not-within-horizon"; readonly horizonMonths: number; readonly predictedReferralsAtHorizon: number }
  | { readonly kind: "insufficient-data"; readonly detail: string };

export interface CapacityForecastRow {
  readonly pcnId: string;
  /** FTE in post at asOf, held constant over the horizon. */
  readonly fte: number;
  readonly monthlyCapacity: number;
  readonly trend: ReferralTrend | null;
  readonly outlook: DemandOutlook;
}

export interface CapacityForecastReport {
  readonly asOf: string;
  readonly caseloadBenchmarkPerFte: number;
  readonly trendMonths: number;
  readonly forecastHorizonMonths: number;
  readonly rows: readonly CapacityForecastRow[];
}

function applyEvent(state: CapacityState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "PcnListSizeRecorded": {
      const sizes = state.listSizes.get(event.data.pcnId) ?? [];
      sizes.push({ at, registeredPatients: event.data.registeredPatients });
      state.listSizes.set(event.data.pcnId, sizes);
      break;
    }
    case "LinkWorkerJoined":
      if (!state.linkWorkers.has(event.data.linkWorkerId))
        state.linkWorkers.set(event.data.linkWorkerId, { pcnId: event.data.pcnId, changes: [{ at, fte: event.data.fte }] });
      break;
    case "LinkWorkerFteChanged":
      state.linkWorkers.get(event.data.linkWorkerId)?.changes.push({ at, fte: event.data.fte });
      break;
    case "LinkWorkerLeft":
      state.linkWorkers.get(event.data.linkWorkerId)?.changes.push({ at, fte: 0 });
      break;
    default: {
      // Case events: their milestones; person usage: not a capacity figure.
      trackCaseMilestones(state.cases, recorded, state.retention);
    }
  }
}

function emptyFoldedMonth(): CapacityFoldedMonth {
  return { referrals: 0, accepted: 0, declined: 0, rejected: 0, peopleSupported: 0, waitingChange: 0 };
}

/** A PCN's folded counts for the month of an instant, opened at zero. */
function foldedMonthAt(months: Map<CalendarMonth, CapacityFoldedMonth>, instant: number): CapacityFoldedMonth {
  const month = monthOf(instant);
  let folded = months.get(month);
  if (folded === undefined) {
    folded = emptyFoldedMonth();
    months.set(month, folded);
  }
  return folded;
}

/**
 * Adds an ended case, whose milestones all fell before the horizon (nothing follows an end), to its
 * PCN's monthly counts and forgets its milestones. Every report as of the horizon or later counted
 * each of those milestones in its month whole, so the counts give the same figures.
 */
function foldCase(state: CapacityState, caseId: string): void {
  const milestones = state.cases.get(caseId);
  const ended = milestones === undefined ? null : endedAt(milestones);
  if (milestones === undefined || ended === null) return;
  const { referredAt, acceptedAt, declinedAt, rejectedAt, firstConversationAt } = milestones;
  let pcn = state.folded.get(milestones.pcnId);
  if (pcn === undefined) {
    pcn = { firstReferredAt: referredAt, months: new Map() };
    state.folded.set(milestones.pcnId, pcn);
  }
  pcn.firstReferredAt = Math.min(pcn.firstReferredAt, referredAt);
  const { months } = pcn;
  const referredIn = foldedMonthAt(months, referredAt);
  referredIn.referrals += 1;
  referredIn.waitingChange += 1;
  foldedMonthAt(months, Math.min(firstConversationAt ?? ended, ended)).waitingChange -= 1;
  if (acceptedAt !== null) foldedMonthAt(months, acceptedAt).accepted += 1;
  if (declinedAt !== null) foldedMonthAt(months, declinedAt).declined += 1;
  if (rejectedAt !== null) foldedMonthAt(months, rejectedAt).rejected += 1;
  if (firstConversationAt !== null) foldedMonthAt(months, firstConversationAt).peopleSupported += 1;
  state.cases.delete(caseId);
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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

function casesOf(state: CapacityState, pcnId: string): CaseMilestones[] {
  return [...state.cases.values()].filter((milestones) => milestones.pcnId === pcnId);
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
    declineRate: declined + accepted === 0 ? null : declined / (declined + accepted),
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
    E.chain(({ period }) => asOfRetained(state.retention, period)),
    E.map(({ from, asOf }) => {
      const rows: CapacityMonthRow[] = [];
      for (const [pcnId, firstSeen] of [...pcnsSeen(state, asOf)].sort(([a], [b]) => byKey(a, b))) {
        const cases = casesOf(state, pcnId);
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

function forecastRow(state: CapacityState, pcnId: string, asOf: number): CapacityForecastRow {
  const { settings } = state;
  const fte = fteAt(state, pcnId, asOf);
  const monthlyCapacity = (fte * settings.caseloadBenchmarkPerFte) / 12;
  const referred = casesOf(state, pcnId)
    .map((milestones) => milestones.referredAt)
    .filter((at) => at <= asOf);
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
    E.chain(({ period }) => asOfRetained(state.retention, period)),
    E.map(({ asOf }) => {
      const { settings } = state;
      return {
        asOf: new Date(asOf).toISOString(),
        caseloadBenchmarkPerFte: settings.caseloadBenchmarkPerFte,
        trendMonths: settings.trendMonths,
        forecastHorizonMonths: settings.forecastHorizonMonths,
        rows: [...pcnsSeen(state, asOf).keys()].sort(byKey).map((pcnId) => forecastRow(state, pcnId, asOf)),
      };
    }),
  );
}

const Change = z.object({ at: z.number().int(), fte: z.number().min(0).max(1) });
const Count = z.number().int().min(0);
const FoldedMonthJson = z.object({
  referrals: Count,
  accepted: Count,
  declined: Count,
  rejected: Count,
  peopleSupported: Count,
  waitingChange: z.number().int(),
});
/** The snapshot's form; retentionDays must be the decoding projection's, since the folding depends on it. */
function capacityJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([z.string(), CaseMilestonesJson])),
    folded: z.array(
      z.tuple([
        z.string(),
        z.object({
          firstReferredAt: z.number().int(),
          months: z.array(z.tuple([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), FoldedMonthJson])),
        }),
      ]),
    ),
    linkWorkers: z.array(z.tuple([z.string(), z.object({ pcnId: z.string(), changes: z.array(Change) })])),
    listSizes: z.array(z.tuple([z.string(), z.array(z.object({ at: z.number().int(), registeredPatients: z.number().int().min(0) }))])),
    latestOccurredAt: z.number().int().nullable(),
  });
}
type CapacityJson = z.infer<ReturnType<typeof capacityJson>>;

/** Retained cases that ended, for the retention queue (it is not in the snapshot). */
function* endedCases(cases: ReadonlyMap<string, CaseMilestones>): Generator<readonly [string, number]> {
  for (const [caseId, milestones] of cases) {
    const ended = endedAt(milestones);
    if (ended !== null) yield [caseId, ended];
  }
}

/**
 * The capacity read model: per PCN and calendar month, link worker FTE against the list size,
 * people supported per FTE against the caseload benchmark, referrals against the incentive band,
 * declines, the waiting list, and a forecast of when demand overtakes capacity.
 */
export function capacityProjection(settings: CapacitySettingsInput = {}): E.Either<DomainError, Projection<CapacityState>> {
  const parsed = CapacitySettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("capacity settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "capacity",
    version: 2,
    initialState: () => ({
      settings: resolved,
      cases: new Map(),
      folded: new Map(),
      retention: createRetention(resolved.retentionDays),
      linkWorkers: new Map(),
      listSizes: new Map(),
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, foldCase),
    // Apart from retentionDays, which decides what was folded and so must match, settings only shape
    // the queries: a snapshot holds the events' facts and takes today's settings. Folded counts are
    // written in PCN and month order, so equal states encode alike whatever order cases were folded in.
    codec: snapshotCodec(
      capacityJson(resolved.retentionDays),
      (state): CapacityJson => ({
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        cases: [...state.cases],
        folded: [...state.folded]
          .sort(([a], [b]) => byKey(a, b))
          .map(([pcnId, folded]) => [
            pcnId,
            { firstReferredAt: folded.firstReferredAt, months: [...folded.months].sort(([a], [b]) => byKey(a, b)) },
          ]),
        linkWorkers: [...state.linkWorkers],
        listSizes: [...state.listSizes],
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => {
        const cases = new Map(json.cases);
        return {
          settings: resolved,
          cases,
          folded: new Map(
            json.folded.map(([pcnId, folded]) => [pcnId, { firstReferredAt: folded.firstReferredAt, months: new Map(folded.months) }]),
          ),
          retention: restoreRetention(resolved.retentionDays, json.horizon, endedCases(cases)),
          linkWorkers: new Map(json.linkWorkers),
          listSizes: new Map(json.listSizes),
          latestOccurredAt: json.latestOccurredAt,
        };
      },
    ),
  });
}
