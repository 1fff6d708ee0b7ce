import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EquityFields } from "@linkwork/core/vocabulary";
import {
  equityPeople,
  equityProjection,
  equityReport,
  mergeableReadModels,
  type EquityGroupRow,
  type EquityState,
} from "../../src/index.js";
import { wilsonInterval } from "../../src/read-models/equity/proportion-interval.js";
import { command, project, projectedEveryWay, recordedHistory, referral, refusedPaths, right } from "./read-model-history.js";

const projection = right(equityProjection());

const composition = (practiceId: string, at: string, lists: Record<string, unknown>) =>
  command("RecordPracticeListComposition", at, {
    pcnId: "U00001",
    practiceId,
    byAgeBand: {},
    bySex: {},
    byEthnicGroup: {},
    byDeprivationDecile: {},
    ...lists,
  });
const items = (...values: number[]) => values;
const wemwbs = (caseId: string, at: string, timepoint: string, answers: number[]) =>
  command("AssessWellbeing", at, { caseId, instrument: "WEMWBS", timepoint, items: answers });
const engagedCase = (caseId: string, day: number, baseline: number[], followUp: number[]) => [
  referral(caseId, `2024-02-${String(day).padStart(2, "0")}T09:00:00Z`),
  command("AcceptReferral", `2024-02-${String(day).padStart(2, "0")}T10:00:00Z`, { caseId, linkWorkerId: "lw_w1" }),
  command("HoldConversation", `2024-02-${String(day).padStart(2, "0")}T11:00:00Z`, { caseId, mode: "phone", minutes: 40 }),
  wemwbs(caseId, `2024-02-${String(day).padStart(2, "0")}T12:00:00Z`, "baseline", baseline),
  wemwbs(caseId, `2024-04-${String(day).padStart(2, "0")}T12:00:00Z`, "follow_up", followUp),
  command("CloseCase", `2024-04-${String(day).padStart(2, "0")}T13:00:00Z`, { caseId, reason: "goals_met", notifyReferrer: false }),
];

/**
 * Practice P00004 (10,000 patients: 8,000 White, 1,500 Asian, 500 Black; deciles 1 and 10 half each)
 * has ten referrals: eight White people (w1 and w2 engaged and completed, with WEMWBS +14 and +15),
 * one Asian (declined) and one Black (waiting). Practice P00005 has no composition: its one
 * referral counts nowhere but `referralsWithoutComposition`.
 */
const scenario = [
  command("RegisterLinkWorker", "2024-01-01T08:00:00Z", { linkWorkerId: "lw_w1", pcnId: "U00001", fte: 1 }),
  composition("P00004", "2024-01-01T00:00:00Z", {
    registeredPatients: 10_000,
    byEthnicGroup: { white: 8_000, asian: 1_500, black: 500 },
    byDeprivationDecile: { "1": 5_000, "10": 5_000 },
  }),
  ...engagedCase("case_w1", 5, items(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3), items(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4)),
  ...engagedCase("case_w2", 6, items(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2), items(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4)),
  ...["w3", "w4", "w5", "w6", "w7", "w8"].map((person, index) => referral(`case_${person}`, `2024-03-0${index + 1}T09:00:00Z`)),
  referral("case_a1", "2024-03-10T09:00:00Z"),
  command("DeclineSocialPrescribing", "2024-03-11T09:00:00Z", { caseId: "case_a1", reason: "not_interested" }),
  referral("case_b1", "2024-03-12T09:00:00Z"),
  referral("case_x1", "2024-03-13T09:00:00Z", { practiceId: "P00005" }),
];

const lookup = new Map<string, EquityFields>([
  ...["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"].map((person): [string, EquityFields] => [
    `person_${person}`,
    { ethnicCategory: "A", deprivationDecile: 1 },
  ]),
  ["person_a1", { ethnicCategory: "H", deprivationDecile: 10 }],
  ["person_b1", { ethnicCategory: "N" }],
]);

const row = (rows: readonly EquityGroupRow[], field: string, group: string) => {
  const found = rows.find((each) => each.field === field && each.group === group);
  if (found === undefined) throw new Error(`no row ${field} ${group}`);
  return found;
};

describe("the Wilson interval of a proportion", () => {
  it("gives Newcombe's published intervals (Statistics in Medicine 1998, Table I, method 3)", () => {
    const interval = wilsonInterval(81, 263, 0.95);
    expect(interval?.lower).toBeCloseTo(0.2553, 4);
    expect(interval?.upper).toBeCloseTo(0.3662, 4);
    const none = wilsonInterval(0, 20, 0.95);
    expect(none?.lower).toBeCloseTo(0, 12);
    expect(none?.upper).toBeCloseTo(0.1611, 4);
    expect(wilsonInterval(0, 0, 0.95)).toBeNull();
  });

  it("always holds its estimate, inside [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (trials, share, confidence) => {
          const successes = Math.round(share * trials);
          const interval = wilsonInterval(successes, trials, confidence)!;
          expect(interval.lower).toBeGreaterThanOrEqual(0);
          expect(interval.upper).toBeLessThanOrEqual(1);
          expect(interval.lower).toBeLessThanOrEqual(interval.estimate + 1e-12);
          expect(interval.upper).toBeGreaterThanOrEqual(interval.estimate - 1e-12);
        },
      ),
    );
  });
});

describe("equity: a hand-computed example as of 2024-04-30", () => {
  const asOf = "2024-04-30T23:59:59Z";

  it("splits referrals by group against the list, joined from the lookup by pseudonym", async () => {
    const state = project(projection, await recordedHistory(scenario));
    expect(equityPeople(state)).toEqual([
      "person_a1",
      "person_b1",
      "person_w1",
      "person_w2",
      "person_w3",
      "person_w4",
      "person_w5",
      "person_w6",
      "person_w7",
      "person_w8",
      "person_x1",
    ]);
    const report = right(equityReport(state, lookup, { asOf }));
    expect(report).toMatchObject({
      practices: 1,
      listPatients: 10_000,
      referrals: 10,
      referralsWithoutComposition: 1, // x1, from P00005
      peopleReferred: 10,
      peopleLookedUp: 10,
      outcome: { instrument: "WEMWBS", score: "total" },
    });
    expect(report.referralsPer1000?.estimate).toBeCloseTo(1, 12); // 10 / 10,000
    const white = row(report.rows, "ethnicGroup", "white");
    expect(white).toMatchObject({ listPatients: 8_000, listShare: 0.8, referrals: 8, referralShare: 0.8, engaged: 2, completed: 2 });
    expect(white.referralsPer1000?.estimate).toBeCloseTo(1, 12);
    expect(white.reachRatio).toBeCloseTo(1, 12);
    expect(white.engagementRate?.estimate).toBe(2 / 8);
    expect(white.completionRate?.estimate).toBe(1);
    expect(white.outcomePairs).toBe(2);
    expect(white.outcomeChange?.estimate).toBeCloseTo(14.5, 12); // (56 - 42) and (43 - 28)
    const asian = row(report.rows, "ethnicGroup", "asian");
    expect(asian).toMatchObject({ listPatients: 1_500, referrals: 1, declined: 1, decided: 1, engaged: 0, underReached: false });
    expect(asian.referralsPer1000?.estimate).toBeCloseTo(1000 / 1_500, 12);
    expect(asian.declineRate?.estimate).toBe(1);
    expect(row(report.rows, "ethnicGroup", "black")).toMatchObject({ listPatients: 500, referrals: 1, decided: 0, declineRate: null });
    // Nobody on the list is "not stated": the three groups count all 10,000.
    expect(row(report.rows, "ethnicGroup", "not-stated")).toMatchObject({ listPatients: 0, referrals: 0, referralsPer1000: null });
    expect(row(report.rows, "deprivationDecile", "1")).toMatchObject({ listPatients: 5_000, referrals: 8 });
    expect(row(report.rows, "deprivationDecile", "10")).toMatchObject({ listPatients: 5_000, referrals: 1 });
    // b1's decile is not recorded; the list records every patient's.
    expect(row(report.rows, "deprivationDecile", "not-recorded")).toMatchObject({ listPatients: 0, referrals: 1, unrecorded: true });
    // Nothing about sex or age is known: every referral and patient is "not recorded".
    expect(row(report.rows, "sex", "not-recorded")).toMatchObject({ listPatients: 10_000, referrals: 10 });
    // No comparison cohort and no GP usage: no estimate of change in GP use, and it says why.
    expect(white.demandChange.kind).toBe("insufficient-data");
  });

  it("counts what had happened by asOf only, and the referrals from `from` on", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const march = right(equityReport(state, lookup, { asOf: "2024-03-10T12:00:00Z" }));
    expect(row(march.rows, "ethnicGroup", "asian")).toMatchObject({ referrals: 1, declined: 0, decided: 0 });
    expect(row(march.rows, "ethnicGroup", "white")).toMatchObject({ referrals: 8, completed: 0, outcomePairs: 0 });
    const fromMarch = right(equityReport(state, lookup, { asOf, from: "2024-03-01T00:00:00Z" }));
    expect(row(fromMarch.rows, "ethnicGroup", "white")).toMatchObject({ referrals: 6, engaged: 0 });
  });

  it("counts a person the lookup does not know as not recorded in every field", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(equityReport(state, new Map(), { asOf }));
    expect(report.peopleLookedUp).toBe(0);
    expect(row(report.rows, "ethnicGroup", "not-stated")).toMatchObject({ referrals: 10, listPatients: 0, underReached: false });
  });

  it("says a group is under-reached when its interval's top is below the whole list's rate", async () => {
    const history = [
      composition("P00004", "2024-01-01T00:00:00Z", { registeredPatients: 10_000, byEthnicGroup: { white: 5_000, asian: 5_000 } }),
      ...Array.from({ length: 110 }, (_, index) =>
        referral(`case_r${index + 1}`, `2024-02-01T09:${String(index % 60).padStart(2, "0")}:00Z`),
      ),
    ];
    const people = new Map<string, EquityFields>(
      Array.from({ length: 110 }, (_, index): [string, EquityFields] => [
        `person_r${index + 1}`,
        { ethnicCategory: index < 100 ? "B" : "K" },
      ]),
    );
    const report = right(equityReport(project(projection, await recordedHistory(history)), people));
    expect(report.referralsPer1000?.estimate).toBeCloseTo(11, 12);
    const asian = row(report.rows, "ethnicGroup", "asian");
    expect(asian.referralsPer1000?.estimate).toBeCloseTo(2, 12);
    expect(asian.referralsPer1000!.upper).toBeLessThan(11);
    expect(asian.underReached).toBe(true);
    expect(asian.reachRatio).toBeCloseTo(10 / 110 / 0.5, 12);
    expect(row(report.rows, "ethnicGroup", "white").underReached).toBe(false);
  });

  it("refuses bad options and settings, naming the field", async () => {
    const state = project(projection, await recordedHistory(scenario));
    expect(refusedPaths(equityReport(state, lookup, { confidence: 1 }))).toEqual(["confidence"]);
    expect(refusedPaths(equityReport(state, lookup, { windowMonths: 13 }))).toEqual(["windowMonths"]);
    expect(refusedPaths(equityReport(state, lookup, { pcnId: "U 1" }))).toEqual(["pcnId"]);
    expect(refusedPaths(equityProjection({ outcome: { instrument: "" } }))).toEqual(["outcome.instrument"]);
  });
});

describe("equity: the same state however it is built", () => {
  it("whatever the streams' interleaving, after a snapshot, and merged from partitions", async () => {
    const events = await recordedHistory(scenario);
    const { state, regrouped, restored } = projectedEveryWay(projection, events);
    const asOf = "2024-04-30T23:59:59Z";
    const expected = right(equityReport(state, lookup, { asOf }));
    expect(right(equityReport(regrouped, lookup, { asOf }))).toEqual(expected);
    expect(right(equityReport(restored, lookup, { asOf }))).toEqual(expected);
    // Two partitions by person: reference data to both, each case to its person's.
    const mergeable = mergeableReadModels.get("equity")!;
    const partitions: EquityState[] = [projection.initialState(), projection.initialState()];
    for (const recorded of events) {
      const personal = recorded.streamId.startsWith("case-");
      const owner = personal ? recorded.streamId.charCodeAt(recorded.streamId.length - 1) % 2 : -1;
      partitions.forEach((partition, index) => {
        if (owner === -1 || owner === index) projection.apply(partition, recorded);
        else mergeable.advanceClock(partition as never, Date.parse(recorded.event.metadata.occurredAt));
      });
    }
    const merged = mergeable.merge(partitions as never[]) as EquityState;
    expect(right(equityReport(merged, lookup, { asOf }))).toEqual(expected);
  });
});
