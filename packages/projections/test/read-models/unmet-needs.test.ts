import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { DAY_MS, type RecordedEvent } from "@linkwork/core";
import { ProviderDeclineReason, UnmetNeedReason } from "@linkwork/core/vocabulary";
import { notErased } from "@linkwork/core/testing";
import { monthOf, monthStart } from "../../src/read-models/shared/calendar-month.js";
import {
  unmetNeedGaps,
  unmetNeedsByMonth,
  unmetNeedsProjection,
  UnmetNeedSettings,
  type UnmetNeedGapRow,
  type UnmetNeedMonthRow,
  type Projection,
  type UnmetNeedState,
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
} from "./read-model-history.js";
const projection = right(unmetNeedsProjection());
/** Keeps every case, so a report may be asked for as of any instant of a history. */
const keepingAll = right(unmetNeedsProjection({ retentionDays: "all" }));

/**
 * u1 (PCN a) raised loneliness and housing at referral and money at its conversation; housing went
 * unmet twice (a provider's waiting list, then no provision); it was connected for loneliness only
 * and closed 02-10. u2 (PCN a) met cost and transport barriers in February and stays open. u3
 * (PCN b) found no loneliness provision at first, was then connected for it and closed 01-31. u4
 * (PCN b) needed a local category that nobody provides and closed without a plan on 02-05.
 */
const scenario = [
  command("RegisterLocalCode", "2024-01-01T09:00:00Z", { list: "need", code: "x-allotment-access", label: "Allotment access" }),
  referral("case_u1", "2024-01-03T09:00:00Z", { reasons: ["loneliness", "housing"] }),
  command("AcceptReferral", "2024-01-04T09:00:00Z", { caseId: "case_u1", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-05T09:00:00Z", { caseId: "case_u1", mode: "phone", minutes: 45, needs: ["money_debt_benefits"] }),
  command("RecordUnmetNeed", "2024-01-06T09:00:00Z", {
    caseId: "case_u1",
    need: "housing",
    reason: "waiting_list",
    providerId: "prov_housingadvice1",
  }),
  referral("case_u2", "2024-01-10T09:00:00Z", { reasons: ["housing"] }),
  command("AcceptReferral", "2024-01-11T09:00:00Z", { caseId: "case_u2", linkWorkerId: "lw_w1" }),
  referral("case_u3", "2024-01-15T09:00:00Z", { pcnId: "U00002", reasons: ["loneliness"] }),
  command("AcceptReferral", "2024-01-15T10:00:00Z", { caseId: "case_u3", linkWorkerId: "lw_w2" }),
  command("RecordUnmetNeed", "2024-01-16T09:00:00Z", { caseId: "case_u3", need: "loneliness", reason: "no_provision" }),
  command("HoldConversation", "2024-01-17T09:00:00Z", { caseId: "case_u3", mode: "phone", minutes: 30 }),
  command("AgreePlan", "2024-01-17T10:00:00Z", { caseId: "case_u3", goals: [{ goalId: "g1", need: "loneliness" }] }),
  command("MakeConnection", "2024-01-18T09:00:00Z", {
    caseId: "case_u3",
    connectionId: "k1",
    goalId: "g1",
    providerId: "prov_lunchclub1",
    activity: "social_connection_befriending",
    mode: "referred",
  }),
  command("RecordUnmetNeed", "2024-01-20T09:00:00Z", { caseId: "case_u1", need: "housing", reason: "no_provision" }),
  command("AgreePlan", "2024-01-21T09:00:00Z", {
    caseId: "case_u1",
    goals: [
      { goalId: "g1", need: "loneliness" },
      { goalId: "g2", need: "housing" },
    ],
  }),
  command("MakeConnection", "2024-01-22T09:00:00Z", {
    caseId: "case_u1",
    connectionId: "k1",
    goalId: "g1",
    providerId: "prov_lunchclub1",
    activity: "social_connection_befriending",
    mode: "accompanied",
  }),
  command("CloseCase", "2024-01-31T09:00:00Z", { caseId: "case_u3", reason: "connected_to_support" }),
  referral("case_u4", "2024-02-01T09:00:00Z", { pcnId: "U00002", reasons: ["x-allotment-access"] }),
  command("AcceptReferral", "2024-02-01T10:00:00Z", { caseId: "case_u4", linkWorkerId: "lw_w2" }),
  command("RecordUnmetNeed", "2024-02-02T09:00:00Z", { caseId: "case_u4", need: "x-allotment-access", reason: "no_provision" }),
  command("RecordUnmetNeed", "2024-02-03T09:00:00Z", { caseId: "case_u2", need: "housing", reason: "cost" }),
  command("RecordUnmetNeed", "2024-02-04T09:00:00Z", { caseId: "case_u2", need: "practical_transport_digital", reason: "transport" }),
  command("CloseCase", "2024-02-05T09:00:00Z", { caseId: "case_u4", reason: "other" }),
  command("CloseCase", "2024-02-10T09:00:00Z", { caseId: "case_u1", reason: "connected_to_support" }),
];

const declines = (counts: Partial<Record<ProviderDeclineReason, number>>): Record<ProviderDeclineReason, number> => ({
  ...(Object.fromEntries(ProviderDeclineReason.options.map((reason) => [reason, 0])) as Record<ProviderDeclineReason, number>),
  ...counts,
});
const reasons = (counts: Partial<Record<UnmetNeedReason, number>>): Record<UnmetNeedReason, number> => ({
  ...(Object.fromEntries(UnmetNeedReason.options.map((reason) => [reason, 0])) as Record<UnmetNeedReason, number>),
  ...counts,
});

describe("unmet needs: a hand-computed example", () => {
  it("counts unmet needs by month, PCN, need and reason", async () => {
    const state = project(projection, await recordedHistory(scenario));
    expect(right(unmetNeedsByMonth(state)).rows).toEqual<UnmetNeedMonthRow[]>([
      { month: "2024-01", pcnId: "U00001", need: "housing", reason: "no_provision", count: 1 },
      { month: "2024-01", pcnId: "U00001", need: "housing", reason: "waiting_list", count: 1 },
      { month: "2024-01", pcnId: "U00002", need: "loneliness", reason: "no_provision", count: 1 },
      { month: "2024-02", pcnId: "U00001", need: "housing", reason: "cost", count: 1 },
      { month: "2024-02", pcnId: "U00001", need: "practical_transport_digital", reason: "transport", count: 1 },
      { month: "2024-02", pcnId: "U00002", need: "x-allotment-access", reason: "no_provision", count: 1 },
    ]);
  });

  it("maps the gaps, largest first, with the needs closed cases left unconnected", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(unmetNeedGaps(state));
    expect(report.asOf).toBe("2024-02-10T09:00:00.000Z");
    expect(report.rows).toEqual<UnmetNeedGapRow[]>([
      // u1 twice, u2 once; u1 closed without a connection for housing.
      {
        pcnId: "U00001",
        need: "housing",
        unmetNeeds: 3,
        cases: 2,
        byReason: reasons({ waiting_list: 1, no_provision: 1, cost: 1 }),
        providersNamed: ["prov_housingadvice1"],
        closedWithoutConnection: 1,
        declinedByProvider: 0,
        byDeclineReason: declines({}),
      },
      // Ties on one unmet need: the one also closed unconnected (u4) first, then by PCN and need.
      {
        pcnId: "U00002",
        need: "x-allotment-access",
        unmetNeeds: 1,
        cases: 1,
        byReason: reasons({ no_provision: 1 }),
        providersNamed: [],
        closedWithoutConnection: 1,
        declinedByProvider: 0,
        byDeclineReason: declines({}),
      },
      {
        pcnId: "U00001",
        need: "practical_transport_digital",
        unmetNeeds: 1,
        cases: 1,
        byReason: reasons({ transport: 1 }),
        providersNamed: [],
        closedWithoutConnection: 0,
        declinedByProvider: 0,
        byDeclineReason: declines({}),
      },
      // u3's loneliness was unmet at first, then connected.
      {
        pcnId: "U00002",
        need: "loneliness",
        unmetNeeds: 1,
        cases: 1,
        byReason: reasons({ no_provision: 1 }),
        providersNamed: [],
        closedWithoutConnection: 0,
        declinedByProvider: 0,
        byDeclineReason: declines({}),
      },
      // Raised at u1's conversation, never recorded as unmet, never connected.
      {
        pcnId: "U00001",
        need: "money_debt_benefits",
        unmetNeeds: 0,
        cases: 0,
        byReason: reasons({}),
        providersNamed: [],
        closedWithoutConnection: 1,
        declinedByProvider: 0,
        byDeclineReason: declines({}),
      },
    ]);
  });

  it("reports as of an earlier instant and over a period", async () => {
    const state = project(projection, await recordedHistory(scenario));
    // Before u1 closed and u4 was referred: u1's two housing gaps and u3's loneliness.
    const january = right(unmetNeedGaps(state, { asOf: "2024-01-31T12:00:00Z" })).rows;
    expect(january.map((row) => [row.pcnId, row.need, row.unmetNeeds, row.closedWithoutConnection])).toEqual([
      ["U00001", "housing", 2, 0],
      ["U00002", "loneliness", 1, 0],
    ]);
    // February only: u2's housing and transport, u4's; u1 and u4 closed in February, u3 did not.
    const february = right(unmetNeedGaps(state, { from: "2024-02-01T00:00:00Z" })).rows;
    expect(february.map((row) => [row.pcnId, row.need, row.unmetNeeds, row.closedWithoutConnection])).toEqual([
      ["U00001", "housing", 1, 1],
      ["U00002", "x-allotment-access", 1, 1],
      ["U00001", "practical_transport_digital", 1, 0],
      ["U00001", "money_debt_benefits", 0, 1],
    ]);
  });
});

describe("unmet needs: referrals a provider declined", () => {
  /**
   * v1 (PCN a) plans g1 loneliness and g2 housing; k1 (loneliness) goes to the choir, which declines
   * it at capacity on 03-05; k2 (housing) to the housing service, which waitlists then declines it as
   * outside its remit on 03-20; k3 (loneliness again) to a walking group, which accepts it. v1 closes
   * on 03-25, connected for both needs. Each decline is a gap under its connection's need and PCN.
   */
  const connect = (at: string, connectionId: string, goalId: string, providerId: string) =>
    command("MakeConnection", at, { caseId: "case_v1", connectionId, goalId, providerId, activity: "arts_culture", mode: "referred" });
  const update = (at: string, connectionId: string, what: string, reason?: string) =>
    command("RecordProviderUpdate", at, { caseId: "case_v1", connectionId, update: what, ...(reason === undefined ? {} : { reason }) });
  const history = [
    referral("case_v1", "2025-03-01T09:00:00Z", { reasons: ["loneliness"] }),
    command("AcceptReferral", "2025-03-01T10:00:00Z", { caseId: "case_v1", linkWorkerId: "lw_w1" }),
    command("HoldConversation", "2025-03-02T09:00:00Z", { caseId: "case_v1", mode: "phone", minutes: 30 }),
    command("AgreePlan", "2025-03-02T10:00:00Z", {
      caseId: "case_v1",
      goals: [
        { goalId: "g1", need: "loneliness" },
        { goalId: "g2", need: "housing" },
      ],
    }),
    connect("2025-03-03T09:00:00Z", "k1", "g1", "prov_choir1"),
    connect("2025-03-03T10:00:00Z", "k2", "g2", "prov_housing1"),
    update("2025-03-05T09:00:00Z", "k1", "declined", "at_capacity"),
    update("2025-03-06T09:00:00Z", "k2", "waitlisted"),
    connect("2025-03-07T09:00:00Z", "k3", "g1", "prov_walk1"),
    update("2025-03-08T09:00:00Z", "k3", "accepted"),
    update("2025-03-20T09:00:00Z", "k2", "declined", "outside_remit"),
    command("CloseCase", "2025-03-25T09:00:00Z", { caseId: "case_v1", reason: "connected_to_support" }),
  ];

  it("counts each decline under its need and PCN, with its reason and provider", async () => {
    const state = project(projection, await recordedHistory(history));
    expect(right(unmetNeedGaps(state)).rows).toEqual<UnmetNeedGapRow[]>([
      {
        pcnId: "U00001",
        need: "housing",
        unmetNeeds: 0,
        cases: 0,
        byReason: reasons({}),
        providersNamed: ["prov_housing1"],
        closedWithoutConnection: 0,
        declinedByProvider: 1,
        byDeclineReason: declines({ outside_remit: 1 }),
      },
      {
        pcnId: "U00001",
        need: "loneliness",
        unmetNeeds: 0,
        cases: 0,
        byReason: reasons({}),
        providersNamed: ["prov_choir1"],
        closedWithoutConnection: 0,
        declinedByProvider: 1,
        byDeclineReason: declines({ at_capacity: 1 }),
      },
    ]);
    // Before the housing service declined: only the choir's decline.
    const early = right(unmetNeedGaps(state, { asOf: "2025-03-10T00:00:00Z" })).rows;
    expect(early.map((row) => [row.need, row.declinedByProvider])).toEqual([["loneliness", 1]]);
  });

  it("keeps the declines when the case is folded, and through a snapshot", async () => {
    const events = await recordedHistory([...history, referral("case_v2", "2025-09-01T09:00:00Z")]);
    const folding = project(right(unmetNeedsProjection({ retentionDays: 30 })), events);
    expect(folding.cases.has("case_v1")).toBe(false);
    const asOf = { asOf: "2025-09-01T09:00:00Z" };
    expect(unmetNeedGaps(folding, asOf)).toEqual(unmetNeedGaps(project(keepingAll, events), asOf));
    const codec = right(unmetNeedsProjection({ retentionDays: 30 })).codec!;
    expect(unmetNeedGaps(right(codec.decode(codec.encode(folding))), asOf)).toEqual(unmetNeedGaps(folding, asOf));
    const retained = project(projection, events);
    const codecAll = projection.codec!;
    expect(unmetNeedGaps(right(codecAll.decode(codecAll.encode(retained))), asOf)).toEqual(unmetNeedGaps(retained, asOf));
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

/** The first instant of every month from `first`'s to `last`'s. */
function monthStarts(first: number, last: number): number[] {
  const starts: number[] = [];
  for (let start = monthStart(monthOf(first)); start <= last; start = monthStart(monthOf(start + 32 * DAY_MS))) starts.push(start);
  return starts;
}

/** The folded tallies as the snapshot writes them: rows naming month, PCN, need (and reason or provider). */
function foldedJson(model: Projection<UnmetNeedState>, state: UnmetNeedState): Record<string, unknown[]> {
  return (JSON.parse(model.codec!.encode(state)) as { folded: Record<string, unknown[]> }).folded;
}

describe("unmet needs: the retention horizon", () => {
  // Keeps ended cases 10 days: u5's referral on 03-01 puts the horizon at 02-20T09:00, past the
  // closures of u3 (01-31), u4 (02-05) and u1 (02-10); u2 stays open and u5 has just begun.
  const shortMemory = right(unmetNeedsProjection({ retentionDays: 10 }));
  const longer = [...scenario, referral("case_u5", "2024-03-01T09:00:00Z", { reasons: ["housing"] })];

  it("keeps ended cases 92 days by default and refuses a bad retentionDays naming it", async () => {
    expect(UnmetNeedSettings.parse({}).retentionDays).toBe(92);
    const state = project(projection, await recordedHistory(scenario));
    expect(state.retention.horizon).toBe(Date.parse("2024-02-10T09:00:00Z") - 92 * DAY_MS);
    for (const retentionDays of [-1, 1.5, "forever"]) {
      expect(refusedPaths(unmetNeedsProjection({ retentionDays } as never))).toEqual(["retentionDays"]);
    }
  });

  it("folds the cases that ended before the horizon into monthly tallies and answers as before", async () => {
    const events = await recordedHistory(longer);
    const state = project(shortMemory, events);
    const everything = project(keepingAll, events);
    expect(state.retention.horizon).toBe(Date.parse("2024-02-20T09:00:00Z"));
    expect([...state.cases.keys()].sort()).toEqual(["case_u2", "case_u5"]);
    // u1's two housing gaps in January (one naming prov_housingadvice1), u3's loneliness gap and u4's
    // x-allotment-access gap; u1 closed in February leaving housing and money unconnected, u4 its need.
    expect(foldedJson(shortMemory, state)).toEqual({
      unmetNeeds: [
        ["2024-01", "U00001", "housing", "no_provision", 1],
        ["2024-01", "U00001", "housing", "waiting_list", 1],
        ["2024-01", "U00002", "loneliness", "no_provision", 1],
        ["2024-02", "U00002", "x-allotment-access", "no_provision", 1],
      ],
      cases: [
        ["2024-01", "U00001", "housing", 1],
        ["2024-01", "U00002", "loneliness", 1],
        ["2024-02", "U00002", "x-allotment-access", 1],
      ],
      closedWithoutConnection: [
        ["2024-02", "U00001", "housing", 1],
        ["2024-02", "U00001", "money_debt_benefits", 1],
        ["2024-02", "U00002", "x-allotment-access", 1],
      ],
      declinedByProvider: [],
      providersNamed: [["U00001", "housing", "prov_housingadvice1", "2024-01"]],
    });
    for (const options of [{}, { from: "2024-01-01T00:00:00Z" }, { from: "2024-02-01T00:00:00Z" }, { from: "2024-02-25T00:00:00Z" }]) {
      expect(right(unmetNeedGaps(state, options))).toEqual(right(unmetNeedGaps(everything, options)));
      expect(right(unmetNeedsByMonth(state, options))).toEqual(right(unmetNeedsByMonth(everything, options)));
    }
    // February, as the hand-computed example has it: u1's housing and money needs come from the tallies.
    const february = right(unmetNeedGaps(state, { from: "2024-02-01T00:00:00Z" })).rows;
    expect(february.map((row) => [row.pcnId, row.need, row.unmetNeeds, row.cases, row.closedWithoutConnection])).toEqual([
      ["U00001", "housing", 1, 1, 1],
      ["U00002", "x-allotment-access", 1, 1, 1],
      ["U00001", "practical_transport_digital", 1, 1, 0],
      ["U00001", "money_debt_benefits", 0, 0, 1],
    ]);
    // u1 named prov_housingadvice1 in January: a period from January still lists it, one from February does not.
    expect(right(unmetNeedGaps(state, { from: "2024-01-01T00:00:00Z" })).rows[0]?.providersNamed).toEqual(["prov_housingadvice1"]);
    expect(february[0]?.providersNamed).toEqual([]);
  });

  it("counts a folded case in a period holding any of its unmet needs, and the providers it named then", async () => {
    // v1 met a full housing provider in January and again in February, closed in February and was
    // folded once v2's referral in April moved the horizon to 03-22.
    const events = await recordedHistory([
      referral("case_v1", "2024-01-03T09:00:00Z"),
      command("AcceptReferral", "2024-01-04T09:00:00Z", { caseId: "case_v1", linkWorkerId: "lw_w1" }),
      command("RecordUnmetNeed", "2024-01-20T09:00:00Z", {
        caseId: "case_v1",
        need: "housing",
        reason: "waiting_list",
        providerId: "prov_housingadvice1",
      }),
      command("RecordUnmetNeed", "2024-02-05T09:00:00Z", {
        caseId: "case_v1",
        need: "housing",
        reason: "provider_full",
        providerId: "prov_housingadvice1",
      }),
      command("CloseCase", "2024-02-10T09:00:00Z", { caseId: "case_v1", reason: "other" }),
      referral("case_v2", "2024-04-01T09:00:00Z"),
    ]);
    const state = project(shortMemory, events);
    expect(state.cases.has("case_v1")).toBe(false);
    const housing = (from: string) => right(unmetNeedGaps(state, { from })).rows.find((row) => row.need === "housing");
    expect(housing("2024-01-01T00:00:00Z")).toMatchObject({ unmetNeeds: 2, cases: 1, providersNamed: ["prov_housingadvice1"] });
    expect(housing("2024-02-01T00:00:00Z")).toEqual({
      pcnId: "U00001",
      need: "housing",
      unmetNeeds: 1,
      cases: 1,
      byReason: reasons({ provider_full: 1 }),
      providersNamed: ["prov_housingadvice1"],
      closedWithoutConnection: 0,
      declinedByProvider: 0,
      byDeclineReason: declines({}),
    });
    expect(housing("2024-03-01T00:00:00Z")).toBeUndefined();
    for (const from of ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"]) {
      expect(right(unmetNeedGaps(state, { from }))).toEqual(right(unmetNeedGaps(project(keepingAll, events), { from })));
    }
  });

  it("holds one cell per month, PCN and need however many cases it folds into it", async () => {
    // `count` cases in PCN a, each with a housing gap in January naming prov_housingadvice1 and closed in
    // February; a referral in April moves the horizon past them all.
    const folding = async (count: number) => {
      const cases = Array.from({ length: count }, (_, index) => {
        const caseId = `case_w${String(index)}`;
        const day = String(index + 1).padStart(2, "0");
        return [
          referral(caseId, `2024-01-${day}T09:00:00Z`, { reasons: ["housing"] }),
          command("AcceptReferral", `2024-01-${day}T10:00:00Z`, { caseId, linkWorkerId: "lw_w1" }),
          command("RecordUnmetNeed", `2024-01-${day}T11:00:00Z`, {
            caseId,
            need: "housing",
            reason: "waiting_list",
            providerId: "prov_housingadvice1",
          }),
          command("CloseCase", `2024-02-${day}T09:00:00Z`, { caseId, reason: "other" }),
        ];
      });
      return project(shortMemory, await recordedHistory([...cases.flat(), referral("case_wlast1", "2024-04-01T09:00:00Z")]));
    };
    const [one, many] = [await folding(1), await folding(20)];
    expect([...many.cases.keys()]).toEqual(["case_wlast1"]);
    const shape = (state: UnmetNeedState) => ({
      months: [...state.folded.tallies.months].map(([month, grid]) => [month, grid.length]),
      pairs: state.folded.pairs.size,
      providersNamed: state.folded.providersNamed.size,
    });
    expect(shape(many)).toEqual(shape(one));
    expect(shape(one).pairs).toBe(1);
    expect(foldedJson(shortMemory, many)).toEqual({
      unmetNeeds: [["2024-01", "U00001", "housing", "waiting_list", 20]],
      cases: [["2024-01", "U00001", "housing", 20]],
      closedWithoutConnection: [["2024-02", "U00001", "housing", 20]],
      declinedByProvider: [],
      providersNamed: [["U00001", "housing", "prov_housingadvice1", "2024-01"]],
    });
  });

  it("refuses an asOf before the horizon and a from inside a month before it, naming the field", async () => {
    const state = project(shortMemory, await recordedHistory(longer));
    expect(refusedPaths(unmetNeedGaps(state, { asOf: "2024-02-20T08:59:59Z" }))).toEqual(["asOf"]);
    expect(refusedPaths(unmetNeedsByMonth(state, { asOf: "2024-02-20T08:59:59Z" }))).toEqual(["asOf"]);
    expect(refusedPaths(unmetNeedGaps(state, { from: "2024-02-15T00:00:00Z" }))).toEqual(["from"]);
    expect(refusedPaths(unmetNeedsByMonth(state, { from: "2024-01-10T00:00:00Z" }))).toEqual(["from"]);
    const refusal = unmetNeedGaps(state, { asOf: "2024-02-01T00:00:00Z" });
    expect(E.isLeft(refusal) && refusal.left.message).toMatch(/before the retention horizon 2024-02-20T09:00:00\.000Z/);
  });

  it("saves the retention, horizon and tallies in a snapshot and refuses one taken with another retentionDays", async () => {
    // u5 is closed on 03-02 after an unmet need; u6's referral on 03-20 moves the horizon past it.
    const events = await recordedHistory([
      ...longer,
      command("AcceptReferral", "2024-03-01T10:00:00Z", { caseId: "case_u5", linkWorkerId: "lw_w1" }),
      command("RecordUnmetNeed", "2024-03-01T11:00:00Z", {
        caseId: "case_u5",
        need: "housing",
        reason: "cost",
        providerId: "prov_housingadvice1",
      }),
      command("CloseCase", "2024-03-02T09:00:00Z", { caseId: "case_u5", reason: "other" }),
      referral("case_u6", "2024-03-20T09:00:00Z"),
    ]);
    const state = project(shortMemory, events.slice(0, -1));
    const codec = shortMemory.codec!;
    const restored = right(codec.decode(codec.encode(state)));
    expect(restored.retention.horizon).toBe(state.retention.horizon);
    expect(foldedJson(shortMemory, restored)).toEqual(foldedJson(shortMemory, state));
    expect(foldedJson(shortMemory, restored).unmetNeeds).toHaveLength(4);
    // u5 had ended but was retained: the restored state still folds it once the horizon passes it.
    expect(restored.cases.get("case_u5")?.endedAt).toBe(Date.parse("2024-03-02T09:00:00Z"));
    const continued = project({ ...shortMemory, initialState: () => restored }, events.slice(-1));
    expect(continued.cases.has("case_u5")).toBe(false);
    const uninterrupted = project(shortMemory, events);
    expect(codec.encode(continued)).toBe(codec.encode(uninterrupted));
    expect(right(unmetNeedGaps(continued))).toEqual(right(unmetNeedGaps(project(keepingAll, events))));
    const elsewhere = right(unmetNeedsProjection({ retentionDays: 30 })).codec!.decode(codec.encode(state));
    expect(E.isLeft(elsewhere) && elsewhere.left).toMatch(/^snapshot does not match the state: retentionDays/);
    const tampered = codec.encode(state).replace('"connected":0', '"connected":9');
    expect(E.isLeft(codec.decode(tampered)) && right(E.swap(codec.decode(tampered)))).toMatch(/connected/);
  });

  it("equals the model keeping everything as of any instant from the horizon on, refuses before it, and survives a snapshot", async () => {
    let compared = 0; // reports compared while the model held folded cases
    let snapshotsFolded = 0;
    const generated = fc.record({
      reportCase: arbitraryReportCase(),
      retentionDays: fc.integer({ min: 0, max: 40 }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      snapshotAt: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(generated, async ({ reportCase: { history, asOfPicks }, retentionDays, share, snapshotAt }) => {
        const events = await recordedHistory(history.commands, history.policy);
        const model = right(unmetNeedsProjection({ retentionDays }));
        const state = project(model, events);
        const regrouped = project(model, groupedByStream(events));
        const everything = project(keepingAll, events);
        const { horizon } = state.retention;
        // Every case the model folded ended before the horizon.
        for (const [caseId, needs] of everything.cases) {
          if (!state.cases.has(caseId)) expect(needs.endedAt ?? Infinity).toBeLessThan(horizon ?? -Infinity);
        }
        const instants = asOfPicks.map((pick) => Date.parse(asOfWithin(events, pick)));
        if (state.latestOccurredAt !== null) instants.push(state.latestOccurredAt);
        if (horizon !== null) instants.push(horizon, horizon - 1);
        for (const asOf of instants) {
          const at = new Date(asOf).toISOString();
          if (horizon !== null && asOf < horizon) {
            expect(refusedPaths(unmetNeedGaps(state, { asOf: at }))).toEqual(["asOf"]);
            expect(refusedPaths(unmetNeedsByMonth(state, { asOf: at }))).toEqual(["asOf"]);
            continue;
          }
          // Every month's first instant up to asOf (the tallies' boundaries), and an instant from the horizon on.
          const froms = [null, ...monthStarts(Date.parse(events[0]!.event.metadata.occurredAt), asOf)];
          if (horizon !== null) froms.push(horizon + Math.floor(share * (asOf - horizon)));
          for (const from of froms) {
            const options = { asOf: at, ...(from === null ? {} : { from: new Date(from).toISOString() }) };
            const gaps = right(unmetNeedGaps(everything, options));
            expect(right(unmetNeedGaps(state, options))).toEqual(gaps);
            expect(right(unmetNeedGaps(regrouped, options))).toEqual(gaps);
            const byMonth = right(unmetNeedsByMonth(everything, options));
            expect(right(unmetNeedsByMonth(state, options))).toEqual(byMonth);
            expect(right(unmetNeedsByMonth(regrouped, options))).toEqual(byMonth);
            if (state.folded.tallies.months.size > 0) compared += 1;
          }
          if (horizon === null) continue;
          const inside = monthStart(monthOf(horizon - 1)) + 1;
          if (inside < horizon && inside <= asOf) {
            expect(refusedPaths(unmetNeedGaps(state, { asOf: at, from: new Date(inside).toISOString() }))).toEqual(["from"]);
          }
        }
        // A snapshot taken anywhere, restored and carried on, ends where the uninterrupted replay does.
        const cut = snapshotAt % (events.length + 1);
        const codec = model.codec!;
        const before: UnmetNeedState = project(model, events.slice(0, cut));
        if (before.folded.tallies.months.size > 0) snapshotsFolded += 1;
        const restored = right(codec.decode(codec.encode(before)));
        const continued = project({ ...model, initialState: () => restored }, events.slice(cut));
        expect(codec.encode(continued)).toBe(codec.encode(state));
      }),
      { numRuns: 60 },
    );
    // The property means something only if the horizon really passed ended cases.
    expect(compared).toBeGreaterThan(20);
    expect(snapshotsFolded).toBeGreaterThan(5);
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
    const key = [
      event.metadata.occurredAt.slice(0, 7),
      pcnOf.get(recorded.streamId),
      notErased(event.data.need),
      notErased(event.data.reason),
      // NUL sorts before every character, so sorting the joined keys sorts by the fields in turn ("x-t" before "x-ta").
    ].join("\u0000");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.keys()].sort().map((key) => {
    const [month, pcnId, need, reason] = key.split("\u0000") as [string, string, string, UnmetNeedReason];
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
    declinedByProvider: number;
    byDeclineReason: Record<ProviderDeclineReason, number>;
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
        declinedByProvider: 0,
        byDeclineReason: declines({}),
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
    const raised = new Set<string>(notErased(referralEvent.data.reasons));
    let plan = new Map<string, string>();
    const connected = new Set<string>();
    const connectionNeeds = new Map<string, [string, string]>();
    for (const { event } of history) {
      const time = Date.parse(event.metadata.occurredAt);
      if (event.type === "UnmetNeedRecorded" && inPeriod(time)) {
        const found = row(pcnId, notErased(event.data.need));
        found.unmetNeeds += 1;
        found.byReason[notErased(event.data.reason)] += 1;
        found.caseSet.add(streamId);
        const providerId = event.data.providerId === undefined ? undefined : notErased(event.data.providerId);
        if (providerId !== undefined) found.providerSet.add(providerId);
      }
      if (event.type === "ConversationHeld") notErased(event.data.needs).forEach((need) => raised.add(need));
      if (event.type === "PlanAgreed" || event.type === "PlanRevised") {
        const goals = notErased(event.data.goals);
        plan = new Map(goals.map((goal) => [goal.goalId, goal.need]));
        goals.forEach((goal) => raised.add(goal.need));
      }
      if (event.type === "ConnectionMade") {
        connected.add(plan.get(event.data.goalId) ?? "?");
        const need = plan.get(event.data.goalId);
        if (need !== undefined) connectionNeeds.set(event.data.connectionId, [need, notErased(event.data.providerId)]);
      }
      // A provider's decline is a gap under its connection's need (at the time the connection was made).
      if (event.type === "ProviderUpdateRecorded" && event.data.update === "declined" && inPeriod(time)) {
        const [need, providerId] = connectionNeeds.get(event.data.connectionId) ?? [];
        if (need !== undefined && providerId !== undefined) {
          const found = row(pcnId, need);
          found.declinedByProvider += 1;
          found.byDeclineReason[event.data.reason ?? "other"] += 1;
          found.providerSet.add(providerId);
        }
      }
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
      declinedByProvider: tally.declinedByProvider,
      byDeclineReason: tally.byDeclineReason,
    }))
    .sort((a, b) => {
      if (a.unmetNeeds !== b.unmetNeeds) return b.unmetNeeds - a.unmetNeeds;
      if (a.closedWithoutConnection !== b.closedWithoutConnection) return b.closedWithoutConnection - a.closedWithoutConnection;
      if (a.declinedByProvider !== b.declinedByProvider) return b.declinedByProvider - a.declinedByProvider;
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
        // Reports as of any instant of the history: the retention's own property follows.
        const { state, regrouped, restored } = projectedEveryWay(keepingAll, events);
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
