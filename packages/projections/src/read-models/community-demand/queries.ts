import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { SupportCategory } from "@linkwork/core/vocabulary";
import { type DomainError } from "@linkwork/core";
import { ConnectionMode } from "@linkwork/core/vocabulary";
import { monthOf, monthStart, type CalendarMonth } from "../shared/calendar-month.js";
import { foldedConnectionList, outcomesSoFar, type OutcomeSoFar } from "./folded-connections.js";
import { providerSideAt, providerStatusesSoFar, type ProviderStatusSoFar } from "./provider-status.js";
import { reportPeriod, withinPeriod, type ReportPeriod } from "../shared/report-period.js";
import { periodRetained } from "../shared/retention.js";
import {
  type ProviderDemandFigures,
  CommunityDemandOptions,
  type CommunityDemandReport,
  type ProviderDemandRow,
  type ProviderMonthDemandRow,
} from "./reports.js";
import type { Connection, CommunityDemandState } from "./state.js";

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
  readonly status: ProviderStatusSoFar;
  readonly attended: boolean;
}

function figures(connections: readonly Counted[]): ProviderDemandFigures {
  const byMode = Object.fromEntries(ConnectionMode.options.map((mode) => [mode, 0])) as Record<ConnectionMode, number>;
  const byOutcome = Object.fromEntries(outcomesSoFar.map((outcome) => [outcome, 0])) as Record<OutcomeSoFar, number>;
  const byProviderStatus = Object.fromEntries(providerStatusesSoFar.map((status) => [status, 0])) as Record<ProviderStatusSoFar, number>;
  let attended = 0;
  const byActivity = new Map<SupportCategory, number>();
  for (const connection of connections) {
    byMode[connection.mode] += 1;
    byOutcome[connection.outcome] += 1;
    byProviderStatus[connection.status] += 1;
    if (connection.attended) attended += 1;
    byActivity.set(connection.activity, (byActivity.get(connection.activity) ?? 0) + 1);
  }
  return {
    connections: connections.length,
    people: new Set(connections.map((connection) => connection.person)).size,
    byMode,
    byOutcome,
    byProviderStatus,
    attended,
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
      yield {
        providerId,
        month: monthOf(connection.madeAt),
        person,
        activity,
        mode,
        outcome: outcomeAt(connection, period.asOf),
        ...providerSideAt(connection.providerReports, period.asOf),
      };
    }
  }
  // Folded connections were all made before the horizon, hence by asOf; periodRetained has made
  // "the month starts at or after from" the same as "made at or after from".
  for (const folded of foldedConnectionList(state.folded)) {
    if ((pcnId !== undefined && folded.pcnId !== pcnId) || (period.from !== null && monthStart(folded.month) < period.from)) continue;
    yield folded;
  }
}

/** Erased connections made in the period (and PCN, when given), retained or folded, and the distinct people who made them. */
function erasedConnections(
  state: CommunityDemandState,
  period: ReportPeriod,
  pcnId: string | undefined,
): { readonly connections: number; readonly people: number } {
  let connections = 0;
  const people = new Set<number>();
  for (const retained of state.cases.values()) {
    if (retained.erased === null || (pcnId !== undefined && retained.pcnId !== pcnId)) continue;
    for (const { madeAt } of retained.erased) {
      if (!withinPeriod(madeAt, period)) continue;
      connections += 1;
      people.add(retained.person);
    }
  }
  // As for folded connections: periodRetained makes a month's start the test for `from`.
  for (const [key, byPerson] of state.foldedErased) {
    const [pcn = "", month = ""] = key.split(" ");
    if ((pcnId !== undefined && pcn !== pcnId) || (period.from !== null && monthStart(month) < period.from)) continue;
    for (const [person, count] of byPerson) {
      connections += count;
      people.add(person);
    }
  }
  return { connections, people: people.size };
}

const erasedFigures = ({ connections, people }: { readonly connections: number; readonly people: number }) => ({
  erased: connections,
  erasedPeople: people,
});

/** Connections made in the period (and PCN, when given), grouped by a key, keys in order. */
function grouped(
  state: CommunityDemandState,
  options: CommunityDemandOptions,
  keyOf: (connection: Counted) => string,
): E.Either<DomainError, { readonly report: Omit<CommunityDemandReport<never>, "rows">; readonly groups: [string, Counted[]][] }> {
  return pipe(
    reportPeriod(CommunityDemandOptions, options, state.latestOccurredAt),
    E.tap(({ period }) => periodRetained(state.retention, period)),
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
          ...erasedFigures(erasedConnections(state, period, pcnId)),
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
