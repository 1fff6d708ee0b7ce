import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { type RecordedEvent } from "@linkwork/core";
import { ConnectionMode } from "@linkwork/core/vocabulary";
import { notErased } from "@linkwork/core/testing";
import {
  communityDemandByProvider,
  communityDemandByProviderMonth,
  communityDemandProjection,
  outcomesSoFar,
  providerStatusesSoFar,
  type OutcomeSoFar,
  type ProviderStatusSoFar,
  type ProviderDemandFigures,
} from "../../src/index.js";
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
  projectedEveryWay,
  resumedFromSnapshot,
  retentionQueries,
} from "./read-model-history.js";
import { foldedConnectionList } from "../../src/read-models/community-demand/folded-connections.js";
import { DEFAULT_RETENTION_DAYS } from "../../src/read-models/shared/retention.js";

const projection = right(communityDemandProjection());
/** Keeps every case in detail: the reference the folded read model must agree with. */
const keepingAll = right(communityDemandProjection({ retentionDays: "all" }));

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
  referral("case_d1", "2024-01-02T09:00:00Z", { personId: "person_p1" }),
  command("AcceptReferral", "2024-01-02T10:00:00Z", { caseId: "case_d1", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-03T09:00:00Z", { caseId: "case_d1", mode: "face_to_face", minutes: 60 }),
  command("AgreePlan", "2024-01-04T09:00:00Z", {
    caseId: "case_d1",
    goals: [
      { goalId: "g1", need: "loneliness" },
      { goalId: "g2", need: "physical_activity_lifestyle" },
    ],
  }),
  connect("case_d1", "2024-01-05T09:00:00Z", "k1", "g1", "prov_lunchclub1", "social_connection_befriending", "referred"),
  connect("case_d1", "2024-01-06T09:00:00Z", "k2", "g2", "prov_walkinggroup1", "physical_activity", "accompanied"),
  outcome("case_d1", "2024-01-10T09:00:00Z", "k1", "waiting_list"),
  referral("case_d2", "2024-01-10T09:00:00Z", { personId: "person_p2", pcnId: "U00002" }),
  command("AcceptReferral", "2024-01-10T10:00:00Z", { caseId: "case_d2", linkWorkerId: "lw_w2" }),
  command("HoldConversation", "2024-01-11T09:00:00Z", { caseId: "case_d2", mode: "phone", minutes: 30 }),
  command("AgreePlan", "2024-01-12T09:00:00Z", { caseId: "case_d2", goals: [{ goalId: "g1", need: "mental_wellbeing" }] }),
  outcome("case_d1", "2024-01-13T09:00:00Z", "k2", "attended"),
  connect("case_d2", "2024-01-15T09:00:00Z", "k1", "g1", "prov_lunchclub1", "social_connection_befriending", "signposted"),
  outcome("case_d1", "2024-01-20T09:00:00Z", "k1", "attended"),
  outcome("case_d2", "2024-01-30T09:00:00Z", "k1", "did_not_attend"),
  connect("case_d1", "2024-02-03T09:00:00Z", "k3", "g1", "prov_lunchclub1", "arts_culture", "signposted"),
  outcome("case_d1", "2024-02-15T09:00:00Z", "k1", "ongoing"),
  outcome("case_d2", "2024-02-20T09:00:00Z", "k1", "dropped_out"),
];

const modes = (counts: Partial<Record<ConnectionMode, number>>) => ({ signposted: 0, referred: 0, accompanied: 0, ...counts });
const outcomes = (counts: Partial<Record<OutcomeSoFar, number>>) => ({
  ...(Object.fromEntries(outcomesSoFar.map((kind) => [kind, 0])) as Record<OutcomeSoFar, number>),
  ...counts,
});

const statuses = (counts: Partial<Record<ProviderStatusSoFar, number>>): Record<ProviderStatusSoFar, number> => ({
  ...(Object.fromEntries(providerStatusesSoFar.map((kind) => [kind, 0])) as Record<ProviderStatusSoFar, number>),
  ...counts,
});

describe("community demand: a hand-computed example", () => {
  it("reports each provider's connections and people by mode, latest outcome and activity", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(communityDemandByProvider(state));
    expect(report.asOf).toBe("2024-02-20T09:00:00.000Z");
    expect(report.rows).toEqual([
      {
        providerId: "prov_lunchclub1",
        connections: 3, // d1/k1, d1/k3, d2/k1: the two k1s are different connections
        people: 2, // p1 twice, p2
        byMode: modes({ referred: 1, signposted: 2 }),
        byOutcome: outcomes({ ongoing: 1, dropped_out: 1, no_outcome_yet: 1 }), // latest of each
        byProviderStatus: statuses({ awaiting: 3 }), // the provider reported nothing
        attended: 0,
        byActivity: [
          { activity: "arts_culture", connections: 1 },
          { activity: "social_connection_befriending", connections: 2 },
        ],
      },
      {
        providerId: "prov_walkinggroup1",
        connections: 1,
        people: 1,
        byMode: modes({ accompanied: 1 }),
        byOutcome: outcomes({ attended: 1 }),
        byProviderStatus: statuses({ awaiting: 1 }),
        attended: 0,
        byActivity: [{ activity: "physical_activity", connections: 1 }],
      },
    ]);
  });

  it("splits by the month the connection was made", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const rows = right(communityDemandByProviderMonth(state)).rows;
    expect(rows.map((row) => [row.providerId, row.month, row.connections, row.people])).toEqual([
      ["prov_lunchclub1", "2024-01", 2, 2],
      ["prov_lunchclub1", "2024-02", 1, 1],
      ["prov_walkinggroup1", "2024-01", 1, 1],
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
    expect(january[0]).toMatchObject({
      providerId: "prov_lunchclub1",
      connections: 2,
      byOutcome: outcomes({ attended: 1, did_not_attend: 1 }),
    });
    const pcnB = right(communityDemandByProvider(state, { pcnId: "U00002" }));
    expect(pcnB.pcnId).toBe("U00002");
    expect(pcnB.rows.map((row) => [row.providerId, row.connections])).toEqual([["prov_lunchclub1", 1]]);
    const february = right(communityDemandByProvider(state, { from: "2024-02-01T00:00:00Z" })).rows;
    expect(february.map((row) => [row.providerId, row.connections, row.byOutcome.no_outcome_yet])).toEqual([["prov_lunchclub1", 1, 1]]);
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
    expect([...restored.cases.values()].reduce((count, retained) => count + (retained.connections?.length ?? 0), 0)).toBe(4);
    expect(right(communityDemandByProviderMonth(restored))).toEqual(right(communityDemandByProviderMonth(state)));
    expect(codec.decode(codec.encode(state).replace('"mode":"accompanied"', '"mode":"carried"'))).toMatchObject({ _tag: "Left" });
  });
});

describe("community demand: what providers report back", () => {
  it("counts each connection under where it stands with its provider, and those attended at least once", async () => {
    // c1: k1 to the choir accepted, attended, finished; k2 to the choir declined; k3 to the choir waitlisted.
    const update = (at: string, connectionId: string, what: string, reason?: string) =>
      command("RecordProviderUpdate", at, { caseId: "case_c1", connectionId, update: what, ...(reason === undefined ? {} : { reason }) });
    const history = [
      referral("case_c1", "2024-03-01T09:00:00Z"),
      command("AcceptReferral", "2024-03-01T10:00:00Z", { caseId: "case_c1", linkWorkerId: "lw_w1" }),
      command("HoldConversation", "2024-03-02T09:00:00Z", { caseId: "case_c1", mode: "phone", minutes: 30 }),
      command("AgreePlan", "2024-03-02T10:00:00Z", { caseId: "case_c1", goals: [{ goalId: "g1", need: "loneliness" }] }),
      connect("case_c1", "2024-03-03T09:00:00Z", "k1", "g1", "prov_choir1", "arts_culture", "referred"),
      connect("case_c1", "2024-03-03T10:00:00Z", "k2", "g1", "prov_choir1", "arts_culture", "referred"),
      connect("case_c1", "2024-03-03T11:00:00Z", "k3", "g1", "prov_choir1", "arts_culture", "referred"),
      update("2024-03-04T09:00:00Z", "k1", "accepted"),
      update("2024-03-04T10:00:00Z", "k2", "declined", "at_capacity"),
      update("2024-03-04T11:00:00Z", "k3", "waitlisted"),
      update("2024-03-11T09:00:00Z", "k1", "attended"),
      update("2024-04-30T09:00:00Z", "k1", "finished"),
    ];
    const state = project(projection, await recordedHistory(history));
    const [row] = right(communityDemandByProvider(state)).rows;
    expect(row).toMatchObject({ connections: 3, attended: 1, byProviderStatus: statuses({ finished: 1, declined: 1, waitlisted: 1 }) });
    // As of before the first session: k1 accepted and not yet attended.
    const [early] = right(communityDemandByProvider(state, { asOf: "2024-03-05T00:00:00Z" })).rows;
    expect(early).toMatchObject({ attended: 0, byProviderStatus: statuses({ accepted: 1, declined: 1, waitlisted: 1 }) });
    // Through a snapshot; and folded once the case ended long enough ago, the provider's side stays.
    const codec = projection.codec!;
    expect(communityDemandByProvider(right(codec.decode(codec.encode(state))))).toEqual(communityDemandByProvider(state));
    const ended = await recordedHistory([
      ...history,
      command("CloseCase", "2024-05-01T09:00:00Z", { caseId: "case_c1", reason: "connected_to_support" }),
      referral("case_c9", "2024-09-01T09:00:00Z"),
    ]);
    const folding = right(communityDemandProjection({ retentionDays: 30 }));
    const folded = project(folding, ended);
    expect(folded.cases.has("case_c1")).toBe(false);
    expect(communityDemandByProvider(folded)).toEqual(communityDemandByProvider(project(keepingAll, ended)));
    expect(right(communityDemandByProvider(folded)).rows[0]).toMatchObject({
      attended: 1,
      byProviderStatus: statuses({ finished: 1, declined: 1, waitlisted: 1 }),
    });
    expect(communityDemandByProvider(right(folding.codec!.decode(folding.codec!.encode(folded))))).toEqual(
      communityDemandByProvider(folded),
    );
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
  // The provider's side, as the domain describes it: a reply (accepted, declined, waitlisted), sessions, an end.
  const providerSide = new Map<string, { status: ProviderStatusSoFar; attended: boolean }>();
  const afterUpdate: Record<string, ProviderStatusSoFar | null> = {
    accepted: "accepted",
    declined: "declined",
    waitlisted: "waitlisted",
    attended: null,
    did_not_attend: null,
    finished: "finished",
  };
  for (const recorded of events) {
    const { event } = recorded;
    const time = Date.parse(event.metadata.occurredAt);
    if (time > asOf) continue;
    if (event.type === "ReferralReceived") referrals.set(recorded.streamId, { pcnId: event.data.pcnId, personId: event.data.personId });
    if (event.type === "ConnectionOutcomeRecorded") latest.set(`${recorded.streamId}#${event.data.connectionId}`, event.data.outcome);
    if (event.type === "ProviderUpdateRecorded") {
      const key = `${recorded.streamId}#${event.data.connectionId}`;
      const side = providerSide.get(key) ?? { status: "awaiting", attended: false };
      providerSide.set(key, {
        status: afterUpdate[event.data.update] ?? side.status,
        attended: side.attended || event.data.update === "attended",
      });
    }
    if (event.type !== "ConnectionMade" || (from !== null && time < from)) continue;
    const referralData = referrals.get(recorded.streamId);
    if (referralData === undefined || (pcnId !== undefined && referralData.pcnId !== pcnId)) continue;
    const month = event.metadata.occurredAt.slice(0, 7);
    made.push({
      key: monthly ? `${notErased(event.data.providerId)} ${month}` : notErased(event.data.providerId),
      stream: recorded.streamId,
      connectionId: event.data.connectionId,
      providerId: notErased(event.data.providerId),
      month,
      mode: event.data.mode,
      activity: notErased(event.data.activity),
      person: referralData.personId,
    });
  }
  const keys = [...new Set(made.map((connection) => connection.key))].sort();
  return keys.map((key) => {
    const mine = made.filter((connection) => connection.key === key);
    const activities = [...new Set(mine.map((connection) => connection.activity))].sort();
    const byOutcome = outcomes({});
    for (const connection of mine) byOutcome[latest.get(`${connection.stream}#${connection.connectionId}`) ?? "no_outcome_yet"] += 1;
    const byProviderStatus = statuses({});
    let attended = 0;
    for (const connection of mine) {
      const side = providerSide.get(`${connection.stream}#${connection.connectionId}`);
      byProviderStatus[side?.status ?? "awaiting"] += 1;
      if (side?.attended === true) attended += 1;
    }
    return {
      providerId: mine[0]?.providerId,
      ...(monthly ? { month: mine[0]?.month } : {}),
      connections: mine.length,
      people: new Set(mine.map((connection) => connection.person)).size,
      byMode: modes(
        Object.fromEntries(ConnectionMode.options.map((mode) => [mode, mine.filter((connection) => connection.mode === mode).length])),
      ),
      byOutcome,
      byProviderStatus,
      attended,
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
        // Reports as of any instant of the history, so it keeps every case (retention has its own property).
        const { state, regrouped, restored } = projectedEveryWay(keepingAll, events);
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

// ---- Retention: connections of ended cases folded into packed records answer exactly as their detail did. ----

/**
 * The example, then d1 closes (02-16) and the same person p1 is referred again (d3, PCN a) and
 * connected to the lunch club in February too; d3's outcome (02-21) moves the one-day horizon to
 * 02-20 09:00, folding d1 (its three connections) while d3 stays in detail.
 */
const withRepeatPerson = [
  ...scenario,
  command("CloseCase", "2024-02-16T09:00:00Z", { caseId: "case_d1", reason: "goals_met" }),
  referral("case_d3", "2024-02-17T09:00:00Z", { personId: "person_p1" }),
  command("AcceptReferral", "2024-02-17T10:00:00Z", { caseId: "case_d3", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-02-18T09:00:00Z", { caseId: "case_d3", mode: "face_to_face", minutes: 40 }),
  command("AgreePlan", "2024-02-18T10:00:00Z", { caseId: "case_d3", goals: [{ goalId: "g1", need: "loneliness" }] }),
  connect("case_d3", "2024-02-19T09:00:00Z", "k1", "g1", "prov_lunchclub1", "arts_culture", "signposted"),
  outcome("case_d3", "2024-02-21T09:00:00Z", "k1", "attended"),
];

describe("community demand: retention", () => {
  it("keeps ended cases 92 days by default and refuses a bad retentionDays, naming it", () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(92);
    expect(projection.initialState().retention.days).toBe(92);
    for (const bad of [-1, 1.5, "forever"]) {
      expect(refusedPaths(communityDemandProjection({ retentionDays: bad as never }))).toEqual(["retentionDays"]);
    }
  });

  it("folds the connections of cases ended before the horizon, counting a person met in both once, and refuses earlier reports", async () => {
    const events = await recordedHistory(withRepeatPerson);
    const folding = right(communityDemandProjection({ retentionDays: 1 }));
    const state = project(folding, events);
    const everything = project(keepingAll, events);
    expect(state.retention.horizon).toBe(Date.parse("2024-02-20T09:00:00Z"));
    expect([...state.cases.keys()].sort()).toEqual(["case_d2", "case_d3"]);
    expect(state.folded.count).toBe(3);
    const accepted = [
      {},
      { from: "2024-02-01T00:00:00Z" },
      { from: "2024-01-01T00:00:00Z", pcnId: "U00001" },
      { from: "2024-02-20T12:00:00Z" },
      { asOf: "2024-02-20T09:00:00Z" },
    ];
    for (const options of accepted) {
      expect(right(communityDemandByProvider(state, options))).toEqual(right(communityDemandByProvider(everything, options)));
      expect(right(communityDemandByProviderMonth(state, options))).toEqual(right(communityDemandByProviderMonth(everything, options)));
    }
    // February at the lunch club: d1/k3 (folded) and d3/k1 (retained), both p1.
    const february = right(communityDemandByProviderMonth(state, { from: "2024-02-01T00:00:00Z" })).rows;
    expect(february.map((row) => [row.providerId, row.month, row.connections, row.people])).toEqual([["prov_lunchclub1", "2024-02", 2, 1]]);
    expect(february[0]?.byOutcome).toEqual(outcomes({ attended: 1, no_outcome_yet: 1 }));
    expect(right(communityDemandByProvider(state)).rows.map((row) => [row.providerId, row.connections, row.people])).toEqual([
      ["prov_lunchclub1", 4, 2],
      ["prov_walkinggroup1", 1, 1],
    ]);
    expect(refusedPaths(communityDemandByProvider(state, { asOf: "2024-02-20T08:59:59Z" }))).toEqual(["asOf"]);
    expect(refusedPaths(communityDemandByProviderMonth(state, { from: "2024-02-10T00:00:00Z" }))).toEqual(["from"]);
  });

  it("round-trips a folded state and refuses a snapshot taken under another retention", async () => {
    const events = await recordedHistory(withRepeatPerson);
    const folding = right(communityDemandProjection({ retentionDays: 1 }));
    const codec = folding.codec!;
    const uninterrupted = project(folding, events);
    let resumed = right(codec.decode(codec.encode(uninterrupted)));
    expect(codec.encode(resumed)).toBe(codec.encode(uninterrupted));
    // Fold d3 too, in both: a later event moves the horizon past its closure.
    const more = await recordedHistory([
      ...withRepeatPerson,
      command("CloseCase", "2024-02-22T09:00:00Z", { caseId: "case_d3", reason: "goals_met" }),
      outcome("case_d2", "2024-03-01T09:00:00Z", "k1", "completed"),
    ]);
    for (const recorded of more.slice(events.length)) resumed = folding.apply(resumed, recorded);
    const continued = project(folding, more);
    expect(resumed.folded.count).toBe(4);
    expect(right(communityDemandByProviderMonth(resumed))).toEqual(right(communityDemandByProviderMonth(continued)));
    expect(right(communityDemandByProviderMonth(resumed, { from: "2024-01-01T00:00:00Z" }))).toEqual(
      right(communityDemandByProviderMonth(project(keepingAll, more), { from: "2024-01-01T00:00:00Z" })),
    );
    const refused = right(communityDemandProjection({ retentionDays: 2 })).codec!.decode(codec.encode(continued));
    expect(E.isLeft(refused) && refused.left).toContain("retentionDays");
    // p2 (d2, retained) loses its entry in the list of people.
    const tampered = codec.decode(codec.encode(continued).replace('"people":["person_p1","person_p2"]', '"people":["person_p1"]'));
    expect(E.isLeft(tampered) && tampered.left).toContain("no such person");
    const twice = codec.decode(codec.encode(continued).replace('"people":["person_p1","person_p2"]', '"people":["person_p1","person_p1"]'));
    expect(E.isLeft(twice) && twice.left).toContain("a person is listed twice");
  });

  it("for random histories, retentions and interleavings, equals keeping everything for every report it accepts, before and after a snapshot", async () => {
    const generated = fc.record({
      report: arbitraryReportCase(),
      retentionDays: fc.integer({ min: 0, max: 40 }),
      // A few people referred again and again, so folded and retained connections share people.
      people: fc.integer({ min: 1, max: 3 }),
      interleaving: fc.constantFrom("recorded", "by stream"),
      cut: fc.nat(),
      monthsBack: fc.integer({ min: 0, max: 8 }),
      pcn: fc.option(fc.nat(), { nil: null }),
    });
    let runs = 0;
    let runsThatFolded = 0;
    let compared = 0;
    let runsSharingAPerson = 0;
    await fc.assert(
      fc.asyncProperty(generated, async ({ report: { history, asOfPicks }, retentionDays, people, interleaving, cut, monthsBack, pcn }) => {
        const commands = history.commands.map((command, index) =>
          command.type === "ReceiveReferral" ? { ...command, personId: `person_p${String(index % people)}` } : command,
        );
        const recorded = await recordedHistory(commands, history.policy);
        const events = interleaving === "recorded" ? recorded : groupedByStream(recorded);
        const folding = right(communityDemandProjection({ retentionDays }));
        const state = project(folding, events);
        const everything = project(keepingAll, events);
        const resumed = resumedFromSnapshot(folding, events, cut);
        runs += 1;
        if (state.folded.count > 0) runsThatFolded += 1;
        const foldedPeople = new Set([...foldedConnectionList(state.folded)].map((connection) => connection.person));
        const sharing = [...state.cases.values()].some((retained) => retained.connections !== null && foldedPeople.has(retained.person));
        if (sharing) runsSharingAPerson += 1;

        const pcnId = pcn === null ? undefined : history.pcnIds[pcn % history.pcnIds.length];
        const queries = retentionQueries(events, asOfPicks, state, monthsBack, pcnId);
        for (const options of queries.beforeHorizon) expect(refusedPaths(communityDemandByProvider(state, options))).toEqual(["asOf"]);
        for (const options of queries.answerable) {
          const byProvider = right(communityDemandByProvider(everything, options));
          const byMonth = right(communityDemandByProviderMonth(everything, options));
          expect(right(communityDemandByProvider(state, options))).toEqual(byProvider);
          expect(right(communityDemandByProviderMonth(state, options))).toEqual(byMonth);
          expect(right(communityDemandByProvider(resumed, options))).toEqual(byProvider);
          expect(right(communityDemandByProviderMonth(resumed, options))).toEqual(byMonth);
          compared += 1;
        }
        for (const options of queries.fromInsideAMonth) {
          expect(refusedPaths(communityDemandByProviderMonth(state, options))).toEqual(["from"]);
        }
      }),
      { numRuns: 100 },
    );
    // Histories span months and many cases connect and end within weeks: about 40% of runs fold
    // connections, and some of those keep a connection of a person whose folded ones it must not double.
    expect(runsThatFolded).toBeGreaterThan(runs / 5);
    expect(runsSharingAPerson).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(runs);
  });
});
