import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UnmetNeedReason, type RecordedEvent } from "@linkwork/core";
import { unmetNeedGaps, unmetNeedsByMonth, unmetNeedsProjection, type UnmetNeedGapRow, type UnmetNeedMonthRow } from "../src/index.js";
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

const projection = right(unmetNeedsProjection());

/**
 * u1 (PCN a) raised loneliness and housing at referral and money at its conversation; housing went
 * unmet twice (a provider's waiting list, then no provision); it was connected for loneliness only
 * and closed 02-10. u2 (PCN a) met cost and transport barriers in February and stays open. u3
 * (PCN b) found no loneliness provision at first, was then connected for it and closed 01-31. u4
 * (PCN b) needed a local category that nobody provides and closed without a plan on 02-05.
 */
const scenario = [
  referral("u1", "2024-01-03T09:00:00Z", { reasons: ["loneliness", "housing"] }),
  command("AcceptReferral", "2024-01-04T09:00:00Z", { caseId: "u1", linkWorkerId: "lw-1" }),
  command("HoldConversation", "2024-01-05T09:00:00Z", { caseId: "u1", mode: "phone", minutes: 45, needs: ["money_debt_benefits"] }),
  command("RecordUnmetNeed", "2024-01-06T09:00:00Z", {
    caseId: "u1",
    need: "housing",
    reason: "waiting_list",
    providerId: "housing-advice",
  }),
  referral("u2", "2024-01-10T09:00:00Z", { reasons: ["housing"] }),
  command("AcceptReferral", "2024-01-11T09:00:00Z", { caseId: "u2", linkWorkerId: "lw-1" }),
  referral("u3", "2024-01-15T09:00:00Z", { pcnId: "pcn-b", reasons: ["loneliness"] }),
  command("AcceptReferral", "2024-01-15T10:00:00Z", { caseId: "u3", linkWorkerId: "lw-2" }),
  command("RecordUnmetNeed", "2024-01-16T09:00:00Z", { caseId: "u3", need: "loneliness", reason: "no_provision" }),
  command("HoldConversation", "2024-01-17T09:00:00Z", { caseId: "u3", mode: "phone", minutes: 30 }),
  command("AgreePlan", "2024-01-17T10:00:00Z", { caseId: "u3", goals: [{ goalId: "g1", need: "loneliness" }] }),
  command("MakeConnection", "2024-01-18T09:00:00Z", {
    caseId: "u3",
    connectionId: "k1",
    goalId: "g1",
    providerId: "lunch-club",
    activity: "social_connection_befriending",
    mode: "referred",
  }),
  command("RecordUnmetNeed", "2024-01-20T09:00:00Z", { caseId: "u1", need: "housing", reason: "no_provision" }),
  command("AgreePlan", "2024-01-21T09:00:00Z", {
    caseId: "u1",
    goals: [
      { goalId: "g1", need: "loneliness" },
      { goalId: "g2", need: "housing" },
    ],
  }),
  command("MakeConnection", "2024-01-22T09:00:00Z", {
    caseId: "u1",
    connectionId: "k1",
    goalId: "g1",
    providerId: "lunch-club",
    activity: "social_connection_befriending",
    mode: "accompanied",
  }),
  command("CloseCase", "2024-01-31T09:00:00Z", { caseId: "u3", reason: "connected_to_support" }),
  referral("u4", "2024-02-01T09:00:00Z", { pcnId: "pcn-b", reasons: ["x-allotment-access"] }),
  command("AcceptReferral", "2024-02-01T10:00:00Z", { caseId: "u4", linkWorkerId: "lw-2" }),
  command("RecordUnmetNeed", "2024-02-02T09:00:00Z", { caseId: "u4", need: "x-allotment-access", reason: "no_provision" }),
  command("RecordUnmetNeed", "2024-02-03T09:00:00Z", { caseId: "u2", need: "housing", reason: "cost" }),
  command("RecordUnmetNeed", "2024-02-04T09:00:00Z", { caseId: "u2", need: "practical_transport_digital", reason: "transport" }),
  command("CloseCase", "2024-02-05T09:00:00Z", { caseId: "u4", reason: "other" }),
  command("CloseCase", "2024-02-10T09:00:00Z", { caseId: "u1", reason: "connected_to_support" }),
];

const reasons = (counts: Partial<Record<UnmetNeedReason, number>>): Record<UnmetNeedReason, number> => ({
  ...(Object.fromEntries(UnmetNeedReason.options.map((reason) => [reason, 0])) as Record<UnmetNeedReason, number>),
  ...counts,
});

describe("unmet needs: a hand-computed example", () => {
  it("counts unmet needs by month, PCN, need and reason", async () => {
    const state = project(projection, await recordedHistory(scenario));
    expect(right(unmetNeedsByMonth(state)).rows).toEqual<UnmetNeedMonthRow[]>([
      { month: "2024-01", pcnId: "pcn-a", need: "housing", reason: "no_provision", count: 1 },
      { month: "2024-01", pcnId: "pcn-a", need: "housing", reason: "waiting_list", count: 1 },
      { month: "2024-01", pcnId: "pcn-b", need: "loneliness", reason: "no_provision", count: 1 },
      { month: "2024-02", pcnId: "pcn-a", need: "housing", reason: "cost", count: 1 },
      { month: "2024-02", pcnId: "pcn-a", need: "practical_transport_digital", reason: "transport", count: 1 },
      { month: "2024-02", pcnId: "pcn-b", need: "x-allotment-access", reason: "no_provision", count: 1 },
    ]);
  });

  it("maps the gaps, largest first, with the needs closed cases left unconnected", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(unmetNeedGaps(state));
    expect(report.asOf).toBe("2024-02-10T09:00:00.000Z");
    expect(report.rows).toEqual<UnmetNeedGapRow[]>([
      // u1 twice, u2 once; u1 closed without a connection for housing.
      {
        pcnId: "pcn-a",
        need: "housing",
        unmetNeeds: 3,
        cases: 2,
        byReason: reasons({ waiting_list: 1, no_provision: 1, cost: 1 }),
        providersNamed: ["housing-advice"],
        closedWithoutConnection: 1,
      },
      // Ties on one unmet need: the one also closed unconnected (u4) first, then by PCN and need.
      {
        pcnId: "pcn-b",
        need: "x-allotment-access",
        unmetNeeds: 1,
        cases: 1,
        byReason: reasons({ no_provision: 1 }),
        providersNamed: [],
        closedWithoutConnection: 1,
      },
      {
        pcnId: "pcn-a",
        need: "practical_transport_digital",
        unmetNeeds: 1,
        cases: 1,
        byReason: reasons({ transport: 1 }),
        providersNamed: [],
        closedWithoutConnection: 0,
      },
      // u3's loneliness was unmet at first, then connected.
      {
        pcnId: "pcn-b",
        need: "loneliness",
        unmetNeeds: 1,
        cases: 1,
        byReason: reasons({ no_provision: 1 }),
        providersNamed: [],
        closedWithoutConnection: 0,
      },
      // Raised at u1's conversation, never recorded as unmet, never connected.
      {
        pcnId: "pcn-a",
        need: "money_debt_benefits",
        unmetNeeds: 0,
        cases: 0,
        byReason: reasons({}),
        providersNamed: [],
        closedWithoutConnection: 1,
      },
    ]);
  });

  it("reports as of an earlier instant and over a period", async () => {
    const state = project(projection, await recordedHistory(scenario));
    // Before u1 closed and u4 was referred: u1's two housing gaps and u3's loneliness.
    const january = right(unmetNeedGaps(state, { asOf: "2024-01-31T12:00:00Z" })).rows;
    expect(january.map((row) => [row.pcnId, row.need, row.unmetNeeds, row.closedWithoutConnection])).toEqual([
      ["pcn-a", "housing", 2, 0],
      ["pcn-b", "loneliness", 1, 0],
    ]);
    // February only: u2's housing and transport, u4's; u1 and u4 closed in February, u3 did not.
    const february = right(unmetNeedGaps(state, { from: "2024-02-01T00:00:00Z" })).rows;
    expect(february.map((row) => [row.pcnId, row.need, row.unmetNeeds, row.closedWithoutConnection])).toEqual([
      ["pcn-a", "housing", 1, 1],
      ["pcn-b", "x-allotment-access", 1, 1],
      ["pcn-a", "practical_transport_digital", 1, 0],
      ["pcn-a", "money_debt_benefits", 0, 1],
    ]);
  });
});

describe("unmet needs: settings, options and snapshots", () => {
  it("refuses unknown settings and bad options", () => {
    expect(refusedPaths(unmetNeedsProjection({ reasons: [] } as never))).toEqual(["(root)"]);
    expect(refusedPaths(unmetNeedGaps(projection.initialState(), { from: "2024-01-01" }))).toEqual(["from"]);
  });

  it("round-trips a snapshot", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const codec = projection.codec!;
    const restored = right(codec.decode(codec.encode(state)));
    expect(right(unmetNeedGaps(restored))).toEqual(right(unmetNeedGaps(state)));
    expect(codec.decode(codec.encode(state).replace('"reason":"cost"', '"reason":"price"'))).toMatchObject({ _tag: "Left" });
  });
});

// ---- The reference: unmet needs and closed cases' needs read straight off the events. ----

function referenceByMonth(events: readonly RecordedEvent[], from: number | null, asOf: number): UnmetNeedMonthRow[] {
  const pcnOf = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const recorded of events) {
    const { event } = recorded;
    const time = Date.parse(event.metadata.occurredAt);
    if (event.type === "ReferralReceived") pcnOf.set(recorded.streamId, event.data.pcnId);
    if (event.type !== "UnmetNeedRecorded" || time > asOf || (from !== null && time < from)) continue;
    const key = [event.metadata.occurredAt.slice(0, 7), pcnOf.get(recorded.streamId), event.data.need, event.data.reason].join("|");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.keys()].sort().map((key) => {
    const [month, pcnId, need, reason] = key.split("|") as [string, string, string, UnmetNeedReason];
    return { month, pcnId, need, reason, count: counts.get(key) ?? 0 };
  });
}

function referenceGaps(events: readonly RecordedEvent[], from: number | null, asOf: number): UnmetNeedGapRow[] {
  const inPeriod = (time: number) => time <= asOf && (from === null || time >= from);
  const streams = new Map<string, RecordedEvent[]>();
  for (const recorded of events)
    if (recorded.streamId.startsWith("case-")) streams.set(recorded.streamId, [...(streams.get(recorded.streamId) ?? []), recorded]);
  interface Tally {
    pcnId: string;
    need: string;
    unmetNeeds: number;
    byReason: Record<UnmetNeedReason, number>;
    closedWithoutConnection: number;
    caseSet: Set<string>;
    providerSet: Set<string>;
  }
  const rows = new Map<string, Tally>();
  const row = (pcnId: string, need: string) => {
    const key = `${pcnId}|${need}`;
    if (!rows.has(key)) {
      rows.set(key, {
        pcnId,
        need,
        unmetNeeds: 0,
        byReason: reasons({}),
        closedWithoutConnection: 0,
        caseSet: new Set(),
        providerSet: new Set(),
      });
    }
    return rows.get(key)!;
  };
  for (const [streamId, history] of streams) {
    const referralEvent = history[0]?.event;
    if (referralEvent?.type !== "ReferralReceived") continue;
    const pcnId = referralEvent.data.pcnId;
    const raised = new Set<string>(referralEvent.data.reasons);
    let plan = new Map<string, string>();
    const connected = new Set<string>();
    for (const { event } of history) {
      const time = Date.parse(event.metadata.occurredAt);
      if (event.type === "UnmetNeedRecorded" && inPeriod(time)) {
        const found = row(pcnId, event.data.need);
        found.unmetNeeds += 1;
        found.byReason[event.data.reason] += 1;
        found.caseSet.add(streamId);
        if (event.data.providerId !== undefined) found.providerSet.add(event.data.providerId);
      }
      if (event.type === "ConversationHeld") event.data.needs.forEach((need) => raised.add(need));
      if (event.type === "PlanAgreed" || event.type === "PlanRevised") {
        plan = new Map(event.data.goals.map((goal) => [goal.goalId, goal.need]));
        event.data.goals.forEach((goal) => raised.add(goal.need));
      }
      if (event.type === "ConnectionMade") connected.add(plan.get(event.data.goalId) ?? "?");
      if (event.type === "CaseClosed" && inPeriod(time)) {
        for (const need of raised) if (!connected.has(need)) row(pcnId, need).closedWithoutConnection += 1;
      }
    }
  }
  return [...rows.values()]
    .map((tally): UnmetNeedGapRow => ({
      pcnId: tally.pcnId,
      need: tally.need,
      unmetNeeds: tally.unmetNeeds,
      cases: tally.caseSet.size,
      byReason: tally.byReason,
      providersNamed: [...tally.providerSet].sort(),
      closedWithoutConnection: tally.closedWithoutConnection,
    }))
    .sort((a, b) => {
      if (a.unmetNeeds !== b.unmetNeeds) return b.unmetNeeds - a.unmetNeeds;
      if (a.closedWithoutConnection !== b.closedWithoutConnection) return b.closedWithoutConnection - a.closedWithoutConnection;
      return a.pcnId === b.pcnId ? (a.need < b.need ? -1 : 1) : a.pcnId < b.pcnId ? -1 : 1;
    });
}

describe("unmet needs: agree with a recomputation from the events", () => {
  it("for random histories and periods, whatever the streams' interleaving, and after a snapshot", async () => {
    const generated = fc.record({
      report: arbitraryReportCase(),
      fromDaysBefore: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(generated, async ({ report: { history, asOfPicks }, fromDaysBefore }) => {
        const events = await recordedHistory(history.commands, history.policy);
        const state = project(projection, events);
        const regrouped = project(projection, groupedByStream(events));
        const codec = projection.codec!;
        const restored = right(codec.decode(codec.encode(state)));
        for (const pick of asOfPicks) {
          const asOf = asOfWithin(events, pick);
          const from = fromDaysBefore === null ? null : Date.parse(asOf) - fromDaysBefore * 86_400_000;
          const options = { asOf, ...(from === null ? {} : { from: new Date(from).toISOString() }) };
          const byMonth = right(unmetNeedsByMonth(state, options)).rows;
          expect(byMonth).toEqual(referenceByMonth(events, from, Date.parse(asOf)));
          const gaps = right(unmetNeedGaps(state, options)).rows;
          expect(gaps).toEqual(referenceGaps(events, from, Date.parse(asOf)));
          expect(right(unmetNeedGaps(regrouped, options)).rows).toEqual(gaps);
          expect(right(unmetNeedGaps(restored, options)).rows).toEqual(gaps);
        }
      }),
      { numRuns: 100 },
    );
  });
});
