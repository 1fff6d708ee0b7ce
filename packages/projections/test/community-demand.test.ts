import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectionMode, type RecordedEvent } from "@linkwork/core";
import {
  communityDemandByProvider,
  communityDemandByProviderMonth,
  communityDemandProjection,
  outcomesSoFar,
  type OutcomeSoFar,
  type ProviderDemandFigures,
} from "../src/index.js";
import {
  arbitraryReportCase,
  asOfWithin,
  command,
  groupedByStream,
  project,
  recordedHistory,
  referral,
  refusedPaths,
  right,
} from "./read-model-history.js";

const projection = right(communityDemandProjection());

const connect = (caseId: string, at: string, connectionId: string, goalId: string, providerId: string, activity: string, mode: string) =>
  command("MakeConnection", at, { caseId, connectionId, goalId, providerId, activity, mode });
const outcome = (caseId: string, at: string, connectionId: string, result: string) =>
  command("RecordConnectionOutcome", at, { caseId, connectionId, outcome: result });

/**
 * d1 (PCN a, person p1): k1 lunch club (referred, befriending): waiting list, attended, ongoing;
 * k2 walking group (accompanied): attended; k3 lunch club again (signposted, arts) in February.
 * d2 (PCN b, person p2): its own k1 to the lunch club (signposted): did not attend, then dropped out.
 */
const scenario = [
  referral("d1", "2024-01-02T09:00:00Z", { personId: "p1" }),
  command("AcceptReferral", "2024-01-02T10:00:00Z", { caseId: "d1", linkWorkerId: "lw-1" }),
  command("HoldConversation", "2024-01-03T09:00:00Z", { caseId: "d1", mode: "face_to_face", minutes: 60 }),
  command("AgreePlan", "2024-01-04T09:00:00Z", {
    caseId: "d1",
    goals: [
      { goalId: "g1", need: "loneliness" },
      { goalId: "g2", need: "physical_activity_lifestyle" },
    ],
  }),
  connect("d1", "2024-01-05T09:00:00Z", "k1", "g1", "lunch-club", "social_connection_befriending", "referred"),
  connect("d1", "2024-01-06T09:00:00Z", "k2", "g2", "walking-group", "physical_activity", "accompanied"),
  outcome("d1", "2024-01-10T09:00:00Z", "k1", "waiting_list"),
  referral("d2", "2024-01-10T09:00:00Z", { personId: "p2", pcnId: "pcn-b" }),
  command("AcceptReferral", "2024-01-10T10:00:00Z", { caseId: "d2", linkWorkerId: "lw-2" }),
  command("HoldConversation", "2024-01-11T09:00:00Z", { caseId: "d2", mode: "phone", minutes: 30 }),
  command("AgreePlan", "2024-01-12T09:00:00Z", { caseId: "d2", goals: [{ goalId: "g1", need: "mental_wellbeing" }] }),
  outcome("d1", "2024-01-13T09:00:00Z", "k2", "attended"),
  connect("d2", "2024-01-15T09:00:00Z", "k1", "g1", "lunch-club", "social_connection_befriending", "signposted"),
  outcome("d1", "2024-01-20T09:00:00Z", "k1", "attended"),
  outcome("d2", "2024-01-30T09:00:00Z", "k1", "did_not_attend"),
  connect("d1", "2024-02-03T09:00:00Z", "k3", "g1", "lunch-club", "arts_culture", "signposted"),
  outcome("d1", "2024-02-15T09:00:00Z", "k1", "ongoing"),
  outcome("d2", "2024-02-20T09:00:00Z", "k1", "dropped_out"),
];

const modes = (counts: Partial<Record<ConnectionMode, number>>) => ({ signposted: 0, referred: 0, accompanied: 0, ...counts });
const outcomes = (counts: Partial<Record<OutcomeSoFar, number>>) => ({
  ...(Object.fromEntries(outcomesSoFar.map((kind) => [kind, 0])) as Record<OutcomeSoFar, number>),
  ...counts,
});

describe("community demand: a hand-computed example", () => {
  it("reports each provider's connections and people by mode, latest outcome and activity", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(communityDemandByProvider(state));
    expect(report.asOf).toBe("2024-02-20T09:00:00.000Z");
    expect(report.rows).toEqual([
      {
        providerId: "lunch-club",
        connections: 3, // d1/k1, d1/k3, d2/k1: the two k1s are different connections
        people: 2, // p1 twice, p2
        byMode: modes({ referred: 1, signposted: 2 }),
        byOutcome: outcomes({ ongoing: 1, dropped_out: 1, no_outcome_yet: 1 }), // latest of each
        byActivity: [
          { activity: "arts_culture", connections: 1 },
          { activity: "social_connection_befriending", connections: 2 },
        ],
      },
      {
        providerId: "walking-group",
        connections: 1,
        people: 1,
        byMode: modes({ accompanied: 1 }),
        byOutcome: outcomes({ attended: 1 }),
        byActivity: [{ activity: "physical_activity", connections: 1 }],
      },
    ]);
  });

  it("splits by the month the connection was made", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const rows = right(communityDemandByProviderMonth(state)).rows;
    expect(rows.map((row) => [row.providerId, row.month, row.connections, row.people])).toEqual([
      ["lunch-club", "2024-01", 2, 2],
      ["lunch-club", "2024-02", 1, 1],
      ["walking-group", "2024-01", 1, 1],
    ]);
    expect(rows[0]).toMatchObject<Partial<ProviderDemandFigures>>({
      byMode: modes({ referred: 1, signposted: 1 }),
      byOutcome: outcomes({ ongoing: 1, dropped_out: 1 }),
    });
  });

  it("takes each connection's outcome as it stood at asOf, and filters by PCN", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const january = right(communityDemandByProvider(state, { asOf: "2024-01-31T00:00:00Z" })).rows;
    // k3 not made yet; d1/k1 had attended (01-20), d2/k1 had not attended (01-30).
    expect(january[0]).toMatchObject({ providerId: "lunch-club", connections: 2, byOutcome: outcomes({ attended: 1, did_not_attend: 1 }) });
    const pcnB = right(communityDemandByProvider(state, { pcnId: "pcn-b" }));
    expect(pcnB.pcnId).toBe("pcn-b");
    expect(pcnB.rows.map((row) => [row.providerId, row.connections])).toEqual([["lunch-club", 1]]);
    const february = right(communityDemandByProvider(state, { from: "2024-02-01T00:00:00Z" })).rows;
    expect(february.map((row) => [row.providerId, row.connections, row.byOutcome.no_outcome_yet])).toEqual([["lunch-club", 1, 1]]);
  });
});

describe("community demand: settings, options and snapshots", () => {
  it("refuses unknown settings and bad options", () => {
    expect(refusedPaths(communityDemandProjection({ providers: [] } as never))).toEqual(["(root)"]);
    expect(refusedPaths(communityDemandByProvider(projection.initialState(), { asOf: "2024-01-01T00:00:00Z", pcnId: "" }))).toEqual([
      "pcnId",
    ]);
  });

  it("round-trips a snapshot, keeping connections of different cases with the same id apart", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const codec = projection.codec!;
    const restored = right(codec.decode(codec.encode(state)));
    expect(restored.connections.size).toBe(4);
    expect(right(communityDemandByProviderMonth(restored))).toEqual(right(communityDemandByProviderMonth(state)));
    expect(codec.decode(codec.encode(state).replace('"mode":"accompanied"', '"mode":"carried"'))).toMatchObject({ _tag: "Left" });
  });
});

// ---- The reference: connections and their outcomes read straight off the events. ----

function referenceDemand(events: readonly RecordedEvent[], from: number | null, asOf: number, pcnId: string | undefined, monthly: boolean) {
  const referrals = new Map<string, { pcnId: string; personId: string }>();
  const made: {
    key: string;
    stream: string;
    connectionId: string;
    providerId: string;
    month: string;
    mode: ConnectionMode;
    activity: string;
    person: string;
  }[] = [];
  const latest = new Map<string, OutcomeSoFar>();
  for (const recorded of events) {
    const { event } = recorded;
    const time = Date.parse(event.metadata.occurredAt);
    if (time > asOf) continue;
    if (event.type === "ReferralReceived") referrals.set(recorded.streamId, { pcnId: event.data.pcnId, personId: event.data.personId });
    if (event.type === "ConnectionOutcomeRecorded") latest.set(`${recorded.streamId}#${event.data.connectionId}`, event.data.outcome);
    if (event.type !== "ConnectionMade" || (from !== null && time < from)) continue;
    const referralData = referrals.get(recorded.streamId);
    if (referralData === undefined || (pcnId !== undefined && referralData.pcnId !== pcnId)) continue;
    const month = event.metadata.occurredAt.slice(0, 7);
    made.push({
      key: monthly ? `${event.data.providerId} ${month}` : event.data.providerId,
      stream: recorded.streamId,
      connectionId: event.data.connectionId,
      providerId: event.data.providerId,
      month,
      mode: event.data.mode,
      activity: event.data.activity,
      person: referralData.personId,
    });
  }
  const keys = [...new Set(made.map((connection) => connection.key))].sort();
  return keys.map((key) => {
    const mine = made.filter((connection) => connection.key === key);
    const activities = [...new Set(mine.map((connection) => connection.activity))].sort();
    const byOutcome = outcomes({});
    for (const connection of mine) byOutcome[latest.get(`${connection.stream}#${connection.connectionId}`) ?? "no_outcome_yet"] += 1;
    return {
      providerId: mine[0]?.providerId,
      ...(monthly ? { month: mine[0]?.month } : {}),
      connections: mine.length,
      people: new Set(mine.map((connection) => connection.person)).size,
      byMode: modes(
        Object.fromEntries(ConnectionMode.options.map((mode) => [mode, mine.filter((connection) => connection.mode === mode).length])),
      ),
      byOutcome,
      byActivity: activities.map((activity) => ({
        activity,
        connections: mine.filter((connection) => connection.activity === activity).length,
      })),
    };
  });
}

describe("community demand: agrees with a recomputation from the events", () => {
  it("for random histories, periods and PCNs, whatever the streams' interleaving, and after a snapshot", async () => {
    const generated = fc.record({
      report: arbitraryReportCase(),
      fromDaysBefore: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
      pcn: fc.option(fc.nat(), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(generated, async ({ report: { history, asOfPicks }, fromDaysBefore, pcn }) => {
        const events = await recordedHistory(history.commands, history.policy);
        const state = project(projection, events);
        const regrouped = project(projection, groupedByStream(events));
        const codec = projection.codec!;
        const restored = right(codec.decode(codec.encode(state)));
        const pcnId = pcn === null ? undefined : history.pcnIds[pcn % history.pcnIds.length];
        for (const pick of asOfPicks) {
          const asOf = asOfWithin(events, pick);
          const from = fromDaysBefore === null ? null : Date.parse(asOf) - fromDaysBefore * 86_400_000;
          const options = {
            asOf,
            ...(from === null ? {} : { from: new Date(from).toISOString() }),
            ...(pcnId === undefined ? {} : { pcnId }),
          };
          const byProvider = right(communityDemandByProvider(state, options)).rows;
          expect(byProvider).toEqual(referenceDemand(events, from, Date.parse(asOf), pcnId, false));
          const byMonth = right(communityDemandByProviderMonth(state, options)).rows;
          expect(byMonth).toEqual(referenceDemand(events, from, Date.parse(asOf), pcnId, true));
          expect(right(communityDemandByProviderMonth(regrouped, options)).rows).toEqual(byMonth);
          expect(right(communityDemandByProvider(restored, options)).rows).toEqual(byProvider);
        }
      }),
      { numRuns: 100 },
    );
  });
});
