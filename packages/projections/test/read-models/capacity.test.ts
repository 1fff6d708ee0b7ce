import fc from "fast-check";
import { linearRegression } from "simple-statistics";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "@linkwork/core";
import {
  capacityByMonth,
  capacityByYear,
  capacityForecast,
  capacityProjection,
  referralSourceMix,
  referralSourcesProjection,
  CapacitySettings,
  type CapacityForecastRow,
  type CapacityMonthRow,
  type CapacityState,
} from "../../src/index.js";
import { DEFAULT_RETENTION_DAYS } from "../../src/read-models/shared/retention.js";
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
} from "./read-model-history.js";

const projection = right(capacityProjection());

/**
 * PCN a: list 20,000 from 01-01, 2,500 from 02-01; lw_w1 (1.0 FTE) from 01-01, lw_w2 (0.5) from 02-15.
 *   January:  r1 referred, accepted, first conversation 01-10; r2 referred and declined; r3 referred
 *             and accepted, first conversation 02-03.
 *   February: r4 referred and rejected; r5 referred, accepted, then declined 02-20; r6 referred and
 *             accepted, never seen.
 *   March:    r7 referred, accepted, seen 03-03; r8 referred 03-10; r9 referred 03-16, after asOf.
 * PCN b: list 1,000, no link workers, two referrals in January never picked up.
 */
const scenario = [
  command("RecordPcnListSize", "2024-01-01T00:00:00Z", { pcnId: "U00001", registeredPatients: 20_000 }),
  command("RecordPcnListSize", "2024-01-01T00:00:00Z", { pcnId: "U00002", registeredPatients: 1_000 }),
  command("RegisterLinkWorker", "2024-01-01T08:00:00Z", { linkWorkerId: "lw_w1", pcnId: "U00001", fte: 1 }),
  referral("case_r1", "2024-01-05T09:00:00Z"),
  command("AcceptReferral", "2024-01-06T09:00:00Z", { caseId: "case_r1", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-10T09:00:00Z", { caseId: "case_r1", mode: "phone", minutes: 40 }),
  referral("case_b1", "2024-01-10T09:00:00Z", { pcnId: "U00002" }),
  referral("case_b2", "2024-01-11T09:00:00Z", { pcnId: "U00002" }),
  referral("case_r2", "2024-01-20T09:00:00Z"),
  command("DeclineSocialPrescribing", "2024-01-21T09:00:00Z", { caseId: "case_r2", reason: "not_interested" }),
  referral("case_r3", "2024-01-25T09:00:00Z"),
  command("AcceptReferral", "2024-01-26T09:00:00Z", { caseId: "case_r3", linkWorkerId: "lw_w1" }),
  command("RecordPcnListSize", "2024-02-01T00:00:00Z", { pcnId: "U00001", registeredPatients: 2_500 }),
  referral("case_r4", "2024-02-02T09:00:00Z"),
  command("RejectReferral", "2024-02-02T10:00:00Z", { caseId: "case_r4", reason: "outside_area" }),
  command("HoldConversation", "2024-02-03T09:00:00Z", { caseId: "case_r3", mode: "phone", minutes: 40 }),
  referral("case_r5", "2024-02-10T09:00:00Z"),
  command("AcceptReferral", "2024-02-11T09:00:00Z", { caseId: "case_r5", linkWorkerId: "lw_w1" }),
  command("RegisterLinkWorker", "2024-02-15T08:00:00Z", { linkWorkerId: "lw_w2", pcnId: "U00001", fte: 0.5 }),
  command("DeclineSocialPrescribing", "2024-02-20T09:00:00Z", { caseId: "case_r5", reason: "not_right_time" }),
  referral("case_r6", "2024-02-25T09:00:00Z"),
  command("AcceptReferral", "2024-02-26T09:00:00Z", { caseId: "case_r6", linkWorkerId: "lw_w2" }),
  referral("case_r7", "2024-03-01T09:00:00Z"),
  command("AcceptReferral", "2024-03-02T09:00:00Z", { caseId: "case_r7", linkWorkerId: "lw_w2" }),
  command("HoldConversation", "2024-03-03T09:00:00Z", { caseId: "case_r7", mode: "phone", minutes: 40 }),
  referral("case_r8", "2024-03-10T09:00:00Z"),
  referral("case_r9", "2024-03-16T09:00:00Z"),
];

describe("capacity: a hand-computed example as of 2024-03-15T12:00Z", () => {
  const asOf = "2024-03-15T12:00:00Z";

  it("reports each PCN's months with ratios, rates, the waiting list and monthly capacity", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(capacityByMonth(state, { asOf }));
    expect(report).toMatchObject({ fteTargetPer10k: 1, caseloadBenchmarkPerFte: 250, referralRateBand: { lower: 0.012, upper: 0.016 } });
    expect(report.rows.map((row) => [row.pcnId, row.month, row.complete])).toEqual([
      ["U00001", "2024-01", true],
      ["U00001", "2024-02", true],
      ["U00001", "2024-03", false],
      ["U00002", "2024-01", true],
      ["U00002", "2024-02", true],
      ["U00002", "2024-03", false],
    ]);
    const [january, february, march, pcnBJanuary, pcnBFebruary] = report.rows as CapacityMonthRow[];
    expect(january).toEqual({
      pcnId: "U00001",
      month: "2024-01",
      complete: true,
      registeredPatients: 20_000,
      fte: 1,
      ftePer10k: 0.5, // 1 x 10,000 / 20,000
      fteNeeded: 2, // 1.0 x 20,000 / 10,000
      meetsFteTarget: false,
      referrals: 3, // r1 r2 r3
      accepted: 2, // r1 r3
      declined: 1, // r2
      rejected: 0,
      referralsDeclined: 1, // r2
      referralsDecided: 3, // r1 r2 r3
      declineRate: 1 / 3, // of January's referrals who decided, r2 declined
      peopleSupported: 1, // r1's first conversation
      supportedPerFtePerYear: 12, // 1 x 12 / 1.0
      caseloadUtilisation: 0.048, // 12 / 250
      annualisedReferralRate: 0.0018, // 3 x 12 / 20,000
      referralRateBand: "below",
      waitingList: 1, // r3: accepted, not yet seen; r2 declined
      monthlyCapacity: 250 / 12, // 1.0 x 250 / 12
    });
    expect(february).toMatchObject({
      registeredPatients: 2_500,
      fte: 1.5, // lw_w2 joined 02-15
      ftePer10k: 6, // 1.5 x 10,000 / 2,500
      fteNeeded: 0.25,
      meetsFteTarget: true,
      referrals: 3, // r4 r5 r6
      accepted: 2, // r5 r6
      declined: 1, // r5, after acceptance: a second decision recorded for r5
      rejected: 1, // r4
      referralsDeclined: 1, // r5
      referralsDecided: 2, // r5 (accepted, then declined: once) and r6; r4 was rejected, not decided
      declineRate: 1 / 2, // the referral-source report's rate, not 1 / 3 from counting r5's two decisions
      peopleSupported: 1, // r3, referred in January
      supportedPerFtePerYear: 8, // 1 x 12 / 1.5
      referralRateBand: "within", // 3 x 12 / 2,500 = 0.0144
      waitingList: 1, // r6
      monthlyCapacity: 31.25, // 1.5 x 250 / 12
    });
    expect(february?.annualisedReferralRate).toBeCloseTo(0.0144, 12);
    // March runs to asOf: r9 (03-16) is not counted yet.
    expect(march).toMatchObject({
      referrals: 2,
      accepted: 1,
      declined: 0,
      referralsDecided: 1, // r7; r8 has not decided
      declineRate: 0,
      peopleSupported: 1,
      waitingList: 2,
      referralRateBand: "below",
    });
    expect(pcnBJanuary).toMatchObject({
      fte: 0,
      ftePer10k: 0,
      fteNeeded: 0.1,
      meetsFteTarget: false,
      referrals: 2,
      annualisedReferralRate: 0.024, // 2 x 12 / 1,000
      referralRateBand: "above",
      declineRate: null,
      supportedPerFtePerYear: null,
      caseloadUtilisation: null,
      waitingList: 2,
      monthlyCapacity: 0,
    });
    expect(pcnBFebruary).toMatchObject({ referrals: 0, annualisedReferralRate: 0, referralRateBand: "below", waitingList: 2 });
  });

  it("starts at `from`'s month when given", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const rows = right(capacityByMonth(state, { asOf, from: "2024-02-10T00:00:00Z" })).rows;
    expect(rows.map((row) => `${row.pcnId} ${row.month}`)).toEqual([
      "U00001 2024-02",
      "U00001 2024-03",
      "U00002 2024-02",
      "U00002 2024-03",
    ]);
    // A month's figures are still the whole month's, not from `from` on.
    expect(rows[0]?.referrals).toBe(3);
  });

  it("needs three complete months of referrals for a forecast", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const rows = right(capacityForecast(state, { asOf })).rows;
    expect(rows.map((row) => [row.pcnId, row.fte, row.outlook])).toEqual([
      ["U00001", 1.5, { kind: "insufficient-data", detail: "2 complete month(s) of referrals; a trend needs at least 3" }],
      ["U00002", 0, { kind: "insufficient-data", detail: "2 complete month(s) of referrals; a trend needs at least 3" }],
    ]);
  });
});

describe("capacity: the year view, as commissioners read it", () => {
  const asOf = "2024-03-15T12:00:00Z";

  it("sums the months of each financial year (April to March), with the FTE shortfall and the year's capacity", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(capacityByYear(state, { asOf }));
    expect(report).toMatchObject({ yearStartMonth: 4, fteTargetPer10k: 1, caseloadBenchmarkPerFte: 250 });
    const [a, b] = report.rows;
    expect(a).toMatchObject({
      pcnId: "U00001",
      year: "2023/24", // January to March 2024 end the financial year that began in April 2023
      firstMonth: "2024-01",
      lastMonth: "2024-03",
      months: 3,
      complete: false,
      registeredPatients: 2_500,
      fteNeeded: 0.25,
      shortfallFte: 0,
      referrals: 8, // 3 + 3 + 2
      referralShareOfList: 8 / 2_500,
      referralsDeclined: 2, // r2 r5
      referralsDecided: 6, // 3 + 2 + 1
      declineRate: 1 / 3,
      peopleSupported: 3,
    });
    expect(a?.fte).toBeCloseTo(4 / 3, 12); // (1 + 1.5 + 1.5) / 3
    expect(a?.annualCapacity).toBeCloseTo(((4 / 3) * 250 * 3) / 12, 9);
    expect(a?.capacityUtilisation).toBeCloseTo(3 / (((4 / 3) * 250 * 3) / 12), 12);
    expect(b).toMatchObject({
      pcnId: "U00002",
      year: "2023/24",
      fte: 0,
      fteNeeded: 0.1,
      shortfallFte: 0.1,
      referrals: 2,
      referralShareOfList: 0.002,
      declineRate: null,
      annualCapacity: 0,
      capacityUtilisation: null,
    });
  });

  it("calls a year complete only with all twelve months: one cut short by the history's start or by from is not", async () => {
    const state = project(projection, await recordedHistory(scenario));
    // March 2024 is over by May: the year 2023/24 has ended, but the history holds only its last three months.
    const later = right(capacityByYear(state, { asOf: "2024-05-20T12:00:00Z" }));
    const ended = later.rows.find((row) => row.pcnId === "U00001" && row.year === "2023/24");
    expect(ended).toMatchObject({ months: 3, complete: false });
    const fromFebruary = right(capacityByYear(state, { asOf: "2024-05-20T12:00:00Z", from: "2024-02-01T00:00:00Z" }));
    expect(fromFebruary.rows.find((row) => row.pcnId === "U00001" && row.year === "2023/24")).toMatchObject({ months: 2, complete: false });
  });

  it("takes calendar years when told to", async () => {
    const state = project(right(capacityProjection({ yearStartMonth: 1 })), await recordedHistory(scenario));
    expect(right(capacityByYear(state, { asOf })).rows.map((row) => [row.pcnId, row.year])).toEqual([
      ["U00001", "2024"],
      ["U00002", "2024"],
    ]);
    expect(refusedPaths(capacityProjection({ yearStartMonth: 13 }))).toEqual(["yearStartMonth"]);
  });
});

describe("capacity: the forecast", () => {
  // Referrals rise by one a month, 1, 2, 3, 4 from January to April; 0.4 FTE can take on
  // 0.4 x 250 / 12 = 8.33 people a month. The line through (0,1) (1,2) (2,3) (3,4) is 1 + x, so
  // month x = 3 + k after April predicts 4 + k: 8 in August (k = 4), 9 in September (k = 5).
  const rising = [
    command("RecordPcnListSize", "2024-01-01T00:00:00Z", { pcnId: "U00006", registeredPatients: 10_000 }),
    command("RegisterLinkWorker", "2024-01-01T00:00:00Z", { linkWorkerId: "lw_f1", pcnId: "U00006", fte: 0.4 }),
    ...[
      "2024-01-15",
      "2024-02-05",
      "2024-02-20",
      "2024-03-04",
      "2024-03-12",
      "2024-03-30",
      "2024-04-01",
      "2024-04-09",
      "2024-04-10",
      "2024-04-30",
    ].map((date, index) => referral(`case_f${index}`, `${date}T10:00:00Z`, { pcnId: "U00006" })),
  ];

  it("finds the first month when the referral trend overtakes monthly capacity", async () => {
    const state = project(projection, await recordedHistory(rising));
    const [row] = right(capacityForecast(state, { asOf: "2024-05-10T00:00:00Z" })).rows;
    expect(row).toEqual<CapacityForecastRow>({
      pcnId: "U00006",
      fte: 0.4,
      monthlyCapacity: (0.4 * 250) / 12,
      trend: { months: ["2024-01", "2024-02", "2024-03", "2024-04"], referrals: [1, 2, 3, 4], slopePerMonth: 1, fittedLastMonth: 4 },
      outlook: { kind: "overtakes", month: "2024-09", monthsAhead: 5, predictedReferrals: 9 },
    });
  });

  it("says so when the horizon ends first, and uses only the trailing months", async () => {
    const events = await recordedHistory(rising);
    const shortHorizon = project(right(capacityProjection({ forecastHorizonMonths: 4 })), events);
    expect(right(capacityForecast(shortHorizon, { asOf: "2024-05-10T00:00:00Z" })).rows[0]?.outlook).toEqual({
      kind: "not-within-horizon",
      horizonMonths: 4,
      predictedReferralsAtHorizon: 8, // August
    });
    // Three trailing months, February to April: 2, 3, 4 -> the same slope of 1 a month.
    const trailing = project(right(capacityProjection({ trendMonths: 3 })), events);
    expect(right(capacityForecast(trailing, { asOf: "2024-05-10T00:00:00Z" })).rows[0]?.trend).toEqual({
      months: ["2024-02", "2024-03", "2024-04"],
      referrals: [2, 3, 4],
      slopePerMonth: 1,
      fittedLastMonth: 4,
    });
  });
});

describe("capacity: settings, options and snapshots", () => {
  it("refuses bad settings and options, naming the field", () => {
    expect(refusedPaths(capacityProjection({ fteTargetPer10k: 0 }))).toEqual(["fteTargetPer10k"]);
    expect(refusedPaths(capacityProjection({ trendMonths: 2 }))).toEqual(["trendMonths"]);
    expect(refusedPaths(capacityProjection({ referralRateBand: { lower: 0.02, upper: 0.01 } }))).toEqual(["referralRateBand.lower"]);
    const state = projection.initialState();
    expect(refusedPaths(capacityByMonth(state, { asOf: "2024-01-01T00:00:00Z", from: "2024-02-01T00:00:00Z" }))).toEqual(["from"]);
    expect(refusedPaths(capacityForecast(state, { asOf: "2024-13-01T00:00:00Z" }))).toEqual(["asOf"]);
  });

  it("round-trips a snapshot", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const codec = projection.codec!;
    const restored = right(codec.decode(codec.encode(state)));
    expect(right(capacityByMonth(restored))).toEqual(right(capacityByMonth(state)));
    expect(
      codec.decode(
        JSON.stringify({
          cases: [],
          linkWorkers: [["lw", { pcnId: "p", changes: [{ at: 0, fte: 2 }] }]],
          listSizes: [],
          latestOccurredAt: 0,
        }),
      ),
    ).toMatchObject({
      _tag: "Left",
    });
  });
});

describe("capacity: retention", () => {
  it('keeps ended cases 92 days by default and refuses a retentionDays that is not a whole number of days or "all"', () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(92);
    expect(CapacitySettings.parse({}).retentionDays).toBe(92);
    expect(projection.initialState().settings.retentionDays).toBe(92);
    expect(right(capacityProjection({ retentionDays: "all" })).initialState().settings.retentionDays).toBe("all");
    for (const retentionDays of [-1, 1.5, "forever"]) {
      expect(refusedPaths(capacityProjection({ retentionDays } as never))).toEqual(["retentionDays"]);
    }
  });

  // The latest event is r9 at 03-16T09:00, so 10 days' retention puts the horizon at 03-06T09:00:
  // r2 (declined 01-21), r4 (rejected 02-02) and r5 (declined 02-20) ended before it.
  const tenDays = right(capacityProjection({ retentionDays: 10 }));

  it("folds cases that ended before the horizon into monthly counts and forgets their milestones", async () => {
    const state = project(tenDays, await recordedHistory(scenario));
    expect(new Date(state.retention.horizon ?? 0).toISOString()).toBe("2024-03-06T09:00:00.000Z");
    expect([...state.cases.keys()].sort()).toEqual([
      "case_b1",
      "case_b2",
      "case_r1",
      "case_r3",
      "case_r6",
      "case_r7",
      "case_r8",
      "case_r9",
    ]);
    expect(state.folded.get("U00001")).toEqual({
      firstReferredAt: Date.parse("2024-01-20T09:00:00Z"), // r2
      months: new Map([
        // r2: referred and declined in January, so it joined and left the waiting list in the month.
        [
          "2024-01",
          {
            referrals: 1,
            accepted: 0,
            declined: 1,
            rejected: 0,
            peopleSupported: 0,
            referralsDeclined: 1,
            referralsDecided: 1,
            waitingChange: 0,
          },
        ],
        // r4 referred and rejected; r5 referred, accepted and declined.
        [
          "2024-02",
          {
            referrals: 2,
            accepted: 1,
            declined: 1,
            rejected: 1,
            peopleSupported: 0,
            referralsDeclined: 1,
            referralsDecided: 1,
            waitingChange: 0,
          },
        ],
      ]),
    });
    expect(state.folded.has("U00002")).toBe(false);
  });

  it("answers as the unfolded state does as of the horizon or later, and refuses an earlier asOf", async () => {
    const events = await recordedHistory(scenario);
    const folded = project(tenDays, events);
    const whole = project(right(capacityProjection({ retentionDays: "all" })), events);
    for (const asOf of ["2024-03-06T09:00:00.000Z", "2024-03-15T12:00:00Z", "2024-03-31T23:59:59.999Z", "2024-06-01T00:00:00Z"]) {
      for (const from of [undefined, "2024-01-15T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-06T09:00:00Z"]) {
        const options = from === undefined ? { asOf } : { asOf, from };
        expect(right(capacityByMonth(folded, options))).toEqual(right(capacityByMonth(whole, options)));
      }
      expect(right(capacityForecast(folded, { asOf }))).toEqual(right(capacityForecast(whole, { asOf })));
    }
    expect(refusedPaths(capacityByMonth(folded, { asOf: "2024-03-06T08:59:59.999Z" }))).toEqual(["asOf"]);
    expect(refusedPaths(capacityForecast(folded, { asOf: "2024-03-01T00:00:00Z" }))).toEqual(["asOf"]);
    const refusal = capacityByMonth(folded, { asOf: "2024-02-01T00:00:00Z" });
    expect(refusal._tag === "Left" && refusal.left.message).toContain("retention horizon 2024-03-06T09:00:00.000Z");
  });

  it("still shows a PCN seen only through referrals that were folded, from their month", async () => {
    // U00003 has no list size and no link worker: its January referral, declined at once, is how it was first seen.
    const events = await recordedHistory([
      referral("case_c1", "2024-01-03T09:00:00Z", { pcnId: "U00003" }),
      command("DeclineSocialPrescribing", "2024-01-04T09:00:00Z", { caseId: "case_c1", reason: "not_interested" }),
      referral("case_c2", "2024-03-20T09:00:00Z", { pcnId: "U00003" }),
    ]);
    const folded = project(tenDays, events);
    expect(folded.cases.has("case_c1")).toBe(false);
    const whole = project(right(capacityProjection({ retentionDays: "all" })), events);
    const months = right(capacityByMonth(folded));
    expect(months.rows.map((row) => [row.month, row.referrals, row.declined, row.waitingList])).toEqual([
      ["2024-01", 1, 1, 0],
      ["2024-02", 0, 0, 0],
      ["2024-03", 1, 0, 1],
    ]);
    expect(months).toEqual(right(capacityByMonth(whole)));
    // The trend window starts at the folded referral's month: January and February are complete.
    const forecast = right(capacityForecast(folded, { asOf: "2024-03-25T00:00:00Z" }));
    expect(forecast.rows[0]?.outlook).toEqual({
      kind: "insufficient-data",
      detail: "2 complete month(s) of referrals; a trend needs at least 3",
    });
    expect(forecast).toEqual(right(capacityForecast(whole, { asOf: "2024-03-25T00:00:00Z" })));
  });

  it("round-trips a folded state: decoded and applying the rest, it equals the state that never stopped", async () => {
    const events = await recordedHistory(scenario);
    const cut = events.findIndex((recorded) => recorded.event.metadata.occurredAt.startsWith("2024-03-10"));
    const codec = tenDays.codec!;
    const early = project(tenDays, events.slice(0, cut));
    expect(early.folded.size).toBe(1); // r2, r4 and r5 are folded before the cut
    let resumed = right(codec.decode(codec.encode(early)));
    for (const recorded of events.slice(cut)) resumed = tenDays.apply(resumed, recorded);
    const uninterrupted = project(tenDays, events);
    expect(codec.encode(resumed)).toBe(codec.encode(uninterrupted));
    expect(right(capacityByMonth(resumed))).toEqual(right(capacityByMonth(uninterrupted)));
  });

  it("refuses a snapshot taken with another retentionDays, naming it", async () => {
    const state = project(tenDays, await recordedHistory(scenario));
    const decoded = projection.codec!.decode(tenDays.codec!.encode(state));
    expect(decoded._tag === "Left" && decoded.left).toMatch(/^snapshot does not match the state: retentionDays/);
  });
});

/** What a retention test looks at: the horizon has passed an ended case, so some were folded. */
const foldedAny = (state: CapacityState) => state.folded.size > 0;

describe("capacity: folding never changes a report as of the horizon or later", () => {
  it("for random histories, retentions, instants and period starts, equals the state that keeps everything", async () => {
    const whole = right(capacityProjection({ retentionDays: "all" }));
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    const report = fc.record({
      asOfKind: fc.constantFrom("horizon", "horizon-month-end", "after"),
      asOfFraction: unit,
      fromKind: fc.constantFrom("none", "month-start", "any", "after-horizon"),
      fromFraction: unit,
    });
    let runs = 0;
    let runsFolding = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryReportCase(),
        fc.integer({ min: 0, max: 40 }),
        fc.array(report, { minLength: 3, maxLength: 3 }),
        fc.nat(),
        fc.integer({ min: 1, max: 50 * 86_400_000 }),
        async ({ history }, retentionDays, reports, cutPick, beforeHorizon) => {
          const events = await recordedHistory(history.commands, history.policy);
          const model = right(capacityProjection({ retentionDays }));
          const state = project(model, events);
          const reference = project(whole, events);
          const regrouped = project(model, groupedByStream(events));
          runs += 1;
          if (foldedAny(state)) runsFolding += 1;
          const horizon = state.retention.horizon ?? 0;
          const latest = state.latestOccurredAt ?? 0;
          const first = Date.parse(events[0]?.event.metadata.occurredAt ?? "2022-01-01T00:00:00Z");
          const monthEndOf = (ms: number) => Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth() + 1, 1) - 1;
          for (const { asOfKind, asOfFraction, fromKind, fromFraction } of reports) {
            const asOfMs =
              asOfKind === "horizon"
                ? horizon
                : asOfKind === "horizon-month-end"
                  ? monthEndOf(horizon)
                  : Math.round(horizon + asOfFraction * (latest + 45 * 86_400_000 - horizon));
            const anyFrom = Math.round(first - 40 * 86_400_000 + fromFraction * (asOfMs - first + 40 * 86_400_000));
            const fromMs =
              fromKind === "none"
                ? null
                : fromKind === "any"
                  ? anyFrom
                  : fromKind === "month-start"
                    ? Date.UTC(new Date(anyFrom).getUTCFullYear(), new Date(anyFrom).getUTCMonth(), 1)
                    : Math.round(horizon + fromFraction * (asOfMs - horizon));
            const asOf = new Date(asOfMs).toISOString();
            const options = fromMs === null ? { asOf } : { asOf, from: new Date(fromMs).toISOString() };
            const months = right(capacityByMonth(reference, options));
            expect(right(capacityByMonth(state, options))).toEqual(months);
            expect(right(capacityByMonth(regrouped, options))).toEqual(months);
            const forecast = right(capacityForecast(reference, { asOf }));
            expect(right(capacityForecast(state, { asOf }))).toEqual(forecast);
            expect(right(capacityForecast(regrouped, { asOf }))).toEqual(forecast);
          }
          if (state.retention.horizon !== null) {
            const early = new Date(horizon - beforeHorizon).toISOString();
            expect(refusedPaths(capacityByMonth(state, { asOf: early }))).toEqual(["asOf"]);
            expect(refusedPaths(capacityForecast(state, { asOf: early }))).toEqual(["asOf"]);
          }
          // A snapshot taken part way, decoded, then the rest applied: the same state as one replay.
          const codec = model.codec!;
          expect(codec.encode(resumedFromSnapshot(model, events, cutPick))).toBe(codec.encode(state));
        },
      ),
      { numRuns: 60 },
    );
    // Folding happened in most runs, so the equalities above were not vacuous.
    expect(runsFolding).toBeGreaterThan(runs / 2);
  });
});

// ---- The reference: capacity recomputed month by month from the events at or before asOf. ----

const at = (recorded: RecordedEvent) => Date.parse(recorded.event.metadata.occurredAt);
const monthKey = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const nextMonth = (month: string) => {
  const [year, index] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, "0")}`;
};
const lastMillisecond = (month: string) => Date.parse(`${nextMonth(month)}-01T00:00:00Z`) - 1;

interface ReferenceCase {
  pcnId: string;
  first: Map<string, number>;
}

function referenceFacts(events: readonly RecordedEvent[], asOf: number) {
  const upTo = events.filter((recorded) => at(recorded) <= asOf);
  const cases = new Map<string, ReferenceCase>();
  const firstSeen = new Map<string, number>();
  const workerPcn = new Map<string, string>();
  const see = (pcnId: string, time: number) => firstSeen.set(pcnId, Math.min(time, firstSeen.get(pcnId) ?? time));
  for (const recorded of upTo) {
    const { event } = recorded;
    if (event.type === "ReferralReceived") {
      cases.set(recorded.streamId, { pcnId: event.data.pcnId, first: new Map() });
      see(event.data.pcnId, at(recorded));
    }
    if (event.type === "PcnListSizeRecorded") see(event.data.pcnId, at(recorded));
    if (event.type === "LinkWorkerJoined") {
      see(event.data.pcnId, at(recorded));
      workerPcn.set(event.data.linkWorkerId, event.data.pcnId);
    }
    const known = cases.get(recorded.streamId);
    if (known !== undefined && !known.first.has(event.type)) known.first.set(event.type, at(recorded));
  }
  const hours = upTo.filter((recorded) => recorded.streamId.startsWith("linkworker-"));
  const fteAt = (pcnId: string, time: number) =>
    [...workerPcn.keys()]
      .sort()
      .filter((id) => workerPcn.get(id) === pcnId)
      .map((id) => {
        let fte = 0;
        for (const recorded of hours) {
          const { event } = recorded;
          if (at(recorded) > time) continue;
          if ((event.type === "LinkWorkerJoined" || event.type === "LinkWorkerFteChanged") && event.data.linkWorkerId === id)
            fte = event.data.fte;
          if (event.type === "LinkWorkerLeft" && event.data.linkWorkerId === id) fte = 0;
        }
        return fte;
      })
      .reduce((sum, fte) => sum + fte, 0);
  const lists = upTo.filter((recorded) => recorded.streamId.startsWith("pcn-"));
  return { lists, cases: [...cases.values()], firstSeen, fteAt };
}

/** The settings a recomputation needs: retention changes what a state holds, never a figure. */
type ReportSettings = Omit<CapacitySettings, "retentionDays">;

function referenceMonths(events: readonly RecordedEvent[], asOf: number, settings: ReportSettings): CapacityMonthRow[] {
  const { lists, cases, firstSeen, fteAt } = referenceFacts(events, asOf);
  const rows: CapacityMonthRow[] = [];
  for (const pcnId of [...firstSeen.keys()].sort()) {
    const mine = cases.filter((known) => known.pcnId === pcnId);
    for (let month = monthKey(firstSeen.get(pcnId) ?? asOf); month <= monthKey(asOf); month = nextMonth(month)) {
      const end = Math.min(lastMillisecond(month), asOf);
      const count = (type: string) =>
        mine.filter((known) => monthKey(known.first.get(type) ?? -1e15) === month && (known.first.get(type) ?? 0) <= end).length;
      let registeredPatients: number | null = null;
      for (const recorded of lists) {
        if (recorded.event.type === "PcnListSizeRecorded" && recorded.event.data.pcnId === pcnId && at(recorded) <= end) {
          registeredPatients = recorded.event.data.registeredPatients;
        }
      }
      const fte = fteAt(pcnId, end);
      const [referrals, accepted, declined, rejected, supported] = [
        count("ReferralReceived"),
        count("ReferralAccepted"),
        count("SocialPrescribingDeclined"),
        count("ReferralRejected"),
        count("ConversationHeld"),
      ];
      const by = (known: ReferenceCase, type: string) => (known.first.get(type) ?? Infinity) <= end;
      // The month's referrals that had decided by asOf (accepted or declined), or only those that declined.
      const decidedOf = (only?: string) =>
        mine.filter((known) => {
          const referred = known.first.get("ReferralReceived") ?? -1e15;
          if (monthKey(referred) !== month || referred > end) return false;
          const types = only === undefined ? ["ReferralAccepted", "SocialPrescribingDeclined"] : [only];
          return types.some((type) => (known.first.get(type) ?? Infinity) <= asOf);
        }).length;
      const perFte = fte > 0 ? (supported * 12) / fte : null;
      const rate = registeredPatients ? (referrals * 12) / registeredPatients : null;
      rows.push({
        pcnId,
        month,
        complete: asOf >= lastMillisecond(month),
        registeredPatients,
        fte,
        ftePer10k: registeredPatients ? (fte * 10_000) / registeredPatients : null,
        fteNeeded: registeredPatients === null ? null : (settings.fteTargetPer10k * registeredPatients) / 10_000,
        meetsFteTarget: registeredPatients ? (fte * 10_000) / registeredPatients >= settings.fteTargetPer10k : null,
        referrals,
        accepted,
        declined,
        rejected,
        referralsDeclined: decidedOf("SocialPrescribingDeclined"),
        referralsDecided: decidedOf(),
        declineRate: decidedOf() > 0 ? decidedOf("SocialPrescribingDeclined") / decidedOf() : null,
        peopleSupported: supported,
        supportedPerFtePerYear: perFte,
        caseloadUtilisation: perFte === null ? null : perFte / settings.caseloadBenchmarkPerFte,
        annualisedReferralRate: rate,
        referralRateBand:
          rate === null
            ? null
            : rate < settings.referralRateBand.lower
              ? "below"
              : rate <= settings.referralRateBand.upper
                ? "within"
                : "above",
        waitingList: mine.filter(
          (known) =>
            by(known, "ReferralReceived") &&
            !by(known, "ConversationHeld") &&
            !by(known, "ReferralRejected") &&
            !by(known, "SocialPrescribingDeclined") &&
            !by(known, "CaseClosed"),
        ).length,
        monthlyCapacity: (fte * settings.caseloadBenchmarkPerFte) / 12,
      });
    }
  }
  return rows;
}

function referenceForecast(events: readonly RecordedEvent[], asOf: number, settings: ReportSettings): CapacityForecastRow[] {
  const { cases, firstSeen, fteAt } = referenceFacts(events, asOf);
  return [...firstSeen.keys()].sort().map((pcnId): CapacityForecastRow => {
    const fte = fteAt(pcnId, asOf);
    const monthlyCapacity = (fte * settings.caseloadBenchmarkPerFte) / 12;
    const referredMonths = cases
      .filter((known) => known.pcnId === pcnId)
      .map((known) => monthKey(known.first.get("ReferralReceived") ?? 0))
      .sort();
    let last = monthKey(asOf);
    if (asOf < lastMillisecond(last)) {
      const [year, index] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
      last = index === 1 ? `${year - 1}-12` : `${year}-${String(index - 1).padStart(2, "0")}`;
    }
    const months: string[] = [];
    for (let month = referredMonths[0] ?? "9999-12"; month <= last; month = nextMonth(month)) months.push(month);
    const window = months.slice(-settings.trendMonths);
    if (referredMonths.length === 0 || window.length < 3) {
      const detail =
        referredMonths.length === 0 ? "no referrals yet" : `${window.length} complete month(s) of referrals; a trend needs at least 3`;
      return { pcnId, fte, monthlyCapacity, trend: null, outlook: { kind: "insufficient-data", detail } };
    }
    const referrals = window.map((month) => referredMonths.filter((referred) => referred === month).length);
    const { m, b } = linearRegression(referrals.map((count, x) => [x, count]));
    const trend = { months: window, referrals, slopePerMonth: m, fittedLastMonth: b + m * (window.length - 1) };
    let month = last;
    for (let ahead = 1; ahead <= settings.forecastHorizonMonths; ahead++) {
      month = nextMonth(month);
      const predictedReferrals = b + m * (window.length - 1 + ahead);
      if (predictedReferrals > monthlyCapacity)
        return { pcnId, fte, monthlyCapacity, trend, outlook: { kind: "overtakes", month, monthsAhead: ahead, predictedReferrals } };
    }
    const atHorizon = b + m * (window.length - 1 + settings.forecastHorizonMonths);
    return {
      pcnId,
      fte,
      monthlyCapacity,
      trend,
      outlook: { kind: "not-within-horizon", horizonMonths: settings.forecastHorizonMonths, predictedReferralsAtHorizon: atHorizon },
    };
  });
}

describe("capacity: agrees with a recomputation from the events", () => {
  it("for random histories, settings and instants, whatever the streams' interleaving, and after a snapshot", async () => {
    // The default retention (92 days) over histories spanning up to a year: older cases are folded,
    // and an instant before the horizon is refused, naming asOf.
    // Small benchmarks, so that the few generated referrals sometimes overtake capacity.
    const settings = fc.record({
      fteTargetPer10k: fc.constantFrom(0.5, 1, 2),
      caseloadBenchmarkPerFte: fc.integer({ min: 1, max: 300 }),
      referralRateBand: fc.constantFrom({ lower: 0.012, upper: 0.016 }, { lower: 0, upper: 0.5 }),
      trendMonths: fc.integer({ min: 3, max: 8 }),
      forecastHorizonMonths: fc.integer({ min: 1, max: 36 }),
      yearStartMonth: fc.constantFrom(1, 4, 7),
    });
    await fc.assert(
      fc.asyncProperty(arbitraryReportCase(), settings, async ({ history, asOfPicks }, chosen) => {
        const events = await recordedHistory(history.commands, history.policy);
        const model = right(capacityProjection(chosen));
        const { state, regrouped, restored } = projectedEveryWay(model, events);
        const sourcesState = project(right(referralSourcesProjection({ retentionDays: "all" })), events);
        for (const pick of asOfPicks) {
          const asOf = asOfWithin(events, pick);
          if (Date.parse(asOf) < (state.retention.horizon ?? -Infinity)) {
            expect(refusedPaths(capacityByMonth(state, { asOf }))).toEqual(["asOf"]);
            expect(refusedPaths(capacityForecast(restored, { asOf }))).toEqual(["asOf"]);
            continue;
          }
          const months = right(capacityByMonth(state, { asOf })).rows;
          expect(months).toEqual(referenceMonths(events, Date.parse(asOf), chosen));
          const forecast = right(capacityForecast(state, { asOf })).rows;
          expect(forecast).toEqual(referenceForecast(events, Date.parse(asOf), chosen));
          expect(right(capacityByMonth(regrouped, { asOf })).rows).toEqual(months);
          expect(right(capacityForecast(restored, { asOf })).rows).toEqual(forecast);
          // Each year is its months summed; the year running to asOf has the referral-source report's decline rate over the same referrals.
          for (const year of right(capacityByYear(state, { asOf })).rows) {
            const inYear = months.filter((row) => row.pcnId === year.pcnId && row.month >= year.firstMonth && row.month <= year.lastMonth);
            expect(year.months).toBe(inYear.length);
            expect(year.referrals).toBe(inYear.reduce((sum, row) => sum + row.referrals, 0));
            expect(year.peopleSupported).toBe(inYear.reduce((sum, row) => sum + row.peopleSupported, 0));
            if (year.lastMonth !== asOf.slice(0, 7)) continue;
            const sources = right(
              referralSourceMix(sourcesState, { asOf, from: `${year.firstMonth}-01T00:00:00.000Z`, pcnId: year.pcnId }),
            );
            expect([year.referrals, year.referralsDeclined, year.referralsDecided, year.declineRate]).toEqual([
              sources.all.referrals,
              sources.all.declined,
              sources.all.referrals - sources.all.rejected - sources.all.awaitingDecision,
              sources.all.declineRate,
            ]);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
