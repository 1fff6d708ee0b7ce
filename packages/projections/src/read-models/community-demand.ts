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
import { monthOf, type CalendarMonth } from "./calendar-month.js";
import { PeriodOptions, reportPeriod, withinPeriod } from "./report-period.js";
import { snapshotCodec } from "./snapshot-codec.js";
import { occurredAtMs } from "./occurred-at.js";
import { streamEntity } from "./stream-entity.js";

/** The read model has no settings yet; the empty schema still refuses unknown ones. */
export const CommunityDemandSettings = z.strictObject({});
export type CommunityDemandSettingsInput = z.input<typeof CommunityDemandSettings>;

interface Connection {
  readonly caseId: string;
  readonly pcnId: string;
  readonly personId: string;
  readonly providerId: string;
  readonly activity: SupportCategory;
  readonly mode: ConnectionMode;
  readonly madeAt: number;
  /** Every outcome recorded, in order: the latest at or before asOf is the connection's outcome. */
  readonly outcomes: { readonly at: number; readonly outcome: ConnectionOutcome }[];
}

export interface CommunityDemandState {
  /** The PCN and person of each case, for the connections made in it. */
  readonly cases: Map<string, { readonly pcnId: string; readonly personId: string }>;
  /** Keyed `<caseId>/<connectionId>`: connection ids are unique only within their case. */
  readonly connections: Map<string, Connection>;
  latestOccurredAt: number | null;
}

export const CommunityDemandOptions = PeriodOptions.extend({
  /** Only connections made in cases of this PCN. */
  pcnId: OpaqueId.optional(),
});
export type CommunityDemandOptions = z.input<typeof CommunityDemandOptions>;

export type OutcomeSoFar = ConnectionOutcome | "no_outcome_yet";
export const outcomesSoFar: readonly OutcomeSoFar[] = [...ConnectionOutcome.options, "no_outcome_yet"];

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

const connectionKey = (caseId: string, connectionId: string): string => `${caseId}/${connectionId}`;

function apply(state: CommunityDemandState, recorded: RecordedEvent): CommunityDemandState {
  const { event } = recorded;
  const at = occurredAtMs(event.metadata);
  state.latestOccurredAt = state.latestOccurredAt === null ? at : Math.max(state.latestOccurredAt, at);
  const caseId = streamEntity(recorded.streamId);
  switch (event.type) {
    case "ReferralReceived":
      if (!state.cases.has(caseId)) state.cases.set(caseId, { pcnId: event.data.pcnId, personId: event.data.personId });
      return state;
    case "ConnectionMade": {
      const known = state.cases.get(caseId);
      const key = connectionKey(caseId, event.data.connectionId);
      if (known === undefined || state.connections.has(key)) return state;
      state.connections.set(key, {
        caseId,
        pcnId: known.pcnId,
        personId: known.personId,
        providerId: event.data.providerId,
        activity: event.data.activity,
        mode: event.data.mode,
        madeAt: at,
        outcomes: [],
      });
      return state;
    }
    case "ConnectionOutcomeRecorded":
      state.connections.get(connectionKey(caseId, event.data.connectionId))?.outcomes.push({ at, outcome: event.data.outcome });
      return state;
    case "ReferralAccepted":
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
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
    case "CaseClosed":
    case "HealthcareUsageRecorded":
    case "ComparisonCohortEnrolled":
    case "PcnListSizeRecorded":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
    case "LinkWorkerLeft":
      return state;
  }
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function outcomeAt(connection: Connection, asOf: number): OutcomeSoFar {
  let latest: OutcomeSoFar = "no_outcome_yet";
  for (const recorded of connection.outcomes) if (recorded.at <= asOf) latest = recorded.outcome;
  return latest;
}

function figures(connections: readonly Connection[], asOf: number): ProviderDemandFigures {
  const byMode = Object.fromEntries(ConnectionMode.options.map((mode) => [mode, 0])) as Record<ConnectionMode, number>;
  const byOutcome = Object.fromEntries(outcomesSoFar.map((outcome) => [outcome, 0])) as Record<OutcomeSoFar, number>;
  const byActivity = new Map<SupportCategory, number>();
  for (const connection of connections) {
    byMode[connection.mode] += 1;
    byOutcome[outcomeAt(connection, asOf)] += 1;
    byActivity.set(connection.activity, (byActivity.get(connection.activity) ?? 0) + 1);
  }
  return {
    connections: connections.length,
    people: new Set(connections.map((connection) => connection.personId)).size,
    byMode,
    byOutcome,
    byActivity: [...byActivity.keys()].sort(byKey).map((activity) => ({ activity, connections: byActivity.get(activity) ?? 0 })),
  };
}

/** Connections made in the period (and PCN, when given), grouped by a key, keys in order. */
function grouped(
  state: CommunityDemandState,
  options: CommunityDemandOptions,
  keyOf: (connection: Connection) => string,
): E.Either<
  DomainError,
  { readonly report: Omit<CommunityDemandReport<never>, "rows">; readonly asOf: number; readonly groups: [string, Connection[]][] }
> {
  return pipe(
    reportPeriod(CommunityDemandOptions, options, state.latestOccurredAt),
    E.map(({ options: { pcnId }, period }) => {
      const groups = new Map<string, Connection[]>();
      for (const connection of state.connections.values()) {
        if (!withinPeriod(connection.madeAt, period) || (pcnId !== undefined && connection.pcnId !== pcnId)) continue;
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
        asOf: period.asOf,
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
    E.map(({ report, asOf, groups }) => ({
      ...report,
      rows: groups.map(([providerId, connections]) => ({ providerId, ...figures(connections, asOf) })),
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
    grouped(state, options, (connection) => `${connection.providerId} ${monthOf(connection.madeAt)}`),
    E.map(({ report, asOf, groups }) => ({
      ...report,
      rows: groups.map(([key, connections]) => {
        const [providerId = "", month = ""] = key.split(" ");
        return { providerId, month, ...figures(connections, asOf) };
      }),
    })),
  );
}

const CommunityDemandJson = z.object({
  cases: z.array(z.tuple([z.string(), z.object({ pcnId: z.string(), personId: z.string() })])),
  connections: z.array(
    z.object({
      caseId: z.string(),
      connectionId: z.string(),
      pcnId: z.string(),
      personId: z.string(),
      providerId: z.string(),
      activity: SupportCategory,
      mode: ConnectionMode,
      madeAt: z.number().int(),
      outcomes: z.array(z.object({ at: z.number().int(), outcome: ConnectionOutcome })),
    }),
  ),
  latestOccurredAt: z.number().int().nullable(),
});
type CommunityDemandJson = z.infer<typeof CommunityDemandJson>;

/**
 * The community organisation demand read model: how many connections, and people, each provider
 * absorbed, by support mode (signposted, referred, accompanied), outcome and activity, per month.
 */
export function communityDemandProjection(
  settings: CommunityDemandSettingsInput = {},
): E.Either<DomainError, Projection<CommunityDemandState>> {
  const parsed = CommunityDemandSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("community demand settings", parsed.error));
  return E.right({
    name: "community-demand",
    version: 1,
    initialState: () => ({ cases: new Map(), connections: new Map(), latestOccurredAt: null }),
    apply,
    codec: snapshotCodec(
      CommunityDemandJson,
      (state): CommunityDemandJson => ({
        cases: [...state.cases],
        connections: [...state.connections].map(([key, connection]) => ({
          ...connection,
          connectionId: key.slice(connection.caseId.length + 1),
        })),
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => ({
        cases: new Map(json.cases),
        connections: new Map(
          json.connections.map(({ connectionId, ...connection }) => [connectionKey(connection.caseId, connectionId), connection]),
        ),
        latestOccurredAt: json.latestOccurredAt,
      }),
    ),
  });
}
