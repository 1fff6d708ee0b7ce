import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { DAY_MS, type RecordedEvent } from "@linkwork/core";
import { ClosureReason } from "@linkwork/core/vocabulary";
import { arbitraryHistory, notErased } from "@linkwork/core/testing";
import {
  demandReductionProjection,
  demandReductionReport,
  type CohortWindowResult,
  type DemandReductionAnalysis,
  type DemandReductionProjectionSettingsInput,
  type DemandReductionState,
  type DemandReductionReport,
  type DemandReductionWindow,
  type WindowCoverage,
  type Projection,
  type StateCodec,
} from "../../src/index.js";
import { command, project, recordedHistory, referral, refusedPaths, right, resumedFromSnapshot } from "./read-model-history.js";
import { approximately } from "./approximately.js";

/** The read model with these settings (default: retention 92 days, windows up to 12 months). */
const demandReduction = (settings: DemandReductionProjectionSettingsInput = {}) => right(demandReductionProjection(settings));

function codecOf<State>(projection: Projection<State>): StateCodec<State> {
  if (projection.codec === undefined) throw new Error(`${projection.name} has no snapshot codec`);
  return projection.codec;
}
const IMPORTED_AT = "2025-03-01T09:00:00Z";

const refer = (caseId: string, personId: string, at = "2024-01-10T10:00:00Z") => referral(caseId, at, { personId });
const accept = (caseId: string, at: string) => command("AcceptReferral", at, { caseId, linkWorkerId: "lw_w1" });
const talk = (caseId: string, at: string) => command("HoldConversation", at, { caseId, mode: "phone", minutes: 30 });
const close = (caseId: string, at: string, reason: ClosureReason) => command("CloseCase", at, { caseId, reason });
const decline = (caseId: string, at: string) => command("DeclineSocialPrescribing", at, { caseId, reason: "not_interested" });
const enrol = (personId: string, indexDate: string) =>
  command("EnrolInComparisonCohort", "2025-03-01T08:00:00Z", { personId, pcnId: "U00001", indexDate });
const usage = (personId: string, periodStart: string, periodEnd: string, count: number, setting = "gp_appointment") =>
  command("RecordHealthcareUsage", IMPORTED_AT, { personId, setting, periodStart, periodEnd, count });
/** `count` appointments on one day. */
const on = (personId: string, date: string, count: number) => usage(personId, date, date, count);
/** An extract with no appointments spanning every window in these tests: days it covers without appointments count as 0. */
const extract = (personId: string) => usage(personId, "2022-12-01", "2025-02-28", 0);

async function reportOf(
  commands: readonly unknown[],
  settings: unknown = {},
  projectionSettings: DemandReductionProjectionSettingsInput = {},
): Promise<DemandReductionReport> {
  return right(demandReductionReport(project(demandReduction(projectionSettings), await recordedHistory(commands)), settings));
}

function window(report: DemandReductionReport, months: number): DemandReductionWindow {
  const found = report.windows.find((candidate) => candidate.months === months);
  if (found === undefined) throw new Error(`no ${String(months)}-month window`);
  return found;
}

function summary(analysis: DemandReductionAnalysis) {
  const result = analysis.beforeAfter;
  if (result.kind !== "estimate") throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result;
}

function did(analysis: DemandReductionAnalysis): number {
  const result = analysis.differenceInDifferences;
  if (result.kind !== "estimate") throw new Error(`expected a DiD estimate, got ${JSON.stringify(result)}`);
  return result.estimate;
}

function coverageOf(result: WindowCoverage): WindowCoverage {
  const { people, included, followUpIncomplete, noUsageRecorded, windowNotCovered, frequentAttenders, frequentAttenderUnknown } = result;
  return { people, included, followUpIncomplete, noUsageRecorded, windowNotCovered, frequentAttenders, frequentAttenderUnknown };
}

/**
 * Index date 2024-01-10 for everyone. Windows (days, index day in neither):
 *   6 months = 183 days: before 2023-07-11..2024-01-09, after 2024-01-11..2024-07-11
 *   12 months = 365 days: before 2023-01-10..2024-01-09, after 2024-01-11..2025-01-09
 * Appointments on 2023-04-01 (months 7-12 before), 2023-10-01 (months 1-6 before), 2024-04-01
 * (months 1-6 after), 2024-10-01 (months 7-12 after):
 *
 *   person  group       case                       04-01  10-01 | 04-01  10-01   6m b/a  12m b/a
 *   pa      referred    conversation, goals_met       4      8  |    4      2     8/4     12/6   frequent attender (12 > 10)
 *   pb      referred    conversation, disengaged      2      6  |    5      3     6/5      8/8
 *   pc      referred    declined                      1      4  |    4      0     4/4      5/4
 *   pd      comparison                                2      3  |    3      3     3/3      5/6
 *   pe      comparison                                3      5  |    4      1     5/4      8/5
 *   pf      referred 2024-10-01: after windows end 2025-04-02 and later, after asOf 2025-03-01: follow-up incomplete
 *   pg      referred, no usage records at all: no usage recorded
 *   ph      referred, one record 2023-09-01..2024-12-31: the windows are not covered
 */
const panel = [
  refer("case_ca1", "person_pa1"),
  accept("case_ca1", "2024-01-10T11:00:00Z"),
  talk("case_ca1", "2024-01-10T12:00:00Z"),
  close("case_ca1", "2024-05-01T10:00:00Z", "goals_met"),
  refer("case_cb1", "person_pb1"),
  accept("case_cb1", "2024-01-10T11:00:00Z"),
  talk("case_cb1", "2024-01-10T12:00:00Z"),
  close("case_cb1", "2024-05-01T10:00:00Z", "disengaged"),
  refer("case_cc1", "person_pc1"),
  decline("case_cc1", "2024-01-11T10:00:00Z"),
  refer("case_cf1", "person_pf1", "2024-10-01T10:00:00Z"),
  refer("case_cg1", "person_pg1"),
  refer("case_ch1", "person_ph1"),
  enrol("person_pd1", "2024-01-10"),
  enrol("person_pe1", "2024-01-10"),
  ...(
    [
      ["person_pa1", 4, 8, 4, 2],
      ["person_pb1", 2, 6, 5, 3],
      ["person_pc1", 1, 4, 4, 0],
      ["person_pd1", 2, 3, 3, 3],
      ["person_pe1", 3, 5, 4, 1],
    ] as const
  ).flatMap(([personId, early, before, after, late]) => [
    extract(personId),
    on(personId, "2023-04-01", early),
    on(personId, "2023-10-01", before),
    on(personId, "2024-04-01", after),
    on(personId, "2024-10-01", late),
  ]),
  usage("person_pa1", "2023-10-01", "2023-10-01", 7, "ae_attendance"),
  extract("person_pf1"),
  usage("person_ph1", "2023-09-01", "2024-12-31", 3),
];

describe("demand reduction report: a hand-computed panel", () => {
  it("counts the people and reports as of the latest event", async () => {
    const report = await reportOf(panel);
    expect(report.asOf).toBe("2025-03-01T09:00:00.000Z");
    expect(report.people).toEqual({ referred: 6, noIndexDate: 0, comparison: 2, comparisonAlsoReferred: 0, erased: 0 });
    expect(report.windows.map((entry) => [entry.months, entry.days])).toEqual([
      [6, 183],
      [12, 365],
    ]);
  });

  it("gives the 6-month means, change and DiD for intention to treat", async () => {
    const itt = window(await reportOf(panel), 6).intentionToTreat;
    // pf: follow-up incomplete; pg: no records; ph: records not covering the windows. Only pa is a frequent attender.
    expect(coverageOf(itt)).toEqual({
      people: 6,
      included: 3,
      followUpIncomplete: 1,
      noUsageRecorded: 1,
      windowNotCovered: 1,
      frequentAttenders: 1,
      frequentAttenderUnknown: 0,
    });
    const change = summary(itt.allPeople);
    // before (8 + 6 + 4) / 3 = 6; after (4 + 5 + 4) / 3 = 13/3; change −5/3; percentage −5/3 / 6 = −27.78%.
    expect(change.n).toBe(3);
    expect(change.meanBefore).toBeCloseTo(6, 12);
    expect(change.meanAfter).toBeCloseTo(13 / 3, 12);
    expect(change.meanChange.estimate).toBeCloseTo(-5 / 3, 12);
    expect(change.meanChange.lower).toBeLessThanOrEqual(change.meanChange.estimate);
    expect(change.meanChange.upper).toBeGreaterThanOrEqual(change.meanChange.estimate);
    expect(change.percentChange.kind === "estimate" && change.percentChange.estimate).toBeCloseTo(-27.7778, 3);
    // Comparison: before (3 + 5) / 2 = 4, after (3 + 4) / 2 = 3.5, change −0.5. DiD = −5/3 − (−0.5) = −7/6.
    expect(did(itt.allPeople)).toBeCloseTo(-7 / 6, 12);
  });

  it("shows the results without frequent attenders, in both groups", async () => {
    const itt = window(await reportOf(panel), 6).intentionToTreat;
    const change = summary(itt.withoutFrequentAttenders);
    // Without pa: before (6 + 4) / 2 = 5, after (5 + 4) / 2 = 4.5, change −0.5. Neither pd (5 a year) nor pe (8) is one,
    // so the comparison change is still −0.5 and DiD = −0.5 − (−0.5) = 0.
    expect(change.n).toBe(2);
    expect(change.meanBefore).toBeCloseTo(5, 12);
    expect(change.meanAfter).toBeCloseTo(4.5, 12);
    expect(did(itt.withoutFrequentAttenders)).toBeCloseTo(0, 12);
  });

  it("splits engaged and completed people", async () => {
    const sixMonths = window(await reportOf(panel), 6);
    // Engaged (a conversation): pa and pb. Before (8 + 6) / 2 = 7, after (4 + 5) / 2 = 4.5, change −2.5; DiD −2.5 + 0.5 = −2.
    expect(sixMonths.engaged.people).toBe(2);
    expect(summary(sixMonths.engaged.allPeople).meanBefore).toBeCloseTo(7, 12);
    expect(summary(sixMonths.engaged.allPeople).meanAfter).toBeCloseTo(4.5, 12);
    expect(did(sixMonths.engaged.allPeople)).toBeCloseTo(-2, 12);
    // Completed (goals_met or connected_to_support): pa alone, too few for any statistic.
    expect(coverageOf(sixMonths.completed)).toMatchObject({ people: 1, included: 1 });
    expect(sixMonths.completed.allPeople.beforeAfter).toMatchObject({ kind: "insufficient-data", reason: "too-few-observations", n: 1 });
    expect(sixMonths.completed.allPeople.differenceInDifferences).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
    });
  });

  it("gives the 12-month figures and the comparison cohort's own change", async () => {
    const twelveMonths = window(await reportOf(panel), 12);
    const change = summary(twelveMonths.intentionToTreat.allPeople);
    // before (12 + 8 + 5) / 3 = 25/3, after (6 + 8 + 4) / 3 = 6, change −7/3.
    // Comparison: before (5 + 8) / 2 = 6.5, after (6 + 5) / 2 = 5.5, change −1. DiD = −7/3 + 1 = −4/3.
    expect(change.meanBefore).toBeCloseTo(25 / 3, 12);
    expect(change.meanAfter).toBeCloseTo(6, 12);
    expect(did(twelveMonths.intentionToTreat.allPeople)).toBeCloseTo(-4 / 3, 12);
    expect(coverageOf(twelveMonths.comparison)).toEqual({
      people: 2,
      included: 2,
      followUpIncomplete: 0,
      noUsageRecorded: 0,
      windowNotCovered: 0,
      frequentAttenders: 0,
      frequentAttenderUnknown: 0,
    });
    expect(twelveMonths.comparison.beforeAfter).toMatchObject({ kind: "estimate", meanBefore: 6.5, meanAfter: 5.5 });
  });

  it("says in its notes to trust the DiD figure, and who was counted apart", async () => {
    const report = await reportOf(panel);
    expect(report.notes[0]).toMatch(/^Which figure to trust: the difference-in-differences \(DiD\) estimate for intention to treat/);
    expect(report.notes[0]).toMatch(/overstate it when people are referred at a peak of use/);
    expect(
      report.notes.some(
        (note) => note.includes("1 referred and 0 comparison people are counted apart") && note.includes("not counted as zero"),
      ),
    ).toBe(true);
    expect(report.notes.some((note) => note.includes("2 people are excluded") && note.includes("(1 with no records at all)"))).toBe(true);
  });

  it("reports no DiD, and says none of the figures is the effect, without a comparison cohort", async () => {
    const withoutComparison = panel.filter((entry) => !["person_pd1", "person_pe1"].includes(String(entry.personId)));
    const report = await reportOf(withoutComparison);
    const itt = window(report, 6).intentionToTreat;
    expect(itt.allPeople.differenceInDifferences.kind).toBe("no-comparison-cohort");
    expect(summary(itt.allPeople).meanBefore).toBeCloseTo(6, 12);
    expect(report.notes[0]).toMatch(/none of these is an estimate of the effect, because no comparison cohort is recorded/);
  });

  it("counts the setting asked for: A&E attendances are recorded for pa only", async () => {
    const itt = window(await reportOf(panel, { setting: "ae_attendance", windowsMonths: [6] }), 6).intentionToTreat;
    // pa's single A&E record covers one day, so its windows are not covered; everyone else has no A&E records.
    expect(coverageOf(itt)).toMatchObject({ included: 0, followUpIncomplete: 1, noUsageRecorded: 4, windowNotCovered: 1 });
    expect(itt.allPeople.beforeAfter).toMatchObject({ kind: "insufficient-data", reason: "too-few-observations", n: 0 });
  });

  it("reports what was known as of an earlier instant: later events are left out and follow-up is incomplete", async () => {
    // 2024-06-01 is before the default retention horizon (2024-11-29, 92 days before the latest event): keep every case.
    const report = await reportOf(panel, { asOf: "2024-06-01T00:00:00Z" }, { retentionDays: "all" });
    // By then: five referrals in January (pf's came in October); no enrolments or extracts (imported in 2025).
    expect(report.people).toEqual({ referred: 5, noIndexDate: 0, comparison: 0, comparisonAlsoReferred: 0, erased: 0 });
    // Every 6-month after window ends 2024-07-11, after 2024-06-01.
    expect(coverageOf(window(report, 6).intentionToTreat)).toMatchObject({ people: 5, included: 0, followUpIncomplete: 5 });
    expect(window(report, 6).intentionToTreat.allPeople.differenceInDifferences.kind).toBe("no-comparison-cohort");
  });
});

describe("demand reduction report: index dates", () => {
  // q1, q2: referred 01-10, accepted 02-01, first conversation 03-01; appointments on 01-20 and 02-15. q3: referred, declined.
  const history = [
    ...["person_q1", "person_q2"].flatMap((personId) => [
      refer(personId.replace("person_", "case_"), personId),
      accept(personId.replace("person_", "case_"), "2024-02-01T10:00:00Z"),
      talk(personId.replace("person_", "case_"), "2024-03-01T10:00:00Z"),
      extract(personId),
      on(personId, "2024-01-20", 1),
      on(personId, "2024-02-15", 1),
    ]),
    refer("case_cq3", "person_q3"),
    decline("case_cq3", "2024-01-12T10:00:00Z"),
    extract("person_q3"),
  ];

  it("referral: both appointments fall after 01-10, and q3 (no appointments) is included", async () => {
    const itt = window(await reportOf(history, { indexDate: "referral", windowsMonths: [6] }), 6).intentionToTreat;
    // before (0 + 0 + 0) / 3 = 0, after (2 + 2 + 0) / 3 = 4/3; no percentage of a zero baseline.
    expect(summary(itt.allPeople)).toMatchObject({ n: 3, meanBefore: 0 });
    expect(summary(itt.allPeople).meanAfter).toBeCloseTo(4 / 3, 12);
    expect(summary(itt.allPeople).percentChange).toMatchObject({ kind: "insufficient-data", reason: "non-positive-baseline" });
  });

  it("acceptance: one appointment each side of 02-01; q3, never accepted, has no index date", async () => {
    const report = await reportOf(history, { indexDate: "acceptance", windowsMonths: [6] });
    expect(report.people.noIndexDate).toBe(1);
    expect(summary(window(report, 6).intentionToTreat.allPeople)).toMatchObject({ n: 2, meanBefore: 1, meanAfter: 1 });
    expect(report.notes.some((note) => note.startsWith("1 referred person has no acceptance date"))).toBe(true);
  });

  it("first contact: both appointments fall before 03-01", async () => {
    const report = await reportOf(history, { indexDate: "first_contact", windowsMonths: [6] });
    expect(summary(window(report, 6).intentionToTreat.allPeople)).toMatchObject({ n: 2, meanBefore: 2, meanAfter: 0 });
  });

  it("uses the case that reached the index step first when a person was referred twice", async () => {
    // r and s: case 1 referred 01-10 and declined; case 2 referred 03-01 and accepted 03-05. Three appointments on 02-01.
    const twice = ["person_r1", "person_s1"].flatMap((personId) => [
      refer(`${personId.replace("person_", "case_")}a`, personId),
      decline(`${personId.replace("person_", "case_")}a`, "2024-01-11T10:00:00Z"),
      refer(`${personId.replace("person_", "case_")}b`, personId, "2024-03-01T10:00:00Z"),
      accept(`${personId.replace("person_", "case_")}b`, "2024-03-05T10:00:00Z"),
      extract(personId),
      on(personId, "2024-02-01", 3),
    ]);
    const byReferral = await reportOf(twice, { indexDate: "referral", windowsMonths: [6] });
    expect(byReferral.people.referred).toBe(2);
    expect(summary(window(byReferral, 6).intentionToTreat.allPeople)).toMatchObject({ n: 2, meanBefore: 0, meanAfter: 3 });
    const byAcceptance = await reportOf(twice, { indexDate: "acceptance", windowsMonths: [6] });
    expect(summary(window(byAcceptance, 6).intentionToTreat.allPeople)).toMatchObject({ n: 2, meanBefore: 3, meanAfter: 0 });
  });
});

describe("demand reduction report: frequent attenders and apportioning", () => {
  // Index 2024-01-10, 6-month windows only. s1, s2: records cover the 12 months before; s3, s4: only the 6 months
  // before (from 2023-07-11), so their 6-month count is annualised (× 12 / 6). s5: A&E records only.
  const history = [
    ...["person_s1", "person_s2", "person_s3", "person_s4", "person_s5"].map((personId) =>
      refer(personId.replace("person_", "case_"), personId),
    ),
    extract("person_s1"),
    on("person_s1", "2023-04-01", 5),
    on("person_s1", "2023-10-01", 6), // 11 a year: more than 10
    extract("person_s2"),
    on("person_s2", "2023-04-01", 4),
    on("person_s2", "2023-10-01", 6), // 10 a year: not more than 10
    usage("person_s3", "2023-07-11", "2025-02-28", 0),
    on("person_s3", "2023-10-01", 6), // 6 × 12 / 6 = 12 a year
    usage("person_s4", "2023-07-11", "2025-02-28", 0),
    on("person_s4", "2023-10-01", 5), // 5 × 12 / 6 = 10 a year
    usage("person_s5", "2022-12-01", "2025-02-28", 2, "ae_attendance"),
  ];

  it("flags more than 10 GP appointments a year before the index date, annualised from a shorter window", async () => {
    const itt = window(await reportOf(history, { windowsMonths: [6] }), 6).intentionToTreat;
    expect(coverageOf(itt)).toMatchObject({ included: 4, noUsageRecorded: 1, frequentAttenders: 2, frequentAttenderUnknown: 0 });
    // Without s1 and s3: s2 and s4, before (6 + 5) / 2 = 5.5, after 0.
    expect(summary(itt.withoutFrequentAttenders)).toMatchObject({ n: 2, meanBefore: 5.5, meanAfter: 0 });
    expect(summary(itt.allPeople).n).toBe(4);
  });

  it("leaves the flag unknown when there are no GP records, and keeps such people out of the analysis without frequent attenders", async () => {
    const itt = window(await reportOf(history, { windowsMonths: [6], setting: "ae_attendance" }), 6).intentionToTreat;
    expect(coverageOf(itt)).toMatchObject({ included: 1, noUsageRecorded: 4, frequentAttenders: 0, frequentAttenderUnknown: 1 });
    expect(itt.withoutFrequentAttenders.beforeAfter).toMatchObject({ kind: "insufficient-data", n: 0 });
  });

  it("takes a custom threshold", async () => {
    const itt = window(await reportOf(history, { windowsMonths: [6], frequentAttenderThreshold: 9 }), 6).intentionToTreat;
    // 11, 10, 12 and 10 a year are all more than 9.
    expect(itt.frequentAttenders).toBe(4);
  });

  it("apportions periods that straddle a window's edge by days", async () => {
    // Quarterly extracts for u1 and u2; index 2024-01-10; before 2023-07-11..2024-01-09, after 2024-01-11..2024-07-11.
    //   2023-07-01..09-30:  0
    //   2023-10-01..12-31:  9, all before
    //   2024-01-01..03-31:  9 over 91 days: 9 days before (01-01..01-09), the index day, 81 days after (01-11..03-31)
    //   2024-04-01..07-31:  4 over 122 days: 102 days after (04-01..07-11)
    // before = 9 + 9 × 9/91 = 9 + 81/91 ≈ 9.8901; after = 9 × 81/91 + 4 × 102/122 = 729/91 + 408/122 ≈ 11.3553.
    const quarters = ["person_u1", "person_u2"].flatMap((personId) => [
      refer(personId.replace("person_", "case_"), personId),
      usage(personId, "2023-07-01", "2023-09-30", 0),
      usage(personId, "2023-10-01", "2023-12-31", 9),
      usage(personId, "2024-01-01", "2024-03-31", 9),
      usage(personId, "2024-04-01", "2024-07-31", 4),
    ]);
    const change = summary(window(await reportOf(quarters, { windowsMonths: [6] }), 6).intentionToTreat.allPeople);
    expect(change.meanBefore).toBeCloseTo(9 + 81 / 91, 12);
    expect(change.meanAfter).toBeCloseTo(729 / 91 + 408 / 122, 12);
    expect(change.meanBefore).toBeCloseTo(9.8901, 4);
    expect(change.meanAfter).toBeCloseTo(11.3553, 4);
  });
});

describe("demand reduction report: settings and snapshots", () => {
  it("refuses bad settings with a VALIDATION_FAILED error naming the field, and never throws", async () => {
    const state = project(demandReduction(), await recordedHistory(panel));
    expect(refusedPaths(demandReductionReport(state, { seed: 1.5 }))).toEqual(["seed"]);
    expect(refusedPaths(demandReductionReport(state, { seed: 2 ** 40 }))).toEqual(["seed"]);
    expect(refusedPaths(demandReductionReport(state, { confidence: 1 }))).toEqual(["confidence"]);
    expect(refusedPaths(demandReductionReport(state, { resamples: 0 }))).toEqual(["resamples"]);
    expect(refusedPaths(demandReductionReport(state, { windowsMonths: [6, 6] }))).toEqual(["windowsMonths"]);
    expect(refusedPaths(demandReductionReport(state, { windowsMonths: [] }))).toEqual(["windowsMonths"]);
    expect(refusedPaths(demandReductionReport(state, { indexDate: "discharge" }))).toEqual(["indexDate"]);
    expect(refusedPaths(demandReductionReport(state, { setting: "pharmacy" }))).toEqual(["setting"]);
    expect(refusedPaths(demandReductionReport(state, { asOf: "last week" }))).toEqual(["asOf"]);
    expect(refusedPaths(demandReductionReport(state, { frequentAttenderThreshold: -1 }))).toEqual(["frequentAttenderThreshold"]);
    expect(refusedPaths(demandReductionReport(state, { windows: [6] }))).toEqual(["(root)"]);
    expect(refusedPaths(demandReductionReport(state, "everything"))).toEqual(["(root)"]);
  });

  it("needs an asOf before any event is applied", () => {
    expect(refusedPaths(demandReductionReport(demandReduction().initialState()))).toEqual(["asOf"]);
    const empty = right(demandReductionReport(demandReduction().initialState(), { asOf: "2025-01-01T00:00:00Z" }));
    expect(empty.people).toEqual({ referred: 0, noIndexDate: 0, comparison: 0, comparisonAlsoReferred: 0, erased: 0 });
  });

  it("gives the same report from a decoded snapshot, and refuses a damaged one", async () => {
    const state = project(demandReduction(), await recordedHistory(panel));
    const codec = codecOf(demandReduction());
    const decoded = right(codec.decode(codec.encode(state)));
    expect(right(demandReductionReport(decoded, { resamples: 50 }))).toEqual(right(demandReductionReport(state, { resamples: 50 })));
    expect(E.isLeft(codec.decode("not json"))).toBe(true);
    expect(E.isLeft(codec.decode(JSON.stringify({ cases: 1 })))).toBe(true);
  });

  it("reproduces the same intervals from the same seed, and other intervals from another", async () => {
    const state = project(demandReduction(), await recordedHistory(panel));
    const interval = (seed: number) =>
      summary(window(right(demandReductionReport(state, { seed, resamples: 200 })), 12).intentionToTreat.allPeople).meanChange;
    expect(interval(7)).toEqual(interval(7));
    expect([interval(7).lower, interval(7).upper]).not.toEqual([interval(8).lower, interval(8).upper]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the projection and report agree with a plain recomputation from the list of events.

interface ReferenceSettings {
  readonly indexDate: "referral" | "acceptance" | "first_contact";
  readonly setting: "gp_appointment" | "ae_attendance";
  readonly windowsMonths: readonly number[];
  readonly frequentAttenderThreshold: number;
  readonly asOf?: string;
}

interface ReferenceAnalysis {
  readonly beforeAfter: string | { readonly n: number; readonly meanBefore: number; readonly meanAfter: number };
  readonly differenceInDifferences: string | number;
}

/**
 * Written from the definitions in docs/projections.md, independently of the read model: every
 * usage record is spread over its days (count / days per day) and its days are marked as covered;
 * window sums and coverage are then plain loops over days.
 */
function referenceDemandReduction(events: readonly RecordedEvent[], settings: ReferenceSettings) {
  const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
  const asOf =
    settings.asOf === undefined
      ? Math.max(...events.map((recorded) => Date.parse(recorded.event.metadata.occurredAt)))
      : Date.parse(settings.asOf);
  const known = events.filter((recorded) => Date.parse(recorded.event.metadata.occurredAt) <= asOf);

  const cases = new Map<string, { personId: string; referral: number; acceptance?: number; firstContact?: number; closedAs?: string }>();
  const daily = new Map<string, Map<number, number>>(); // `${person}|${setting}` -> day -> use
  const coveredDays = new Map<string, Set<number>>();
  const comparisonIndex = new Map<string, number>();
  for (const { streamId, event } of known) {
    const day = dayOf(Date.parse(event.metadata.occurredAt));
    const episode = cases.get(streamId);
    if (event.type === "ReferralReceived") cases.set(streamId, { personId: event.data.personId, referral: day });
    if (event.type === "ReferralAccepted" && episode !== undefined) episode.acceptance ??= day;
    if (event.type === "ConversationHeld" && episode !== undefined) episode.firstContact ??= day;
    if (event.type === "CaseClosed" && episode !== undefined) episode.closedAs ??= notErased(event.data.reason);
    if (event.type === "ComparisonCohortEnrolled" && !comparisonIndex.has(event.data.personId)) {
      comparisonIndex.set(event.data.personId, dayOf(Date.parse(event.data.indexDate)));
    }
    if (event.type === "HealthcareUsageRecorded") {
      const key = `${event.data.personId}|${notErased(event.data.setting)}`;
      const days = daily.get(key) ?? new Map<number, number>();
      const covered = coveredDays.get(key) ?? new Set<number>();
      const first = dayOf(Date.parse(event.data.periodStart));
      const last = dayOf(Date.parse(event.data.periodEnd));
      for (let d = first; d <= last; d++) {
        days.set(d, (days.get(d) ?? 0) + notErased(event.data.count) / (last - first + 1));
        covered.add(d);
      }
      daily.set(key, days);
      coveredDays.set(key, covered);
    }
  }

  const sum = (key: string, from: number, to: number) => {
    let total = 0;
    for (let d = from; d <= to; d++) total += daily.get(key)?.get(d) ?? 0;
    return total;
  };
  const allCovered = (key: string, from: number, to: number) => {
    for (let d = from; d <= to; d++) if (!(coveredDays.get(key)?.has(d) ?? false)) return false;
    return true;
  };
  const lengthOf = (months: number) => Math.round((months * 365.25) / 12);
  const frequent = (personId: string, index: number): boolean | null => {
    const key = `${personId}|gp_appointment`;
    const candidates = [12, ...settings.windowsMonths.filter((months) => months < 12)].sort((a, b) => b - a);
    for (const months of candidates) {
      if (allCovered(key, index - lengthOf(months), index - 1))
        return (sum(key, index - lengthOf(months), index - 1) * 12) / months > settings.frequentAttenderThreshold + 1e-9;
    }
    return null;
  };

  interface Person {
    readonly personId: string;
    readonly index: number;
    readonly engaged: boolean;
    readonly completed: boolean;
  }
  const referred: Person[] = [];
  const referredIds = new Set([...cases.values()].map((episode) => episode.personId));
  let noIndexDate = 0;
  for (const personId of [...referredIds].sort()) {
    const theirs = [...cases.entries()]
      .filter(
        ([, episode]) =>
          episode.personId === personId &&
          episode[settings.indexDate === "first_contact" ? "firstContact" : settings.indexDate] !== undefined,
      )
      .map(([streamId, episode]) => ({
        streamId,
        episode,
        day: episode[settings.indexDate === "first_contact" ? "firstContact" : settings.indexDate] as number,
      }))
      .sort((a, b) => a.day - b.day || (a.streamId < b.streamId ? -1 : 1));
    const chosen = theirs[0];
    if (chosen === undefined) {
      noIndexDate++;
      continue;
    }
    referred.push({
      personId,
      index: chosen.day,
      engaged: chosen.episode.firstContact !== undefined,
      completed: chosen.episode.closedAs === "goals_met" || chosen.episode.closedAs === "connected_to_support",
    });
  }
  const comparison: Person[] = [...comparisonIndex.entries()]
    .filter(([personId]) => !referredIds.has(personId))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([personId, index]) => ({ personId, index, engaged: false, completed: false }));

  const windows = settings.windowsMonths.map((months) => {
    const length = lengthOf(months);
    const placeOf = (person: Person) => {
      const key = `${person.personId}|${settings.setting}`;
      if ((person.index + length + 1) * DAY_MS > asOf) return { kind: "incomplete" as const };
      if (!daily.has(key)) return { kind: "none" as const };
      if (!allCovered(key, person.index - length, person.index - 1) || !allCovered(key, person.index + 1, person.index + length))
        return { kind: "gap" as const };
      return {
        kind: "in" as const,
        before: sum(key, person.index - length, person.index - 1),
        after: sum(key, person.index + 1, person.index + length),
        frequent: frequent(person.personId, person.index),
      };
    };
    const group = (people: readonly Person[]) => people.map(placeOf);
    const counts = (placed: ReturnType<typeof group>) => ({
      people: placed.length,
      included: placed.filter((p) => p.kind === "in").length,
      followUpIncomplete: placed.filter((p) => p.kind === "incomplete").length,
      noUsageRecorded: placed.filter((p) => p.kind === "none").length,
      windowNotCovered: placed.filter((p) => p.kind === "gap").length,
      frequentAttenders: placed.filter((p) => p.kind === "in" && p.frequent === true).length,
      frequentAttenderUnknown: placed.filter((p) => p.kind === "in" && p.frequent === null).length,
    });
    const pairs = (placed: ReturnType<typeof group>, withoutFrequent: boolean) =>
      placed.flatMap((p) => (p.kind === "in" && (!withoutFrequent || p.frequent === false) ? [{ before: p.before, after: p.after }] : []));
    const meanOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const comparisonPlaced = group(comparison);
    const analysis = (placed: ReturnType<typeof group>, withoutFrequent: boolean): ReferenceAnalysis => {
      const treated = pairs(placed, withoutFrequent);
      const control = pairs(comparisonPlaced, withoutFrequent);
      const change = (items: typeof treated) => meanOf(items.map((p) => p.after - p.before));
      return {
        beforeAfter:
          treated.length < 2
            ? "too-few-observations"
            : { n: treated.length, meanBefore: meanOf(treated.map((p) => p.before)), meanAfter: meanOf(treated.map((p) => p.after)) },
        differenceInDifferences:
          comparison.length === 0
            ? "no-comparison-cohort"
            : treated.length < 2 || control.length < 2
              ? "too-few-observations"
              : change(treated) - change(control),
      };
    };
    const cohort = (people: readonly Person[]) => {
      const placed = group(people);
      return { ...counts(placed), allPeople: analysis(placed, false), withoutFrequentAttenders: analysis(placed, true) };
    };
    return {
      months,
      intentionToTreat: cohort(referred),
      engaged: cohort(referred.filter((person) => person.engaged)),
      completed: cohort(referred.filter((person) => person.completed)),
      comparison: counts(comparisonPlaced),
    };
  });

  const comparisonAlsoReferred = [...comparisonIndex.keys()].filter((personId) => referredIds.has(personId)).length;
  return { people: { referred: referredIds.size, noIndexDate, comparison: comparison.length, comparisonAlsoReferred, erased: 0 }, windows };
}

/** The report in the reference's shape (compared with `approximately`, so float summation order does not matter). */
function comparable(report: DemandReductionReport) {
  const analysis = (result: DemandReductionAnalysis): ReferenceAnalysis => ({
    beforeAfter:
      result.beforeAfter.kind === "estimate"
        ? { n: result.beforeAfter.n, meanBefore: result.beforeAfter.meanBefore, meanAfter: result.beforeAfter.meanAfter }
        : result.beforeAfter.reason,
    differenceInDifferences:
      result.differenceInDifferences.kind === "estimate"
        ? result.differenceInDifferences.estimate
        : result.differenceInDifferences.kind === "no-comparison-cohort"
          ? "no-comparison-cohort"
          : result.differenceInDifferences.reason,
  });
  const cohort = (result: CohortWindowResult) => ({
    ...coverageOf(result),
    allPeople: analysis(result.allPeople),
    withoutFrequentAttenders: analysis(result.withoutFrequentAttenders),
  });
  return {
    people: report.people,
    windows: report.windows.map((entry) => ({
      months: entry.months,
      intentionToTreat: cohort(entry.intentionToTreat),
      engaged: cohort(entry.engaged),
      completed: cohort(entry.completed),
      comparison: coverageOf(entry.comparison),
    })),
  };
}

const BASE_MS = Date.parse("2023-01-01T00:00:00Z");
const instant = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const date = (day: number) => new Date(BASE_MS + day * DAY_MS).toISOString().slice(0, 10);

const arbitraryCase = fc.record({
  referredDay: fc.integer({ min: 0, max: 600 }),
  acceptAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  talkAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  closure: fc.option(fc.record({ after: fc.integer({ min: 0, max: 60 }), reason: fc.constantFrom(...ClosureReason.options) }), {
    nil: null,
  }),
  declines: fc.boolean(),
});

const arbitraryUsageRecord = fc.record({
  setting: fc.constantFrom("gp_appointment", "gp_appointment", "ae_attendance"),
  startDay: fc.integer({ min: -400, max: 900 }),
  days: fc.integer({ min: 1, max: 400 }),
  count: fc.integer({ min: 0, max: 20 }),
  recordedAfter: fc.integer({ min: 0, max: 120 }),
});

const arbitraryPerson = fc.record({
  /** Mostly referred or comparison people; sometimes a comparison person who was referred too. */
  role: fc.constantFrom("referred", "referred", "referred", "comparison", "comparison", "both"),
  cases: fc.array(arbitraryCase, { minLength: 1, maxLength: 2 }),
  comparisonIndexDay: fc.integer({ min: 0, max: 600 }),
  /** Usually a long extract that covers most windows, so that people are counted; on top, shorter records. */
  extract: fc.option(
    fc.record({
      setting: fc.constantFrom("gp_appointment", "gp_appointment", "ae_attendance"),
      startDay: fc.integer({ min: -500, max: -380 }),
      days: fc.integer({ min: 1450, max: 1800 }),
      count: fc.integer({ min: 0, max: 60 }),
      recordedAfter: fc.integer({ min: 0, max: 120 }),
    }),
    { freq: 5, nil: null },
  ),
  usage: fc.array(arbitraryUsageRecord, { maxLength: 4 }),
});

type ArbitraryPerson = typeof arbitraryPerson extends fc.Arbitrary<infer T> ? T : never;

/** Commands for the generated people, sorted by time (each stream's commands are in time order). */
function commandsFor(people: readonly ArbitraryPerson[]): unknown[] {
  const timed: { at: number; command: Record<string, unknown> }[] = [];
  const add = (at: number, type: string, fields: Record<string, unknown>) =>
    timed.push({ at, command: command(type, instant(at), fields) });
  people.forEach((person, p) => {
    const personId = `person_p${String(p)}`;
    (person.role === "comparison" ? [] : person.cases).forEach((spec, c) => {
      const caseId = `case_c${String(p)}x${String(c)}`;
      let at = BASE_MS + spec.referredDay * DAY_MS + 10 * 3_600_000;
      timed.push({ at, command: referral(caseId, instant(at), { personId }) });
      if (spec.acceptAfter !== null) {
        at += spec.acceptAfter * DAY_MS + 3_600_000;
        add(at, "AcceptReferral", { caseId, linkWorkerId: "lw_w1" });
        if (spec.talkAfter !== null) {
          at += spec.talkAfter * DAY_MS + 3_600_000;
          add(at, "HoldConversation", { caseId, mode: "phone", minutes: 20 });
        }
      } else if (spec.declines) {
        add(at + 3_600_000, "DeclineSocialPrescribing", { caseId, reason: "not_interested" });
        return;
      }
      if (spec.closure !== null) add(at + spec.closure.after * DAY_MS + 3_600_000, "CloseCase", { caseId, reason: spec.closure.reason });
    });
    // The person's own stream: enrolment and imports, sorted so its time runs forward.
    const own: { at: number; type: string; fields: Record<string, unknown> }[] = [];
    if (person.role !== "referred") {
      own.push({
        at: BASE_MS + person.comparisonIndexDay * DAY_MS + 12 * 3_600_000,
        type: "EnrolInComparisonCohort",
        fields: { personId, pcnId: "U00001", indexDate: date(person.comparisonIndexDay) },
      });
    }
    for (const record of person.extract === null ? person.usage : [person.extract, ...person.usage]) {
      own.push({
        at: BASE_MS + (record.startDay + record.days + record.recordedAfter) * DAY_MS + 6 * 3_600_000,
        type: "RecordHealthcareUsage",
        fields: {
          personId,
          setting: record.setting,
          periodStart: date(record.startDay),
          periodEnd: date(record.startDay + record.days - 1),
          count: record.count,
        },
      });
    }
    for (const entry of own.sort((a, b) => a.at - b.at)) add(entry.at, entry.type, entry.fields);
  });
  return timed.sort((a, b) => a.at - b.at).map((entry) => entry.command);
}

const arbitrarySettings = fc.record({
  indexDate: fc.constantFrom("referral" as const, "acceptance" as const, "first_contact" as const),
  setting: fc.constantFrom("gp_appointment" as const, "gp_appointment" as const, "ae_attendance" as const),
  windowsMonths: fc.subarray([1, 3, 6, 12], { minLength: 1 }),
  frequentAttenderThreshold: fc.constantFrom(2, 10),
  asOfDay: fc.option(fc.integer({ min: 100, max: 1500 }), { freq: 3, nil: null }),
});

describe("demand reduction report: property", () => {
  it("agrees with a recomputation from the full list of events, and survives a snapshot mid-stream", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryPerson, { minLength: 3, maxLength: 10 }),
        arbitrarySettings,
        fc.nat(),
        async (people, picked, cut) => {
          const events = await recordedHistory(commandsFor(people));
          fc.pre(events.length > 0);
          const { asOfDay, ...rest } = picked;
          const settings: ReferenceSettings = asOfDay === null ? rest : { ...rest, asOf: instant(BASE_MS + asOfDay * DAY_MS) };
          // Every case kept, so that a report as of any instant can be checked.
          const projection = demandReduction({ retentionDays: "all" });
          const report = right(demandReductionReport(project(projection, events), { ...settings, resamples: 20 }));
          expect(comparable(report)).toEqual(approximately(referenceDemandReduction(events, settings)));

          // Snapshot after `cut` events, decode, apply the rest: the same report.
          const resumed = resumedFromSnapshot(projection, events, cut);
          expect(right(demandReductionReport(resumed, { ...settings, resamples: 20 }))).toEqual(report);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("agrees with the recomputation on generated multi-case histories with quarterly usage", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 8 }, comparisonPeople: { min: 0, max: 4 } }),
        arbitrarySettings,
        async (history, picked) => {
          const events = await recordedHistory(history.commands, history.policy);
          const { asOfDay: _, ...settings } = picked;
          // The default retention: reports as of the latest event.
          const report = right(demandReductionReport(project(demandReduction(), events), { ...settings, resamples: 20 }));
          expect(comparable(report)).toEqual(approximately(referenceDemandReduction(events, settings)));
        },
      ),
      { numRuns: 25 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Retention: cases ended before the horizon are folded, usage no window can reach is dropped.

const iso = (ms: number) => new Date(ms).toISOString();

/** The report settings a read model keeping windows up to `maxWindowMonths` accepts, from a generated pick. */
function acceptedSettings(picked: { windowsMonths: number[] } & Record<string, unknown>, maxWindowMonths: number) {
  const windowsMonths = picked.windowsMonths.filter((months) => months <= maxWindowMonths);
  return { ...picked, windowsMonths: windowsMonths.length > 0 ? windowsMonths : [maxWindowMonths], resamples: 20 };
}

const arbitraryAsk = fc.record({
  indexDate: fc.constantFrom("referral" as const, "acceptance" as const, "first_contact" as const),
  setting: fc.constantFrom("gp_appointment" as const, "gp_appointment" as const, "ae_attendance" as const),
  windowsMonths: fc.subarray([1, 3, 6, 12, 24], { minLength: 1 }),
  frequentAttenderThreshold: fc.constantFrom(2, 10),
  /** asOf this long after the horizon (past the latest event too, sometimes); null: the default asOf. */
  hoursAfterHorizon: fc.option(fc.integer({ min: 0, max: 24 * 200 }), { freq: 4, nil: null }),
});

const heldPeriods = (state: DemandReductionState) => [...state.people.values()].reduce((total, person) => total + person.usage.length, 0);

/**
 * Replays `events` into a read model with the retention and into one keeping every case, and at a
 * few stops compares their reports as of instants from the horizon on; one state is also snapshotted
 * at `cut` and resumed. Returns whether cases were folded and usage dropped.
 */
function compareWithEveryCaseKept(
  events: readonly RecordedEvent[],
  retentionDays: number,
  maxWindowMonths: number,
  stops: readonly number[],
  cut: number,
  asks: readonly (typeof arbitraryAsk extends fc.Arbitrary<infer T> ? T : never)[],
): { folded: boolean; dropped: boolean } {
  const folding = demandReduction({ retentionDays, maxWindowMonths });
  const keeping = demandReduction({ retentionDays: "all", maxWindowMonths });
  const codec = codecOf(folding);
  const stopAfter = new Set([events.length, ...stops.map((stop) => 1 + (stop % events.length))]);
  const cutAfter = cut % (events.length + 1);
  let folded = folding.initialState();
  let kept = keeping.initialState();
  let resumed = cutAfter === 0 ? right(codec.decode(codec.encode(folded))) : null;
  for (const [index, event] of events.entries()) {
    folded = folding.apply(folded, event);
    kept = keeping.apply(kept, event);
    if (resumed !== null) resumed = folding.apply(resumed, event);
    if (index + 1 === cutAfter) resumed = right(codec.decode(codec.encode(folded)));
    if (!stopAfter.has(index + 1)) continue;
    const horizon = folded.retention.horizon ?? 0;
    for (const { hoursAfterHorizon, ...picked } of asks) {
      const settings = {
        ...acceptedSettings(picked, maxWindowMonths),
        ...(hoursAfterHorizon === null ? {} : { asOf: iso(horizon + hoursAfterHorizon * 3_600_000) }),
      };
      expect(demandReductionReport(folded, settings)).toEqual(demandReductionReport(kept, settings));
    }
    expect(refusedPaths(demandReductionReport(folded, { asOf: iso(horizon - 1) }))).toEqual(["asOf"]);
  }
  // The resumed state is the uninterrupted one: the same snapshot, the same reports.
  if (resumed === null) throw new Error("the cut is within the history");
  expect(codec.encode(resumed)).toBe(codec.encode(folded));
  const last = acceptedSettings(asks[0] ?? { windowsMonths: [maxWindowMonths] }, maxWindowMonths);
  expect(demandReductionReport(resumed, last)).toEqual(demandReductionReport(kept, last));
  return {
    folded: [...folded.people.values()].some((person) => person.folded !== null),
    dropped: heldPeriods(folded) < heldPeriods(kept),
  };
}

describe("demand reduction: retention horizon", () => {
  it("answers every report as of the horizon or later as if every case were kept, refuses earlier ones, and resumes from a folded snapshot", async () => {
    let foldedRuns = 0;
    let droppedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryPerson, { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(1, 3, 6, 12, 24),
        fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
        fc.nat(),
        fc.array(arbitraryAsk, { minLength: 2, maxLength: 2 }),
        async (people, retentionDays, maxWindowMonths, stops, cut, asks) => {
          const events = await recordedHistory(commandsFor(people));
          fc.pre(events.length > 0);
          const { folded, dropped } = compareWithEveryCaseKept(events, retentionDays, maxWindowMonths, stops, cut, asks);
          if (folded) foldedRuns += 1;
          if (dropped) droppedRuns += 1;
        },
      ),
      { numRuns: 40 },
    );
    // Not vacuous: cases were folded, and usage dropped, in many runs.
    expect(foldedRuns).toBeGreaterThan(20);
    expect(droppedRuns).toBeGreaterThan(5);
  });

  it("does the same on generated histories with quarterly usage around each referral", async () => {
    let foldedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 2, max: 8 }, comparisonPeople: { min: 0, max: 3 } }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(1, 6, 12),
        fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
        fc.nat(),
        fc.array(arbitraryAsk, { minLength: 2, maxLength: 2 }),
        async (history, retentionDays, maxWindowMonths, stops, cut, asks) => {
          const events = await recordedHistory(history.commands, history.policy);
          if (compareWithEveryCaseKept(events, retentionDays, maxWindowMonths, stops, cut, asks).folded) foldedRuns += 1;
        },
      ),
      { numRuns: 15 },
    );
    expect(foldedRuns).toBeGreaterThan(5);
  });

  it("keeps ended cases 92 days by default and allows windows up to 12 months; refuses bad settings naming the field", async () => {
    expect(demandReduction().initialState().settings).toEqual({ retentionDays: 92, maxWindowMonths: 12 });
    const state = project(demandReduction(), await recordedHistory(panel));
    // The latest event is 2025-03-01T09:00Z, so the horizon is 92 days earlier.
    expect(refusedPaths(demandReductionReport(state, { asOf: "2024-11-29T08:59:59.999Z" }))).toEqual(["asOf"]);
    expect(refusedPaths(demandReductionReport(state, { asOf: "2024-11-29T09:00:00Z" }))).toBe("accepted");
    expect(refusedPaths(demandReductionReport(state, { windowsMonths: [6, 13] }))).toEqual(["windowsMonths"]);
    expect(
      refusedPaths(
        demandReductionReport(project(demandReduction({ maxWindowMonths: 24 }), []), { asOf: "2025-01-01T00:00:00Z", windowsMonths: [24] }),
      ),
    ).toBe("accepted");
    for (const retentionDays of [-1, 1.5, "forever"]) {
      expect(refusedPaths(demandReductionProjection({ retentionDays } as never))).toEqual(["retentionDays"]);
    }
    for (const maxWindowMonths of [0, 6.5, 121, "long"]) {
      expect(refusedPaths(demandReductionProjection({ maxWindowMonths } as never))).toEqual(["maxWindowMonths"]);
    }
    expect(refusedPaths(demandReductionProjection({ retention: 30 } as never))).toEqual(["(root)"]);
  });

  it("refuses, readably, a snapshot taken with other settings", async () => {
    const events = await recordedHistory(panel);
    const encoded = codecOf(demandReduction()).encode(project(demandReduction(), events));
    const otherRetention = codecOf(demandReduction({ retentionDays: 30 })).decode(encoded);
    const otherWindows = codecOf(demandReduction({ maxWindowMonths: 24 })).decode(encoded);
    expect(E.isLeft(otherRetention) && otherRetention.left).toMatch(/retentionDays/);
    expect(E.isLeft(otherWindows) && otherWindows.left).toMatch(/maxWindowMonths/);
  });

  it("keeps a period starting on the last day of the longest after window, and drops one starting the day after", async () => {
    // Every step on 2024-01-10, so every index date is that day; its 12-month after window ends 2025-01-09.
    const people = ["person_w1", "person_x1"];
    const history = [
      ...people.flatMap((personId) => [
        refer(personId.replace("person_", "case_"), personId),
        accept(personId.replace("person_", "case_"), "2024-01-10T11:00:00Z"),
        talk(personId.replace("person_", "case_"), "2024-01-10T12:00:00Z"),
        close(personId.replace("person_", "case_"), "2024-01-10T13:00:00Z", "goals_met"),
      ]),
      ...people.flatMap((personId) => [
        usage(personId, "2022-12-01", "2025-01-08", 0),
        on(personId, "2025-01-09", 5),
        on(personId, "2025-01-10", 7),
      ]),
    ];
    const events = await recordedHistory(history);
    const folded = project(demandReduction({ retentionDays: 0 }), events);
    // Per person, the extract and the 2025-01-09 period are held; the 2025-01-10 one (five numbers) is not.
    expect(folded.people.get("person_w1")?.folded).not.toBeNull();
    expect(heldPeriods(folded)).toBe(heldPeriods(project(demandReduction({ retentionDays: "all" }), events)) - 2 * 5);
    const report = right(demandReductionReport(folded, { windowsMonths: [12], asOf: "2025-06-01T00:00:00Z" }));
    expect(summary(window(report, 12).completed.allPeople)).toMatchObject({ n: 2, meanBefore: 0, meanAfter: 5 });
    const kept = project(demandReduction({ retentionDays: "all" }), events);
    for (const indexDate of ["referral", "acceptance", "first_contact"] as const) {
      const settings = { indexDate, windowsMonths: [1, 12], asOf: "2025-06-01T00:00:00Z", resamples: 20 };
      expect(demandReductionReport(folded, settings)).toEqual(demandReductionReport(kept, settings));
    }
  });

  it("chooses between a folded case and a held one reaching the step the same day by case id", async () => {
    // Both referred on 2024-01-10. t-b declined at once and is folded; t-a, the lower id, is accepted, talks and stays open.
    const history = [
      refer("case_tb1", "person_t1", "2024-01-10T09:00:00Z"),
      decline("case_tb1", "2024-01-10T09:30:00Z"),
      refer("case_ta1", "person_t1", "2024-01-10T15:00:00Z"),
      accept("case_ta1", "2024-01-10T16:00:00Z"),
      talk("case_ta1", "2024-05-01T10:00:00Z"),
      extract("person_t1"),
    ];
    const events = await recordedHistory(history);
    const folded = project(demandReduction({ retentionDays: 0 }), events);
    expect(folded.people.get("person_t1")?.folded).not.toBeNull();
    expect(folded.cases.has("case_tb1")).toBe(false);
    const kept = project(demandReduction({ retentionDays: "all" }), events);
    const report = right(demandReductionReport(folded, { indexDate: "referral", windowsMonths: [6] }));
    // t-a is the index case, so the person is engaged.
    expect(window(report, 6).engaged.people).toBe(1);
    expect(report).toEqual(right(demandReductionReport(kept, { indexDate: "referral", windowsMonths: [6] })));
  });
});
