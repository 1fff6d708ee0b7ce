import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fundingProjection, fundingReport, type FundingFigures } from "../../src/index.js";
import {
  arbitraryReportCase,
  command,
  project,
  projectedEveryWay,
  recordedHistory,
  referral,
  refusedPaths,
  resumedFromSnapshot,
  retentionQueries,
  right,
} from "./read-model-history.js";

const projection = right(fundingProjection());
/** Keeps every case in detail: the reference the folding read model must agree with. */
const keepingAll = right(fundingProjection({ retentionDays: "all" }));

const choir = "prov_choir1";
const walking = "ac148810-d857-441c-9679-408f346de14b";
const debt = "prov_debt1";

const provider = (providerId: string, at: string, name: string, directory = "local") =>
  command("RegisterProvider", at, { providerId, directory, name, supportCategories: ["arts_culture"], route: "direct_referral" });
const award = (
  providerId: string,
  at: string,
  fundingId: string,
  amountPence: number,
  periodStart: string,
  periodEnd: string,
  needs: string[],
) => command("AwardFunding", at, { providerId, fundingId, kind: "grant", amountPence, periodStart, periodEnd, needs });
const planned = (caseId: string, day: string, goals: { goalId: string; need: string }[]) => [
  referral(caseId, `${day}T09:00:00Z`),
  command("AcceptReferral", `${day}T10:00:00Z`, { caseId, linkWorkerId: "lw_w1" }),
  command("HoldConversation", `${day}T11:00:00Z`, { caseId, mode: "face_to_face", minutes: 45 }),
  command("AgreePlan", `${day}T12:00:00Z`, { caseId, goals }),
];
const connect = (caseId: string, at: string, connectionId: string, goalId: string, providerId: string) =>
  command("MakeConnection", at, { caseId, connectionId, goalId, providerId, activity: "arts_culture", mode: "referred" });
const update = (caseId: string, at: string, connectionId: string, what: string, reason?: string) =>
  command("RecordProviderUpdate", at, { caseId, connectionId, update: what, ...(reason === undefined ? {} : { reason }) });
const spend = (caseId: string, at: string, goalId: string, amountPence: number, connectionId?: string) =>
  command("RecordActivityBudgetSpend", at, { caseId, goalId, amountPence, ...(connectionId === undefined ? {} : { connectionId }) });

/**
 * The choir is granted £3,650.00 (365,000p) for 2025, a 365-day year: 1,000p a day, for loneliness
 * and mental wellbeing (500p a day each). The walking group (an Open Referral UK service) has no
 * funding. The debt service's £310.00 commission covers the 31 days of March (1,000p a day), and is
 * recorded on 20 March; nobody is connected to it.
 *
 * Case f1 (goals g1 loneliness, g2 physical activity): k1 to the choir on 3 March, accepted, first
 * attended 10 March (and again 17 March); k2 to the walking group on 4 March, declined at capacity on
 * 6 March. Activity budget: 2,400p for g1 through k1 on 11 March, 1,000p for g2 with no connection on 12 March.
 * Case f2 (goal g1 loneliness): k1 to the choir on 20 March, accepted 21 March, first attended 2 April;
 * k2 to the walking group on 22 March, waitlisted on 23 March.
 */
const scenario = [
  provider(choir, "2025-01-01T08:00:00Z", "St Mary's Community Choir"),
  award(choir, "2025-01-01T08:10:00Z", "grant-choir-2025", 365_000, "2025-01-01", "2025-12-31", ["loneliness", "mental_wellbeing"]),
  provider(walking, "2025-01-01T08:20:00Z", "Riverside Walking Group", "open_referral_uk"),
  command("DeclareProviderCapacity", "2025-02-01T08:00:00Z", { providerId: walking, monthlyPlaces: 12, waitingList: 5 }),
  provider(debt, "2025-01-01T08:30:00Z", "Debt Advice Line"),
  ...planned("case_f1", "2025-03-01", [
    { goalId: "g1", need: "loneliness" },
    { goalId: "g2", need: "physical_activity_lifestyle" },
  ]),
  connect("case_f1", "2025-03-03T09:00:00Z", "k1", "g1", choir),
  connect("case_f1", "2025-03-04T09:00:00Z", "k2", "g2", walking),
  update("case_f1", "2025-03-05T09:00:00Z", "k1", "accepted"),
  update("case_f1", "2025-03-06T09:00:00Z", "k2", "declined", "at_capacity"),
  update("case_f1", "2025-03-10T09:00:00Z", "k1", "attended"),
  spend("case_f1", "2025-03-11T09:00:00Z", "g1", 2_400, "k1"),
  spend("case_f1", "2025-03-12T09:00:00Z", "g2", 1_000),
  update("case_f1", "2025-03-17T09:00:00Z", "k1", "attended"),
  ...planned("case_f2", "2025-03-19", [{ goalId: "g1", need: "loneliness" }]),
  connect("case_f2", "2025-03-20T09:00:00Z", "k1", "g1", choir),
  award(debt, "2025-03-20T10:00:00Z", "commission-debt-march", 31_000, "2025-03-01", "2025-03-31", ["money_debt_benefits"]),
  update("case_f2", "2025-03-21T09:00:00Z", "k1", "accepted"),
  connect("case_f2", "2025-03-22T09:00:00Z", "k2", "g1", walking),
  update("case_f2", "2025-03-23T09:00:00Z", "k2", "waitlisted"),
  update("case_f2", "2025-04-02T09:00:00Z", "k1", "attended"),
];

const none = { referrals: 0, attended: 0, declined: 0, fundingPence: 0, costPerAttendedPence: null, activitySpendPence: 0 };
const figures = (values: Partial<FundingFigures>): FundingFigures => ({ ...none, ...values });

describe("the funding report, checked by hand", () => {
  it("for March: referrals and attended connections against funding, cost per attended connection, and who carries demand unfunded", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(fundingReport(state, { from: "2025-03-01T00:00:00Z", asOf: "2025-03-31T23:59:59Z" }));
    expect(report.providers).toEqual([
      // The walking group: two connections, one declined, none attended, no funding.
      {
        providerId: walking,
        name: "Riverside Walking Group",
        route: "direct_referral",
        monthlyPlaces: 12,
        waitingList: 5,
        fundingKinds: [],
        ...figures({ referrals: 2, declined: 1 }),
      },
      // The choir: k1 of f1 and of f2 made in March; only f1's first attendance is in March (f2's is in April).
      // 31 days x 1,000p = 31,000p for one attended connection; 2,400p of activity budget through f1's k1.
      {
        providerId: choir,
        name: "St Mary's Community Choir",
        route: "direct_referral",
        monthlyPlaces: null,
        waitingList: null,
        fundingKinds: ["grant"],
        ...figures({ referrals: 2, attended: 1, fundingPence: 31_000, costPerAttendedPence: 31_000, activitySpendPence: 2_400 }),
      },
      // The debt service: 31 days x 1,000p; no demand.
      {
        providerId: debt,
        name: "Debt Advice Line",
        route: "direct_referral",
        monthlyPlaces: null,
        waitingList: null,
        fundingKinds: ["grant"],
        ...figures({ fundingPence: 31_000 }),
      },
    ]);
    expect(report.unfundedWithDemand).toEqual([walking]);
    // 62,000p of funding for one attended connection; 3,400p of activity budget, 1,000p of it for no connection.
    expect(report.totals).toEqual({
      ...figures({ referrals: 4, attended: 1, declined: 1, fundingPence: 62_000, costPerAttendedPence: 62_000, activitySpendPence: 3_400 }),
      activitySpendWithoutProviderPence: 1_000,
    });
    // By need: the choir's grant is for two needs, 500p a day each (15,500p in March); both its connections were for loneliness.
    expect(report.byNeed).toEqual([
      { providerId: walking, need: "loneliness", ...figures({ referrals: 1 }) },
      { providerId: walking, need: "physical_activity_lifestyle", ...figures({ referrals: 1, declined: 1 }) },
      {
        providerId: choir,
        need: "loneliness",
        ...figures({ referrals: 2, attended: 1, fundingPence: 15_500, costPerAttendedPence: 15_500, activitySpendPence: 2_400 }),
      },
      { providerId: choir, need: "mental_wellbeing", ...figures({ fundingPence: 15_500 }) },
      { providerId: debt, need: "money_debt_benefits", ...figures({ fundingPence: 31_000 }) },
    ]);
    expect(report.byMonth.map((row) => [row.providerId, row.month, row.fundingPence, row.referrals, row.attended])).toEqual([
      [walking, "2025-03", 0, 2, 0],
      [choir, "2025-03", 31_000, 2, 1],
      [debt, "2025-03", 31_000, 0, 0],
    ]);
  });

  it("from the start to the end of April: the choir's grant for 120 days over two attended connections", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(fundingReport(state, { asOf: "2025-04-30T23:59:59Z" }));
    // January 31 + February 28 + March 31 + April 30 = 120 days x 1,000p = 120,000p; 2 attended: 60,000p each.
    expect(report.providers.find((row) => row.providerId === choir)).toMatchObject(
      figures({ referrals: 2, attended: 2, fundingPence: 120_000, costPerAttendedPence: 60_000, activitySpendPence: 2_400 }),
    );
    expect(
      report.byMonth.filter((row) => row.providerId === choir).map((row) => [row.month, row.fundingPence, row.referrals, row.attended]),
    ).toEqual([
      ["2025-01", 31_000, 0, 0],
      ["2025-02", 28_000, 0, 0],
      ["2025-03", 31_000, 2, 1],
      ["2025-04", 30_000, 0, 1],
    ]);
  });

  it("as of mid-March: funding counts the days to asOf's day, and an award recorded later is not yet known", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(fundingReport(state, { from: "2025-03-01T00:00:00Z", asOf: "2025-03-15T12:00:00Z" }));
    // 1-15 March: 15 days x 1,000p. Only f1's connections were made; its k1 was attended on 10 March.
    // The debt service's commission was recorded on 20 March: unknown on 15 March, so the service is not listed.
    expect(
      report.providers.map((row) => [
        row.providerId,
        row.referrals,
        row.attended,
        row.declined,
        row.fundingPence,
        row.costPerAttendedPence,
      ]),
    ).toEqual([
      [walking, 1, 0, 1, 0, null],
      [choir, 1, 1, 0, 15_000, 15_000],
    ]);
    expect(report.unfundedWithDemand).toEqual([walking]);
  });

  it("gives the same state in any interleaving of streams and through its snapshot", async () => {
    const events = await recordedHistory(scenario);
    const { state, regrouped, restored } = projectedEveryWay(projection, events);
    const asOf = { asOf: "2025-04-30T23:59:59Z" };
    expect(fundingReport(regrouped, asOf)).toEqual(fundingReport(state, asOf));
    expect(fundingReport(restored, asOf)).toEqual(fundingReport(state, asOf));
  });

  it("refuses bad options naming the field", async () => {
    const state = project(projection, await recordedHistory(scenario));
    expect(refusedPaths(fundingReport(state, { asOf: "yesterday" }))).toEqual(["asOf"]);
    expect(refusedPaths(fundingReport(state, { from: "2025-05-01T00:00:00Z", asOf: "2025-04-01T00:00:00Z" }))).toEqual(["from"]);
    expect(refusedPaths(fundingReport(state, { pcnId: "U00001" } as never))).toEqual(["(root)"]);
  });

  it("refuses a snapshot under another retention, readably", async () => {
    const events = await recordedHistory(scenario);
    const encoded =
      right(fundingProjection({ retentionDays: 30 })).codec?.encode(project(right(fundingProjection({ retentionDays: 30 })), events)) ?? "";
    const decoded = projection.codec?.decode(encoded);
    expect(decoded?._tag).toBe("Left");
  });
});

describe("the funding read model over generated histories", () => {
  it("folding ended cases answers as keeping them all, from the horizon on; resumed from a snapshot, the same", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryReportCase(), fc.nat(), async ({ history, asOfPicks }, cut) => {
        const events = await recordedHistory(history.commands, history.policy);
        const folding = project(right(fundingProjection({ retentionDays: 30 })), events);
        const full = project(keepingAll, events);
        const resumed = resumedFromSnapshot(right(fundingProjection({ retentionDays: 30 })), events, cut);
        const queries = retentionQueries(events, asOfPicks, folding, 2);
        for (const query of queries.answerable) {
          expect(fundingReport(folding, query)).toEqual(fundingReport(full, query));
          expect(fundingReport(resumed, query)).toEqual(fundingReport(full, query));
        }
        for (const query of queries.beforeHorizon) expect(refusedPaths(fundingReport(folding, query))).toEqual(["asOf"]);
        for (const query of queries.fromInsideAMonth) expect(refusedPaths(fundingReport(folding, query))).toEqual(["from"]);
      }),
      { numRuns: 25 },
    );
  });

  it("every provider's figures add up to the totals, and cost per attended connection is funding over attended", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryReportCase(), async ({ history }) => {
        const events = await recordedHistory(history.commands, history.policy);
        const report = right(fundingReport(project(keepingAll, events)));
        const sum = (pick: (row: FundingFigures) => number) => report.providers.reduce((total, row) => total + pick(row), 0);
        expect(sum((row) => row.referrals)).toBe(report.totals.referrals);
        expect(sum((row) => row.attended)).toBe(report.totals.attended);
        expect(sum((row) => row.declined)).toBe(report.totals.declined);
        expect(sum((row) => row.activitySpendPence) + report.totals.activitySpendWithoutProviderPence).toBe(
          report.totals.activitySpendPence,
        );
        // Each row's funding is rounded once from its exact share: the rounded rows stay within a penny each of the total.
        expect(Math.abs(sum((row) => row.fundingPence) - report.totals.fundingPence)).toBeLessThanOrEqual(report.providers.length);
        for (const row of report.providers) {
          if (row.attended === 0) expect(row.costPerAttendedPence).toBeNull();
          else expect(Math.abs((row.costPerAttendedPence ?? 0) * row.attended - row.fundingPence)).toBeLessThanOrEqual(row.attended);
          expect(report.unfundedWithDemand.includes(row.providerId)).toBe(row.referrals > 0 && row.fundingPence === 0);
        }
      }),
      { numRuns: 25 },
    );
  });
});
