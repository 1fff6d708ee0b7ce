import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import { NeedCategory, UnmetNeedReason, validationFailed, type DomainError, type RecordedEvent } from "@linkwork/core";
import type { Projection } from "../projection.js";
import { monthOf, type CalendarMonth } from "./calendar-month.js";
import { happenedBy, PeriodOptions, reportPeriod, withinPeriod } from "./report-period.js";
import { snapshotCodec } from "./snapshot-codec.js";
import { occurredAtMs } from "./occurred-at.js";
import { streamEntity } from "./stream-entity.js";

/** The read model has no settings yet; the empty schema still refuses unknown ones. */
export const UnmetNeedSettings = z.strictObject({});
export type UnmetNeedSettingsInput = z.input<typeof UnmetNeedSettings>;

interface UnmetNeed {
  readonly caseId: string;
  readonly pcnId: string;
  readonly at: number;
  readonly need: NeedCategory;
  readonly reason: UnmetNeedReason;
  readonly providerId: string | null;
}

/** What a case asked for and what it was connected to, for the secondary measure. */
interface CaseNeeds {
  readonly pcnId: string;
  /** Needs raised: the referral's reasons, needs recorded at conversations, the plan's goals. */
  readonly raised: Set<NeedCategory>;
  /** Goal id to need, for the plan in force. */
  readonly goals: Map<string, NeedCategory>;
  /** Needs of the goals connections were made for. */
  readonly connected: Set<NeedCategory>;
  closedAt: number | null;
}

export interface UnmetNeedState {
  readonly cases: Map<string, CaseNeeds>;
  readonly unmetNeeds: UnmetNeed[];
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

function apply(state: UnmetNeedState, recorded: RecordedEvent): UnmetNeedState {
  const { event } = recorded;
  const at = occurredAtMs(event.metadata);
  state.latestOccurredAt = state.latestOccurredAt === null ? at : Math.max(state.latestOccurredAt, at);
  const caseId = streamEntity(recorded.streamId);
  switch (event.type) {
    case "ReferralReceived":
      if (!state.cases.has(caseId)) {
        state.cases.set(caseId, {
          pcnId: event.data.pcnId,
          raised: new Set(event.data.reasons),
          goals: new Map(),
          connected: new Set(),
          closedAt: null,
        });
      }
      return state;
    case "ConversationHeld":
      for (const need of event.data.needs) state.cases.get(caseId)?.raised.add(need);
      return state;
    case "PlanAgreed":
    case "PlanRevised": {
      const needs = state.cases.get(caseId);
      if (needs === undefined) return state;
      needs.goals.clear();
      for (const goal of event.data.goals) {
        needs.goals.set(goal.goalId, goal.need);
        needs.raised.add(goal.need);
      }
      return state;
    }
    case "ConnectionMade": {
      const needs = state.cases.get(caseId);
      const need = needs?.goals.get(event.data.goalId);
      if (need !== undefined) needs?.connected.add(need);
      return state;
    }
    case "UnmetNeedRecorded": {
      const needs = state.cases.get(caseId);
      if (needs === undefined) return state;
      state.unmetNeeds.push({
        caseId,
        pcnId: needs.pcnId,
        at,
        need: event.data.need,
        reason: event.data.reason,
        providerId: event.data.providerId ?? null,
      });
      return state;
    }
    case "CaseClosed": {
      const needs = state.cases.get(caseId);
      if (needs !== undefined) needs.closedAt ??= at;
      return state;
    }
    case "ReferralAccepted":
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
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
      return state;
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

function header(period: { readonly from: number | null; readonly asOf: number }) {
  return { asOf: new Date(period.asOf).toISOString(), from: period.from === null ? null : new Date(period.from).toISOString() };
}

/** Unmet needs recorded in the period, counted by month, PCN, need and reason (non-zero rows only). */
export function unmetNeedsByMonth(
  state: UnmetNeedState,
  options: PeriodOptions = {},
): E.Either<DomainError, UnmetNeedReport<UnmetNeedMonthRow>> {
  return pipe(
    reportPeriod(PeriodOptions, options, state.latestOccurredAt),
    E.map(({ period }) => {
      const counts = new Map<string, { month: CalendarMonth; pcnId: string; need: NeedCategory; reason: UnmetNeedReason; count: number }>();
      for (const unmet of state.unmetNeeds) {
        if (!withinPeriod(unmet.at, period)) continue;
        const month = monthOf(unmet.at);
        const key = JSON.stringify([month, unmet.pcnId, unmet.need, unmet.reason]);
        const row = counts.get(key) ?? { month, pcnId: unmet.pcnId, need: unmet.need, reason: unmet.reason, count: 0 };
        row.count += 1;
        counts.set(key, row);
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
  Object.fromEntries(UnmetNeedReason.options.map((reason) => [reason, 0])) as Record<UnmetNeedReason, number>;

/**
 * The map of gaps: per PCN and need, the unmet needs recorded in the period with their reasons and
 * the providers named, and the cases closed in the period without a connection for that need.
 * Largest gaps first (by unmet needs, then closed without connection), then by PCN and need.
 */
export function unmetNeedGaps(state: UnmetNeedState, options: PeriodOptions = {}): E.Either<DomainError, UnmetNeedReport<UnmetNeedGapRow>> {
  return pipe(
    reportPeriod(PeriodOptions, options, state.latestOccurredAt),
    E.map(({ period }) => {
      interface Gap {
        pcnId: string;
        need: NeedCategory;
        unmetNeeds: number;
        cases: Set<string>;
        byReason: Record<UnmetNeedReason, number>;
        providers: Set<string>;
        closedWithoutConnection: number;
      }
      const gaps = new Map<string, Gap>();
      const gap = (pcnId: string, need: NeedCategory): Gap => {
        const key = JSON.stringify([pcnId, need]);
        const found = gaps.get(key) ?? {
          pcnId,
          need,
          unmetNeeds: 0,
          cases: new Set(),
          byReason: noReasons(),
          providers: new Set(),
          closedWithoutConnection: 0,
        };
        gaps.set(key, found);
        return found;
      };
      for (const unmet of state.unmetNeeds) {
        if (!withinPeriod(unmet.at, period)) continue;
        const found = gap(unmet.pcnId, unmet.need);
        found.unmetNeeds += 1;
        found.cases.add(unmet.caseId);
        found.byReason[unmet.reason] += 1;
        if (unmet.providerId !== null) found.providers.add(unmet.providerId);
      }
      for (const needs of state.cases.values()) {
        if (!happenedBy(needs.closedAt, period.asOf) || !withinPeriod(needs.closedAt, period)) continue;
        for (const need of needs.raised) if (!needs.connected.has(need)) gap(needs.pcnId, need).closedWithoutConnection += 1;
      }
      const rows = [...gaps.values()]
        .map((found): UnmetNeedGapRow => ({
          pcnId: found.pcnId,
          need: found.need,
          unmetNeeds: found.unmetNeeds,
          cases: found.cases.size,
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

const UnmetNeedJson = z.object({
  cases: z.array(
    z.tuple([
      z.string(),
      z.object({
        pcnId: z.string(),
        raised: z.array(NeedCategory),
        goals: z.array(z.tuple([z.string(), NeedCategory])),
        connected: z.array(NeedCategory),
        closedAt: z.number().int().nullable(),
      }),
    ]),
  ),
  unmetNeeds: z.array(
    z.object({
      caseId: z.string(),
      pcnId: z.string(),
      at: z.number().int(),
      need: NeedCategory,
      reason: UnmetNeedReason,
      providerId: z.string().nullable(),
    }),
  ),
  latestOccurredAt: z.number().int().nullable(),
});
type UnmetNeedJson = z.infer<typeof UnmetNeedJson>;

/**
 * The unmet needs read model: needs that no local service met (UnmetNeedRecorded), by month, PCN,
 * need and reason, and the map of gaps with the needs closed cases left without a connection.
 */
export function unmetNeedsProjection(settings: UnmetNeedSettingsInput = {}): E.Either<DomainError, Projection<UnmetNeedState>> {
  const parsed = UnmetNeedSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("unmet need settings", parsed.error));
  return E.right({
    name: "unmet-needs",
    version: 1,
    initialState: () => ({ cases: new Map(), unmetNeeds: [], latestOccurredAt: null }),
    apply,
    codec: snapshotCodec(
      UnmetNeedJson,
      (state): UnmetNeedJson => ({
        cases: [...state.cases].map(([caseId, needs]) => [
          caseId,
          {
            pcnId: needs.pcnId,
            raised: [...needs.raised],
            goals: [...needs.goals],
            connected: [...needs.connected],
            closedAt: needs.closedAt,
          },
        ]),
        unmetNeeds: state.unmetNeeds,
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => ({
        cases: new Map(
          json.cases.map(([caseId, needs]) => [
            caseId,
            {
              pcnId: needs.pcnId,
              raised: new Set(needs.raised),
              goals: new Map(needs.goals),
              connected: new Set(needs.connected),
              closedAt: needs.closedAt,
            },
          ]),
        ),
        unmetNeeds: json.unmetNeeds,
        latestOccurredAt: json.latestOccurredAt,
      }),
    ),
  });
}
