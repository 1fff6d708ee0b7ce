import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import {
  ConnectionMode,
  ConnectionOutcome,
  OpaqueId,
  SupportCategory,
  validationFailed,
  type DomainError,
  type RecordedEvent,
} from "@linkwork/core";
import type { Projection } from "../projection.js";
import { monthOf, monthStart, type CalendarMonth } from "./calendar-month.js";
import {
  addFoldedConnection,
  foldedConnections,
  FoldedConnectionsJson,
  foldedConnectionsFromJson,
  foldedConnectionsToJson,
  foldedConnectionList,
  outcomesSoFar,
  type FoldedConnections,
  type OutcomeSoFar,
} from "./folded-connections.js";
import { intern, internedIdList, internedIds, type InternedIds } from "./interned-ids.js";
import { PeriodOptions, reportPeriod, withinPeriod, type ReportPeriod } from "./report-period.js";
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

export const CommunityDemandSettings = z.strictObject({
  /** How long an ended case keeps its connections in detail before they are folded (`retention.ts`). */
  retentionDays: RetentionDays,
});
export type CommunityDemandSettings = z.output<typeof CommunityDemandSettings>;
export type CommunityDemandSettingsInput = z.input<typeof CommunityDemandSettings>;

interface Connection {
  /** Unique only within its case. */
  readonly connectionId: string;
  readonly providerId: string;
  readonly activity: SupportCategory;
  readonly mode: ConnectionMode;
  readonly madeAt: number;
  /** Every outcome recorded, in order: the latest at or before asOf is the connection's outcome. */
  readonly outcomes: { readonly at: number; readonly outcome: ConnectionOutcome }[];
}

/** A case not folded yet: its PCN and person, for the connections made in it. */
interface RetainedCase {
  readonly pcnId: string;
  /** The person's number in `people`. */
  readonly person: number;
  /** When it was rejected, declined or closed; null while open. */
  endedAt: number | null;
  /** Null until its first connection: most cases make one or none. */
  connections: Connection[] | null;
}

export interface CommunityDemandState {
  /**
   * Every person referred, numbered: cases and folded connections name people by number, so a
   * person's id is held once (the population), and people count apart across both.
   */
  readonly people: InternedIds;
  /** Open cases, and ended ones the retention horizon has not passed yet. */
  readonly cases: Map<string, RetainedCase>;
  readonly retention: Retention;
  /** The connections of cases that ended before the horizon. */
  readonly folded: FoldedConnections;
  latestOccurredAt: number | null;
}

export const CommunityDemandOptions = PeriodOptions.extend({
  /** Only connections made in cases of this PCN. */
  pcnId: OpaqueId.optional(),
});
export type CommunityDemandOptions = z.input<typeof CommunityDemandOptions>;

export { outcomesSoFar, type OutcomeSoFar };

/** What a provider absorbed: connections made to it in the period, as they stand at asOf. */
export interface ProviderDemandFigures {
  readonly connections: number;
  /** Distinct people connected: the argument for funding follows people, not referrals. */
  readonly people: number;
  readonly byMode: Readonly<Record<ConnectionMode, number>>;
  /** Each connection counted once, under its latest outcome recorded by asOf. */
  readonly byOutcome: Readonly<Record<OutcomeSoFar, number>>;
  /** Connections per activity category, by category. */
  readonly byActivity: readonly { readonly activity: SupportCategory; readonly connections: number }[];
}

export interface ProviderDemandRow extends ProviderDemandFigures {
  readonly providerId: string;
}

export interface ProviderMonthDemandRow extends ProviderDemandFigures {
  readonly providerId: string;
  /** The month the connections were made in. */
  readonly month: CalendarMonth;
}

export interface CommunityDemandReport<Row> {
  readonly asOf: string;
  readonly from: string | null;
  readonly pcnId: string | null;
  readonly rows: readonly Row[];
}

function applyEvent(state: CommunityDemandState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (!state.cases.has(caseId)) {
        state.cases.set(caseId, {
          pcnId: event.data.pcnId,
          person: intern(state.people, event.data.personId),
          endedAt: null,
          connections: null,
        });
      }
      break;
    }
    case "ConnectionMade": {
      const known = state.cases.get(streamEntity(recorded.streamId));
      const { connectionId } = event.data;
      if (known === undefined || known.connections?.some((connection) => connection.connectionId === connectionId) === true) break;
      (known.connections ??= []).push({
        connectionId,
        providerId: event.data.providerId,
        activity: event.data.activity,
        mode: event.data.mode,
        madeAt: at,
        outcomes: [],
      });
      break;
    }
    case "ConnectionOutcomeRecorded":
      state.cases
        .get(streamEntity(recorded.streamId))
        ?.connections?.find((connection) => connection.connectionId === event.data.connectionId)
        ?.outcomes.push({ at, outcome: event.data.outcome });
      break;
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed": {
      // The decider accepts nothing after these: the case's connections and outcomes are final.
      const caseId = streamEntity(recorded.streamId);
      const known = state.cases.get(caseId);
      if (known !== undefined && known.endedAt === null) {
        known.endedAt = at;
        noteCaseEnded(state.retention, caseId, at);
      }
      break;
    }
    case "ReferralAccepted":
    case "ContactAttempted":
    case "ConversationHeld":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "UnmetNeedRecorded":
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
      break;
  }
}

function fold(state: CommunityDemandState, caseId: string): void {
  const retained = state.cases.get(caseId);
  if (retained === undefined) return;
  for (const connection of retained.connections ?? []) {
    addFoldedConnection(state.folded, {
      providerId: connection.providerId,
      pcnId: retained.pcnId,
      person: retained.person,
      activity: connection.activity,
      mode: connection.mode,
      // Every outcome was recorded before the case ended, so before any asOf a report may take.
      outcome: connection.outcomes.at(-1)?.outcome ?? "no_outcome_yet",
      month: monthOf(connection.madeAt),
    });
  }
  state.cases.delete(caseId);
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function outcomeAt(connection: Connection, asOf: number): OutcomeSoFar {
  let latest: OutcomeSoFar = "no_outcome_yet";
  for (const recorded of connection.outcomes) if (recorded.at <= asOf) latest = recorded.outcome;
  return latest;
}

/** A connection as a report counts it, retained or folded alike. */
interface Counted {
  readonly providerId: string;
  readonly month: CalendarMonth;
  readonly person: number;
  readonly activity: SupportCategory;
  readonly mode: ConnectionMode;
  readonly outcome: OutcomeSoFar;
}

function figures(connections: readonly Counted[]): ProviderDemandFigures {
  const byMode = Object.fromEntries(ConnectionMode.options.map((mode) => [mode, 0])) as Record<ConnectionMode, number>;
  const byOutcome = Object.fromEntries(outcomesSoFar.map((outcome) => [outcome, 0])) as Record<OutcomeSoFar, number>;
  const byActivity = new Map<SupportCategory, number>();
  for (const connection of connections) {
    byMode[connection.mode] += 1;
    byOutcome[connection.outcome] += 1;
    byActivity.set(connection.activity, (byActivity.get(connection.activity) ?? 0) + 1);
  }
  return {
    connections: connections.length,
    people: new Set(connections.map((connection) => connection.person)).size,
    byMode,
    byOutcome,
    byActivity: [...byActivity.keys()].sort(byKey).map((activity) => ({ activity, connections: byActivity.get(activity) ?? 0 })),
  };
}

/** Every connection made in the period (and PCN, when given), retained or folded, as it stood at asOf. */
function* countedConnections(state: CommunityDemandState, period: ReportPeriod, pcnId: string | undefined): Generator<Counted> {
  for (const retained of state.cases.values()) {
    if (retained.connections === null || (pcnId !== undefined && retained.pcnId !== pcnId)) continue;
    const { person } = retained;
    for (const connection of retained.connections) {
      if (!withinPeriod(connection.madeAt, period)) continue;
      const { providerId, activity, mode } = connection;
      yield { providerId, month: monthOf(connection.madeAt), person, activity, mode, outcome: outcomeAt(connection, period.asOf) };
    }
  }
  // Folded connections were all made before the horizon, hence by asOf; periodRetained has made
  // "the month starts at or after from" the same as "made at or after from".
  for (const folded of foldedConnectionList(state.folded)) {
    if ((pcnId !== undefined && folded.pcnId !== pcnId) || (period.from !== null && monthStart(folded.month) < period.from)) continue;
    yield folded;
  }
}

/** Connections made in the period (and PCN, when given), grouped by a key, keys in order. */
function grouped(
  state: CommunityDemandState,
  options: CommunityDemandOptions,
  keyOf: (connection: Counted) => string,
): E.Either<DomainError, { readonly report: Omit<CommunityDemandReport<never>, "rows">; readonly groups: [string, Counted[]][] }> {
  return pipe(
    reportPeriod(CommunityDemandOptions, options, state.latestOccurredAt),
    E.chainFirst(({ period }) => periodRetained(state.retention, period)),
    E.map(({ options: { pcnId }, period }) => {
      const groups = new Map<string, Counted[]>();
      for (const connection of countedConnections(state, period, pcnId)) {
        const key = keyOf(connection);
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [connection]);
        else group.push(connection);
      }
      return {
        report: {
          asOf: new Date(period.asOf).toISOString(),
          from: period.from === null ? null : new Date(period.from).toISOString(),
          pcnId: pcnId ?? null,
        },
        groups: [...groups].sort(([a], [b]) => byKey(a, b)),
      };
    }),
  );
}

/** Per provider: the connections made to it in the period, by support mode, outcome so far and activity. */
export function communityDemandByProvider(
  state: CommunityDemandState,
  options: CommunityDemandOptions = {},
): E.Either<DomainError, CommunityDemandReport<ProviderDemandRow>> {
  return pipe(
    grouped(state, options, (connection) => connection.providerId),
    E.map(({ report, groups }) => ({
      ...report,
      rows: groups.map(([providerId, connections]) => ({ providerId, ...figures(connections) })),
    })),
  );
}

/** Per provider and month the connections were made in: the same figures, over time. */
export function communityDemandByProviderMonth(
  state: CommunityDemandState,
  options: CommunityDemandOptions = {},
): E.Either<DomainError, CommunityDemandReport<ProviderMonthDemandRow>> {
  return pipe(
    // Months sort as text; the provider id comes first, and ids cannot contain a space.
    grouped(state, options, (connection) => `${connection.providerId} ${connection.month}`),
    E.map(({ report, groups }) => ({
      ...report,
      rows: groups.map(([key, connections]) => {
        const [providerId = "", month = ""] = key.split(" ");
        return { providerId, month, ...figures(connections) };
      }),
    })),
  );
}

const ConnectionJson = z.object({
  connectionId: z.string(),
  providerId: z.string(),
  activity: SupportCategory,
  mode: ConnectionMode,
  madeAt: z.number().int(),
  outcomes: z.array(z.object({ at: z.number().int(), outcome: ConnectionOutcome })),
});

const RetainedCaseJson = z.object({
  pcnId: z.string(),
  /** Index into the snapshot's `people`. */
  person: z.number().int().min(0),
  endedAt: z.number().int().nullable(),
  connections: z.array(ConnectionJson).nullable(),
});

/**
 * The community organisation demand read model: how many connections, and people, each provider
 * absorbed, by support mode (signposted, referred, accompanied), outcome and activity, per month.
 */
export function communityDemandProjection(
  settings: CommunityDemandSettingsInput = {},
): E.Either<DomainError, Projection<CommunityDemandState>> {
  const parsed = CommunityDemandSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("community demand settings", parsed.error));
  const resolved = parsed.data;
  // A snapshot taken under another retention holds other cases in detail: refuse it, readably.
  const CommunityDemandJson = z
    .object({
      retentionDays: z.literal(resolved.retentionDays),
      horizon: z.number().int().nullable(),
      people: z.array(z.string()),
      cases: z.array(z.tuple([z.string(), RetainedCaseJson])),
      folded: FoldedConnectionsJson,
      latestOccurredAt: z.number().int().nullable(),
    })
    .superRefine((json, context) => {
      if (new Set(json.people).size !== json.people.length)
        context.addIssue({ code: "custom", path: ["people"], message: "a person is listed twice" });
      const unknown = (person: number) => person >= json.people.length;
      json.cases.forEach(([, retained], row) => {
        if (unknown(retained.person)) context.addIssue({ code: "custom", path: ["cases", row, 1, "person"], message: "no such person" });
      });
      json.folded.connections.forEach((connection, row) => {
        if (unknown(connection[2]))
          context.addIssue({ code: "custom", path: ["folded", "connections", row, 2], message: "no such person" });
      });
    });
  type CommunityDemandJson = z.infer<typeof CommunityDemandJson>;
  return E.right({
    name: "community-demand",
    version: 2,
    initialState: () => ({
      people: internedIds(),
      cases: new Map(),
      retention: createRetention(resolved.retentionDays),
      folded: foldedConnections(),
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, fold),
    codec: snapshotCodec(
      CommunityDemandJson,
      (state): CommunityDemandJson => ({
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        people: internedIdList(state.people),
        cases: [...state.cases],
        folded: foldedConnectionsToJson(state.folded),
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => {
        const cases = new Map<string, RetainedCase>(json.cases);
        const ended = [...cases].flatMap(([caseId, retained]): [string, number][] =>
          retained.endedAt === null ? [] : [[caseId, retained.endedAt]],
        );
        return {
          people: internedIds(json.people),
          cases,
          retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
          folded: foldedConnectionsFromJson(json.folded),
          latestOccurredAt: json.latestOccurredAt,
        };
      },
    ),
  });
}
