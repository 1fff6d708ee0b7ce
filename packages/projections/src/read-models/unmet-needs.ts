import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import { NeedCategory, UnmetNeedReason, validationFailed, type DomainError, type RecordedEvent } from "@linkwork/core";
import type { Projection } from "../projection.js";
import { addMonths, monthOf, monthStart, type CalendarMonth } from "./calendar-month.js";
import { intern, internedIdList, internedIds, type InternedIds } from "./interned-ids.js";
import { addToMonthlyCounter, monthlyTallies, type MonthlyTallies } from "./monthly-tallies.js";
import { happenedBy, PeriodOptions, reportPeriod, withinPeriod, type ReportPeriod } from "./report-period.js";
import {
  applyRetaining,
  createRetention,
  noteCaseEnded,
  periodRetained,
  restoreRetention,
  RetentionDays,
  type Retention,
} from "./retention.js";
import { snapshotCodec } from "./snapshot-codec.js";
import { streamEntity } from "./stream-entity.js";

export const UnmetNeedSettings = z.strictObject({
  /**
   * Days a case's detail is kept after it ended (default 92), or "all". A case that ended before the
   * horizon is folded into monthly tallies per PCN and need, so reports from the horizon on stay exact.
   */
  retentionDays: RetentionDays,
});
export type UnmetNeedSettings = z.output<typeof UnmetNeedSettings>;
export type UnmetNeedSettingsInput = z.input<typeof UnmetNeedSettings>;

const reasons = UnmetNeedReason.options;
const reasonNumbers = new Map<UnmetNeedReason, number>(reasons.map((reason, index) => [reason, index]));

/** Numbers per UnmetNeedRecorded event in `CaseNeeds.unmet`: occurredAt, need, reason, provider. */
const UNMET_WIDTH = 4;
/** The provider number of an unmet need that named none. */
const NO_PROVIDER = -1;

/**
 * What a retained case asked for and what it was connected to, with PCN, needs, reasons and providers
 * as numbers (`UnmetNeedIds`). Plain fields and exactly sized arrays, no Set, Map or object per event:
 * a replay holds thousands of these.
 */
interface CaseNeeds {
  readonly pcn: number;
  /**
   * The needs raised (the referral's reasons, needs recorded at conversations, the plan's goals), each
   * once; the first `connected` of them had a connection made for a goal of theirs (a connection
   * moves its need to the front, so one number stands for the set of connected needs). Once the case
   * ended only what the secondary measure reads is kept: a closed case's needs left without a
   * connection (`connected` 0), none for a rejected or declined case.
   */
  needs: readonly number[];
  connected: number;
  /** The plan in force while the case is open, as goal id then need number, goal after goal; null without one. */
  goals: readonly (string | number)[] | null;
  /**
   * The UnmetNeedRecorded events, `UNMET_WIDTH` numbers each: occurredAt, need, reason (its index in
   * UnmetNeedReason.options) and provider (`NO_PROVIDER` when none was named); null before the first.
   */
  unmet: readonly number[] | null;
  /** When it was rejected, declined or closed; null while open. */
  endedAt: number | null;
  /** Ended by CaseClosed: only closures count for the secondary measure. */
  closed: boolean;
}

/**
 * Every PCN, need and provider id the state holds, numbered in the order first met (interned-ids.ts):
 * retained cases and folded tallies hold the numbers, so the state keeps one copy of each name (each
 * event carries its own copies). A vocabulary and the local population, so it stays small.
 */
interface UnmetNeedIds {
  readonly pcns: InternedIds;
  readonly needs: InternedIds;
  readonly providers: InternedIds;
}

/**
 * Packing bounds: a (PCN, need) pair is `pcn * NEED_KEYS + need` and a (pair, provider) fact is
 * `pair * PROVIDER_KEYS + provider`, exact doubles while fewer than 2^21 needs, 2^27 pairs and 2^26
 * providers have been seen (a national history has a few dozen needs and thousands of providers).
 */
const NEED_KEYS = 2 ** 21;
const PROVIDER_KEYS = 2 ** 26;

/** The counters of a folded cell: UnmetNeedRecorded events by reason, then these two. */
const CASES = reasons.length;
const CLOSED_WITHOUT_CONNECTION = reasons.length + 1;
const COUNTERS = reasons.length + 2;

/**
 * What the cases folded away left behind, per UTC month and (PCN, need) pair: memory is months ×
 * pairs × `COUNTERS` × 4 bytes, plus one Map entry per provider named for a pair, however many cases
 * were folded. A period report counts the months starting at or after its `from`, which is exact
 * because every folded event is before the retention horizon.
 */
interface FoldedGaps {
  /** The (PCN, need) pairs folded cases met, packed; a pair's number is its cell in the tallies. */
  readonly pairs: InternedIds<number>;
  /**
   * Per cell, counters in order: the pair's UnmetNeedRecorded events in the month for each reason;
   * `CASES`, folded cases whose last unmet need of the need was recorded in the month; and
   * `CLOSED_WITHOUT_CONNECTION`, folded cases closed in the month without a connection for the need.
   */
  readonly tallies: MonthlyTallies;
  /** Per pair and provider (packed): the last month (`monthNumber`) a folded case named the provider as unable to meet the need. */
  readonly providersNamed: Map<number, number>;
}

export interface UnmetNeedState {
  /** Open cases and cases that ended after the retention horizon, by case id. */
  readonly cases: Map<string, CaseNeeds>;
  readonly ids: UnmetNeedIds;
  /** Cases that ended before the horizon. */
  readonly folded: FoldedGaps;
  readonly retention: Retention;
  latestOccurredAt: number | null;
}

/** UnmetNeedRecorded events in one month, PCN, need and reason. */
export interface UnmetNeedMonthRow {
  readonly month: CalendarMonth;
  readonly pcnId: string;
  readonly need: NeedCategory;
  readonly reason: UnmetNeedReason;
  readonly count: number;
}

/** One need in one PCN: the gap community builders look at. */
export interface UnmetNeedGapRow {
  readonly pcnId: string;
  readonly need: NeedCategory;
  /** UnmetNeedRecorded events in the period: the primary measure. */
  readonly unmetNeeds: number;
  /** Cases they were recorded in. */
  readonly cases: number;
  readonly byReason: Readonly<Record<UnmetNeedReason, number>>;
  /** Providers named as unable to meet the need (full, waiting list...). */
  readonly providersNamed: readonly string[];
  /**
   * The secondary measure: cases closed in the period that had raised this need (at referral, in a
   * conversation or as a plan goal) and never made a connection for a goal of this need.
   */
  readonly closedWithoutConnection: number;
}

export interface UnmetNeedReport<Row> {
  readonly asOf: string;
  readonly from: string | null;
  readonly rows: readonly Row[];
}

/** A month as `providersNamed` holds it: a small integer (months since 0000-01), ordered as months are. */
function monthNumber(instant: number): number {
  const date = new Date(instant);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

function monthOfNumber(month: number): CalendarMonth {
  return addMonths("0000-01", month);
}

function numberOfMonth(month: CalendarMonth): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** Whether a period counts a folded month: it does when the month starts at or after `from`. */
function countsMonth(period: ReportPeriod, month: CalendarMonth): boolean {
  return period.from === null || monthStart(month) >= period.from;
}

/** The first month (`monthNumber`) a period counts. */
function firstCountedMonth(period: ReportPeriod): number {
  if (period.from === null) return -Infinity;
  const month = monthNumber(period.from);
  return period.from === monthStart(monthOf(period.from)) ? month : month + 1;
}

/** The names behind the state's numbers, looked up once per report or snapshot. */
interface IdNames {
  readonly pcn: (pcn: number) => string;
  readonly need: (need: number) => NeedCategory;
  readonly provider: (provider: number) => string;
  /** The PCN and the need of a folded cell. */
  readonly cellPcn: (cell: number) => string;
  readonly cellNeed: (cell: number) => NeedCategory;
}

function idNames(state: UnmetNeedState): IdNames {
  const pcns = internedIdList(state.ids.pcns);
  const needs = internedIdList(state.ids.needs);
  const providers = internedIdList(state.ids.providers);
  const pairs = internedIdList(state.folded.pairs);
  const pcn = (number: number) => pcns[number] ?? "";
  const need = (number: number) => needs[number] ?? "";
  return {
    pcn,
    need,
    provider: (number) => providers[number] ?? "",
    cellPcn: (cell) => pcn(Math.floor((pairs[cell] ?? 0) / NEED_KEYS)),
    cellNeed: (cell) => need((pairs[cell] ?? 0) % NEED_KEYS),
  };
}

/** The cell of a (PCN, need) pair in the folded tallies, numbering the pair when it is new. */
function pairCell(folded: FoldedGaps, pcn: number, need: number): number {
  return intern(folded.pairs, pcn * NEED_KEYS + need);
}

/** Notes that a folded case named a provider for a pair in a month, keeping the latest month. */
function noteProviderNamed(folded: FoldedGaps, cell: number, provider: number, month: number): void {
  const key = cell * PROVIDER_KEYS + provider;
  const held = folded.providersNamed.get(key);
  if (held === undefined || held < month) folded.providersNamed.set(key, month);
}

const noNeeds: readonly number[] = Object.freeze([]);

function raise(needs: CaseNeeds, need: number): void {
  if (!needs.needs.includes(need)) needs.needs = needs.needs.concat(need);
}

function connect(needs: CaseNeeds, need: number): void {
  const index = needs.needs.indexOf(need);
  if (index < needs.connected) return;
  const reordered = needs.needs.slice();
  reordered[index] = reordered[needs.connected] ?? need;
  reordered[needs.connected] = need;
  needs.needs = reordered;
  needs.connected += 1;
}

function goalNeed(goals: readonly (string | number)[] | null, goalId: string): number | undefined {
  if (goals === null) return undefined;
  for (let at = 0; at < goals.length; at += 2) if (goals[at] === goalId) return goals[at + 1] as number;
  return undefined;
}

/** The case ended: keep only what reports read from an ended case, and queue it for folding. */
function end(state: UnmetNeedState, caseId: string, needs: CaseNeeds, at: number, closed: boolean): void {
  if (needs.endedAt !== null) return;
  needs.endedAt = at;
  needs.closed = closed;
  const unconnected = closed ? needs.needs.slice(needs.connected) : [];
  needs.needs = unconnected.length === 0 ? noNeeds : unconnected;
  needs.connected = 0;
  needs.goals = null;
  noteCaseEnded(state.retention, caseId, at);
}

function applyEvent(state: UnmetNeedState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  const { ids } = state;
  switch (event.type) {
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (state.cases.has(caseId)) return;
      const needs = [...new Set(event.data.reasons.map((need) => intern(ids.needs, need)))];
      state.cases.set(caseId, {
        pcn: intern(ids.pcns, event.data.pcnId),
        needs: needs.length === 0 ? noNeeds : needs,
        connected: 0,
        goals: null,
        unmet: null,
        endedAt: null,
        closed: false,
      });
      return;
    }
    case "ConversationHeld": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      if (needs !== undefined) for (const need of event.data.needs) raise(needs, intern(ids.needs, need));
      return;
    }
    case "PlanAgreed":
    case "PlanRevised": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      if (needs === undefined) return;
      const goals = new Array<string | number>(2 * event.data.goals.length);
      event.data.goals.forEach((goal, index) => {
        const need = intern(ids.needs, goal.need);
        goals[2 * index] = goal.goalId;
        goals[2 * index + 1] = need;
        raise(needs, need);
      });
      needs.goals = goals.length === 0 ? null : goals;
      return;
    }
    case "ConnectionMade": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      const need = goalNeed(needs?.goals ?? null, event.data.goalId);
      if (needs !== undefined && need !== undefined) connect(needs, need);
      return;
    }
    case "UnmetNeedRecorded": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      if (needs === undefined) return;
      const unmet = [
        at,
        intern(ids.needs, event.data.need),
        reasonNumbers.get(event.data.reason) ?? 0,
        event.data.providerId === undefined ? NO_PROVIDER : intern(ids.providers, event.data.providerId),
      ];
      needs.unmet = needs.unmet === null ? unmet : needs.unmet.concat(unmet);
      return;
    }
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed": {
      const caseId = streamEntity(recorded.streamId);
      const needs = state.cases.get(caseId);
      if (needs !== undefined) end(state, caseId, needs, at, event.type === "CaseClosed");
      return;
    }
    case "ReferralAccepted":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "GoalProgressRecorded":
    case "ConnectionOutcomeRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "HealthcareUsageRecorded":
    case "ComparisonCohortEnrolled":
    case "PcnListSizeRecorded":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
    case "LinkWorkerLeft":
      return;
  }
}

/** Whether the unmet need starting at `at` is the last of its need in the case: the latest, the later one on a tie. */
function lastOfItsNeed(unmet: readonly number[], at: number): boolean {
  const time = unmet[at] ?? 0;
  for (let other = 0; other < unmet.length; other += UNMET_WIDTH) {
    if (other === at || unmet[other + 1] !== unmet[at + 1]) continue;
    const otherTime = unmet[other] ?? 0;
    if (otherTime > time || (otherTime === time && other > at)) return false;
  }
  return true;
}

/** Adds an ended case to the tallies of its PCN's cells and forgets its detail: O(its events), no allocation kept. */
function fold(state: UnmetNeedState, caseId: string): void {
  const needs = state.cases.get(caseId);
  if (needs === undefined) return;
  state.cases.delete(caseId);
  const { folded } = state;
  const unmet = needs.unmet ?? noNeeds;
  for (let at = 0; at < unmet.length; at += UNMET_WIDTH) {
    const time = unmet[at] ?? 0;
    const cell = pairCell(folded, needs.pcn, unmet[at + 1] ?? 0);
    const month = monthOf(time);
    addToMonthlyCounter(folded.tallies, month, cell, unmet[at + 2] ?? 0);
    const provider = unmet[at + 3] ?? NO_PROVIDER;
    if (provider !== NO_PROVIDER) noteProviderNamed(folded, cell, provider, monthNumber(time));
    // The case counts once per need in a period that holds one of its unmet needs of that need, that
    // is, in a period from a month up to its last one: so it is tallied under that last month.
    if (lastOfItsNeed(unmet, at)) addToMonthlyCounter(folded.tallies, month, cell, CASES);
  }
  if (needs.closed && needs.endedAt !== null) {
    const month = monthOf(needs.endedAt);
    for (const need of needs.needs.slice(needs.connected)) {
      addToMonthlyCounter(folded.tallies, month, pairCell(folded, needs.pcn, need), CLOSED_WITHOUT_CONNECTION);
    }
  }
}

const byKeys =
  <T>(...keys: ((row: T) => string)[]) =>
  (a: T, b: T): number => {
    for (const key of keys) {
      const [left, right] = [key(a), key(b)];
      if (left !== right) return left < right ? -1 : 1;
    }
    return 0;
  };

function header(period: ReportPeriod) {
  return { asOf: new Date(period.asOf).toISOString(), from: period.from === null ? null : new Date(period.from).toISOString() };
}

/** Whether any counter of a folded cell is non-zero: the grid is dense, so most cells of a month are empty. */
function cellHolds(grid: Int32Array, cell: number): boolean {
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
      return { ...header(period), rows };
    }),
  );
}

const noReasons = (): Record<UnmetNeedReason, number> =>
  Object.fromEntries(reasons.map((reason) => [reason, 0])) as Record<UnmetNeedReason, number>;

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
        }))
        .sort(
          (a, b) =>
            b.unmetNeeds - a.unmetNeeds ||
            b.closedWithoutConnection - a.closedWithoutConnection ||
            byKeys<UnmetNeedGapRow>(
              (row) => row.pcnId,
              (row) => row.need,
            )(a, b),
        );
      return { ...header(period), rows };
    }),
  );
}

const instant = z.number().int();
/** A folded counter: an Int32Array entry. */
const count = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const MonthJson = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month is written YYYY-MM");

const CaseNeedsJson = z
  .object({
    pcnId: z.string(),
    needs: z.array(NeedCategory),
    connected: z.number().int().min(0),
    goals: z.array(z.tuple([z.string(), NeedCategory])).nullable(),
    unmet: z.array(z.object({ at: instant, need: NeedCategory, reason: UnmetNeedReason, providerId: z.string().nullable() })),
    endedAt: instant.nullable(),
    closed: z.boolean(),
  })
  .refine((needs) => needs.connected <= needs.needs.length, { message: "more needs connected than raised", path: ["connected"] });

/** The folded tallies as rows naming their month (YYYY-MM), PCN and need; counters that are zero are left out. */
const FoldedGapsJson = z.object({
  unmetNeeds: z.array(z.tuple([MonthJson, z.string(), NeedCategory, UnmetNeedReason, count])),
  cases: z.array(z.tuple([MonthJson, z.string(), NeedCategory, count])),
  closedWithoutConnection: z.array(z.tuple([MonthJson, z.string(), NeedCategory, count])),
  /** PCN, need, provider and the last month a folded case named it. */
  providersNamed: z.array(z.tuple([z.string(), NeedCategory, z.string(), MonthJson])),
});
type FoldedGapsJson = z.infer<typeof FoldedGapsJson>;

/** The snapshot's form; it records the retention it was taken with, as the state depends on it. */
function unmetNeedJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: instant.nullable(),
    latestOccurredAt: instant.nullable(),
    cases: z.array(z.tuple([z.string(), CaseNeedsJson])),
    folded: FoldedGapsJson,
  });
}
type UnmetNeedJson = z.infer<ReturnType<typeof unmetNeedJson>>;

function caseToJson(names: IdNames, needs: CaseNeeds): z.infer<typeof CaseNeedsJson> {
  const goals: [string, NeedCategory][] = [];
  for (let at = 0; needs.goals !== null && at < needs.goals.length; at += 2) {
    goals.push([String(needs.goals[at]), names.need(Number(needs.goals[at + 1]))]);
  }
  const unmet: z.infer<typeof CaseNeedsJson>["unmet"] = [];
  for (let at = 0; needs.unmet !== null && at < needs.unmet.length; at += UNMET_WIDTH) {
    const provider = needs.unmet[at + 3] ?? NO_PROVIDER;
    unmet.push({
      at: needs.unmet[at] ?? 0,
      need: names.need(needs.unmet[at + 1] ?? 0),
      reason: reasons[needs.unmet[at + 2] ?? 0] ?? "other",
      providerId: provider === NO_PROVIDER ? null : names.provider(provider),
    });
  }
  return {
    pcnId: names.pcn(needs.pcn),
    needs: needs.needs.map((need) => names.need(need)),
    connected: needs.connected,
    goals: needs.goals === null ? null : goals,
    unmet,
    endedAt: needs.endedAt,
    closed: needs.closed,
  };
}

function caseFromJson(state: UnmetNeedState, json: z.infer<typeof CaseNeedsJson>): CaseNeeds {
  const { ids } = state;
  return {
    pcn: intern(ids.pcns, json.pcnId),
    needs: json.needs.length === 0 ? noNeeds : json.needs.map((need) => intern(ids.needs, need)),
    connected: json.connected,
    goals: json.goals === null ? null : json.goals.flatMap(([goalId, need]) => [goalId, intern(ids.needs, need)]),
    unmet:
      json.unmet.length === 0
        ? null
        : json.unmet.flatMap((unmet) => [
            unmet.at,
            intern(ids.needs, unmet.need),
            reasonNumbers.get(unmet.reason) ?? 0,
            unmet.providerId === null ? NO_PROVIDER : intern(ids.providers, unmet.providerId),
          ]),
    endedAt: json.endedAt,
    closed: json.closed,
  };
}

/** Orders snapshot rows column by column, so a snapshot does not depend on the order ids were numbered in. */
function byColumns(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let column = 0; column < a.length; column += 1) {
    const [left, right] = [a[column] ?? "", b[column] ?? ""];
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

function foldedToJson(state: UnmetNeedState, names: IdNames): FoldedGapsJson {
  const json: FoldedGapsJson = { unmetNeeds: [], cases: [], closedWithoutConnection: [], providersNamed: [] };
  for (const [month, grid] of state.folded.tallies.months) {
    for (let cell = 0; cell * COUNTERS < grid.length; cell += 1) {
      if (!cellHolds(grid, cell)) continue;
      const [pcnId, need] = [names.cellPcn(cell), names.cellNeed(cell)];
      const at = (counter: number) => grid[cell * COUNTERS + counter] ?? 0;
      reasons.forEach((reason, index) => {
        if (at(index) > 0) json.unmetNeeds.push([month, pcnId, need, reason, at(index)]);
      });
      if (at(CASES) > 0) json.cases.push([month, pcnId, need, at(CASES)]);
      if (at(CLOSED_WITHOUT_CONNECTION) > 0) json.closedWithoutConnection.push([month, pcnId, need, at(CLOSED_WITHOUT_CONNECTION)]);
    }
  }
  for (const [key, month] of state.folded.providersNamed) {
    const cell = Math.floor(key / PROVIDER_KEYS);
    json.providersNamed.push([names.cellPcn(cell), names.cellNeed(cell), names.provider(key % PROVIDER_KEYS), monthOfNumber(month)]);
  }
  for (const rows of Object.values(json)) rows.sort(byColumns);
  return json;
}

function foldedFromJson(state: UnmetNeedState, json: FoldedGapsJson): void {
  const { ids, folded } = state;
  const cellOf = (pcnId: string, need: NeedCategory) => pairCell(folded, intern(ids.pcns, pcnId), intern(ids.needs, need));
  for (const [month, pcnId, need, reason, total] of json.unmetNeeds) {
    addToMonthlyCounter(folded.tallies, month, cellOf(pcnId, need), reasonNumbers.get(reason) ?? 0, total);
  }
  for (const [month, pcnId, need, total] of json.cases) addToMonthlyCounter(folded.tallies, month, cellOf(pcnId, need), CASES, total);
  for (const [month, pcnId, need, total] of json.closedWithoutConnection) {
    addToMonthlyCounter(folded.tallies, month, cellOf(pcnId, need), CLOSED_WITHOUT_CONNECTION, total);
  }
  for (const [pcnId, need, providerId, month] of json.providersNamed) {
    noteProviderNamed(folded, cellOf(pcnId, need), intern(ids.providers, providerId), numberOfMonth(month));
  }
}

function initialState(settings: UnmetNeedSettings): UnmetNeedState {
  return {
    cases: new Map(),
    ids: { pcns: internedIds(), needs: internedIds(), providers: internedIds() },
    folded: { pairs: internedIds<number>(), tallies: monthlyTallies(COUNTERS), providersNamed: new Map() },
    retention: createRetention(settings.retentionDays),
    latestOccurredAt: null,
  };
}

/**
 * The unmet needs read model: needs that no local service met (UnmetNeedRecorded), by month, PCN,
 * need and reason, and the map of gaps with the needs closed cases left without a connection.
 * Bad settings are a VALIDATION_FAILED error.
 */
export function unmetNeedsProjection(settings: UnmetNeedSettingsInput = {}): E.Either<DomainError, Projection<UnmetNeedState>> {
  const parsed = UnmetNeedSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("unmet need settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "unmet-needs",
    version: 3,
    initialState: () => initialState(resolved),
    // A case that ended before the horizon is whole in every report still answered: it is folded.
    apply: applyRetaining(applyEvent, fold),
    // The retention shapes the state itself, so a snapshot taken with another retentionDays is refused.
    codec: snapshotCodec(
      unmetNeedJson(resolved.retentionDays),
      (state): UnmetNeedJson => {
        const names = idNames(state);
        return {
          retentionDays: resolved.retentionDays,
          horizon: state.retention.horizon,
          latestOccurredAt: state.latestOccurredAt,
          cases: [...state.cases].map(([caseId, needs]) => [caseId, caseToJson(names, needs)]),
          folded: foldedToJson(state, names),
        };
      },
      (json) => {
        const state = initialState(resolved);
        state.latestOccurredAt = json.latestOccurredAt;
        for (const [caseId, needs] of json.cases) state.cases.set(caseId, caseFromJson(state, needs));
        foldedFromJson(state, json.folded);
        const ended = [...state.cases].flatMap(([caseId, needs]): [string, number][] =>
          needs.endedAt === null ? [] : [[caseId, needs.endedAt]],
        );
        return { ...state, retention: restoreRetention(resolved.retentionDays, json.horizon, ended) };
      },
    ),
  });
}
