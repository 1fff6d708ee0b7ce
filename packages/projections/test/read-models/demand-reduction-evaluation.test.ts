import { describe, expect, it } from "vitest";
import type { EquityFields } from "@linkwork/core/vocabulary";
import type { EquityLookup } from "../../src/read-models/equity/equity-lookup.js";
import {
  demandReductionProjection,
  demandReductionReport,
  type DemandReductionReport,
  type DemandReductionWindow,
  type MatchedComparison,
} from "../../src/index.js";
import { mergeDemandReduction } from "../../src/read-models/demand-reduction/merge.js";
import { command, project, recordedHistory, referral, right } from "./read-model-history.js";

const IMPORTED_AT = "2025-03-01T09:00:00Z";
const demandReduction = () => right(demandReductionProjection());
const usage = (personId: string, periodStart: string, periodEnd: string, count: number) =>
  command("RecordHealthcareUsage", IMPORTED_AT, { personId, setting: "gp_appointment", periodStart, periodEnd, count });
const on = (personId: string, date: string, count: number) => usage(personId, date, date, count);
const extract = (personId: string) => usage(personId, "2022-12-01", "2025-02-28", 0);
const enrol = (personId: string, practiceId: string, indexDate = "2024-01-10", pcnId = "U00001") =>
  command("EnrolInComparisonCohort", "2025-03-01T08:00:00Z", { personId, pcnId, practiceId, indexDate });

/** Use of one person: `pre` in the window before the before window, `before` and `after` around 2024-01-10 (6-month windows). */
function useOf(personId: string, pre: number, before: number, after: number): unknown[] {
  return [extract(personId), on(personId, "2023-04-01", pre), on(personId, "2023-10-01", before), on(personId, "2024-04-01", after)];
}

async function reportOf(commands: readonly unknown[], settings: Record<string, unknown> = {}): Promise<DemandReductionReport> {
  return right(
    demandReductionReport(project(demandReduction(), await recordedHistory(commands)), { seed: 1, resamples: 200, ...settings }),
  );
}

function matchedOf(window: DemandReductionWindow | undefined): MatchedComparison {
  if (window?.matched.kind !== "matched") throw new Error("no matched comparison");
  return window.matched;
}

describe("the demand-reduction report's matched comparison", () => {
  // Referred at 2024-01-10 in practice P00004: r1 (before 6), r2 (3), r3 (20, no one near).
  // Pool: c1 (6) and c2 (1) in P00004, c3 (3) in P00005 of the same PCN, c4 (6) in another month.
  const history = [
    referral("case_r1", "2024-01-10T10:00:00Z", { personId: "person_r1" }),
    referral("case_r2", "2024-01-10T11:00:00Z", { personId: "person_r2" }),
    referral("case_r3", "2024-01-10T12:00:00Z", { personId: "person_r3" }),
    enrol("person_c1", "P00004"),
    enrol("person_c2", "P00004"),
    enrol("person_c3", "P00005"),
    enrol("person_c4", "P00004", "2024-02-20"),
    ...useOf("person_r1", 6, 6, 2),
    ...useOf("person_r2", 3, 3, 1),
    ...useOf("person_r3", 20, 20, 10),
    ...useOf("person_c1", 6, 6, 5),
    ...useOf("person_c2", 1, 1, 1),
    ...useOf("person_c3", 3, 3, 3),
    ...useOf("person_c4", 6, 6, 6),
  ];

  it("pairs in the practice first, then the PCN, within the caliper and month; counts the unmatched apart; and analyses the pairs", async () => {
    const report = await reportOf(history, { windowsMonths: [6] });
    const matched = matchedOf(report.windows[0]);
    expect(matched).toMatchObject({ referred: 3, pool: 4, pairs: 2, samePractice: 1, samePcn: 1, unmatched: 1 });
    // r1 with c1: (2 − 6) − (5 − 6) = −3; r2 with c3: (1 − 3) − (3 − 3) = −2.
    const did = matched.differenceInDifferences;
    if (did.kind !== "estimate") throw new Error(did.detail);
    expect(did.estimate).toBeCloseTo(-2.5, 12);
    expect(did.treated.meanBefore).toBeCloseTo(4.5, 12);
    // Before matching the referred used far more than the pool; after, the pairs used the same.
    const [prior] = matched.balance;
    expect(prior?.beforeMatching.standardisedMeanDifference).toBeGreaterThan(0.5);
    expect(prior?.afterMatching.standardisedMeanDifference).toBeCloseTo(0, 12);
    // Flat use before the before window for everyone: the placebo is zero, near zero.
    expect(matched.preTrend.verdict).toBe("near-zero");
    expect(report.notes.join(" ")).toContain("For these data, trust: 6-month windows: the matched difference in differences");
    expect(report.notes.join(" ")).toContain("1 referred people had no comparator within the caliper");
  });

  it("matches exactly on the equity fields a lookup gives, lists them in the balance table, and ignores values it cannot use", async () => {
    const events = await recordedHistory(history);
    // Values as an untyped caller might send them (not the register's enums): matching must cope.
    const fields: Record<string, unknown> = {
      person_r1: { ageBand: "65+", sex: "female", deprivationDecile: 2 },
      person_r2: { ageBand: "18-64", sex: "male\u001b[31m", deprivationDecile: 3 },
      // c1 has r1's use but another age band: r1 cannot take it.
      person_c1: { ageBand: "18-64", sex: "female", deprivationDecile: 2 },
      person_c3: { ageBand: "18-64", sex: "male\u001b[31m", deprivationDecile: 3 },
      // A decile the lookup cannot give is unknown, like no entry at all.
      person_c2: { deprivationDecile: Number.NaN },
    };
    const equity: EquityLookup = { get: (pseudonym) => fields[pseudonym] as EquityFields | undefined };
    const report = right(
      demandReductionReport(project(demandReduction(), events), { seed: 1, resamples: 200, windowsMonths: [6] }, { equity }),
    );
    const matched = matchedOf(report.windows[0]);
    expect(matched.matchedOn).toContain("age band");
    // r1 finds no 65+ comparator and r3 none near 20 among those the register knows nothing of; r2 pairs with c3 in the PCN.
    expect(matched).toMatchObject({ pairs: 1, samePcn: 1, unmatched: 2 });
    const covariates = matched.balance.map((row) => row.covariate);
    expect(covariates).toEqual(
      expect.arrayContaining(["age band 18-64", "age band 65+", "sex female", "sex male\\u001b[31m", "deprivation decile"]),
    );
    expect(covariates.join("")).not.toContain("\u001b");
  });

  it("says in words that the matched comparison is not trustworthy when its placebo is not near zero", async () => {
    // The referred rose into their before window from far lower use; the comparators did not.
    const rising = [
      ...history.slice(0, 7),
      ...useOf("person_r1", 0, 6, 2),
      ...useOf("person_r2", 0, 3, 1),
      ...useOf("person_r3", 0, 20, 10),
      ...useOf("person_c1", 6, 6, 5),
      ...useOf("person_c2", 1, 1, 1),
      ...useOf("person_c3", 2, 3, 3),
      ...useOf("person_c4", 6, 6, 6),
    ];
    const report = await reportOf(rising, { windowsMonths: [6] });
    const matched = matchedOf(report.windows[0]);
    expect(matched.preTrend.verdict).toBe("not-near-zero");
    expect(report.notes.join(" ")).toContain("the pre-trend check of the matched comparison");
    expect(report.notes.join(" ")).toContain("is not near zero");
    expect(report.notes.join(" ")).not.toContain("the matched difference in differences");
  });

  it("cannot tell the pre-trend when records do not reach two windows back", async () => {
    const short = history
      .map((input) =>
        (input as { type: string; periodStart?: string }).periodStart === "2022-12-01"
          ? usage((input as { personId: string }).personId, "2023-06-01", "2025-02-28", 0)
          : input,
      )
      .filter((input) => (input as { periodStart?: string }).periodStart !== "2023-04-01");
    const report = await reportOf(short, { windowsMonths: [6] });
    expect(matchedOf(report.windows[0]).preTrend.verdict).toBe("cannot-tell");
  });
});

describe("the demand-reduction report's staggered design", () => {
  const quarters = [
    ["2023-01-01", "2023-03-31"],
    ["2023-04-01", "2023-06-30"],
    ["2023-07-01", "2023-09-30"],
    ["2023-10-01", "2023-12-31"],
    ["2024-01-01", "2024-03-31"],
    ["2024-04-01", "2024-06-30"],
    ["2024-07-01", "2024-09-30"],
    ["2024-10-01", "2024-12-31"],
  ] as const;
  const shocks = [2, 0, 1, 3, 2, 0, 1, 3];
  // Practices A and B start with 2024-Q1 (their own starts); C and D with 2024-Q3 (their PCN's start); E and F never.
  const practices = [
    { id: "A00001", pcn: "U00001", level: 4, start: 4 },
    { id: "B00001", pcn: "U00001", level: 6, start: 4 },
    { id: "C00001", pcn: "U00002", level: 5, start: 6 },
    { id: "D00001", pcn: "U00002", level: 3, start: 6 },
    { id: "E00001", pcn: "U00003", level: 7, start: null },
    { id: "F00001", pcn: "U00003", level: 2, start: null },
  ];
  const history = [
    command("RecordSocialPrescribingStart", "2025-01-05T09:00:00Z", { pcnId: "U00001", practiceId: "A00001", startDate: "2024-01-01" }),
    command("RecordSocialPrescribingStart", "2025-01-05T09:00:00Z", { pcnId: "U00001", practiceId: "B00001", startDate: "2024-02-15" }),
    command("RecordSocialPrescribingStart", "2025-01-05T09:00:00Z", { pcnId: "U00002", startDate: "2024-07-01" }),
    ...practices.flatMap((practice, index) =>
      [1, 2].flatMap((person) => {
        const personId = `person_p${String(index)}x${String(person)}`;
        return [
          enrol(personId, practice.id, "2024-01-10", practice.pcn),
          ...quarters.map(([first, last], quarter) =>
            usage(
              personId,
              first,
              last,
              practice.level + person + shocks[quarter]! - (practice.start !== null && quarter >= practice.start ? 1 : 0),
            ),
          ),
        ];
      }),
    ),
  ];

  it("compares practices started with those not yet started, quarter by quarter, and recovers the effect exactly without noise", async () => {
    const report = await reportOf(history, { windowsMonths: [3] });
    const staggered = report.staggered;
    if (staggered.kind !== "staggered") throw new Error(staggered.detail);
    expect(staggered.quarters).toEqual(["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]);
    expect(staggered).toMatchObject({ practices: 6, startedWithin: 4, startedBefore: 0, notStarted: 2, peopleCounted: 12 });
    const estimate = staggered.estimate;
    if (estimate.kind !== "estimate") throw new Error(estimate.detail);
    expect(estimate.estimate).toBeCloseTo(-1, 12);
    for (const effect of estimate.eventStudy) expect(effect.estimate).toBeCloseTo(effect.eventTime >= 0 ? -1 : 0, 12);
    expect(staggered.preTrend).toBe("near-zero");
    expect(report.notes.join(" ")).toContain("the staggered design across practices");
  });

  it("leaves out starts recorded after the report's asOf, and has no staggered design without a start", async () => {
    const early = await reportOf(history, { windowsMonths: [3], asOf: "2025-01-01T00:00:00Z" });
    expect(early.staggered.kind).toBe("no-staggered-start");
  });

  it("merges partitions' states into the one-pass report", async () => {
    const events = await recordedHistory(history);
    const whole = project(demandReduction(), events);
    const byPerson = (personIds: (id: string) => boolean) =>
      project(
        demandReduction(),
        events.filter((event) => !event.streamId.startsWith("person-") || personIds(event.streamId)),
      );
    const merged = mergeDemandReduction([byPerson((id) => id.endsWith("1")), byPerson((id) => id.endsWith("2"))]);
    const options = { seed: 1, resamples: 200, windowsMonths: [3] };
    expect(right(demandReductionReport(merged, options)).staggered).toEqual(right(demandReductionReport(whole, options)).staggered);
  });
});
