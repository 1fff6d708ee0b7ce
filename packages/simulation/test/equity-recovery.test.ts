import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { EquityFields } from "@linkwork/core/vocabulary";
import { equityProjection, equityReport, type EquityReport } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import {
  declineMultiplier,
  generateCommands,
  simulate,
  simulationSettings,
  trueReferralRate,
  type SimulationSettingsInput,
} from "../src/index.js";
import { readAllEvents } from "./recorded-history.js";

/**
 * Does the equity report recover the differences the simulator was given? One seeded network of four
 * PCNs takes referrals for a year (then two months let every referral be decided). People's groups
 * are drawn by share of the list × relative referral rate, and their decline probability is the
 * base rate × their group's multiplier (equity-model.ts), so the truth per group follows from the
 * settings: referrals a year per 1,000 in the group = the list's share a year × the group's relative
 * rate ÷ the list's mean relative rate; decline rate = base rate × multiplier ÷ (1 − rejection rate),
 * since everyone not rejected accepts or declines.
 *
 * Every group of every field is checked at once, so the intervals are Bonferroni-adjusted to hold
 * together with 95% confidence (each at 1 − 0.05 / the number checked).
 */

const input: SimulationSettingsInput = {
  seed: 19,
  pcns: 4,
  months: 14,
  intakeMonths: 12,
  network: { registeredPatients: { min: 40_000, max: 40_000 }, listGrowthPerYear: 0 },
  usage: { comparisonPerReferral: 0 },
};

let report: EquityReport;
let groupsChecked = 0;
const settings = E.getOrElseW(() => {
  throw new Error("bad settings");
})(simulationSettings(input));

beforeAll(async () => {
  const store = memoryEventStore();
  const people = new Map<string, EquityFields>();
  const run = await simulate(input, { store, onPerson: ({ personId, equity }) => people.set(personId, equity) });
  if (E.isLeft(run)) throw new Error(run.left.message);
  const projection = E.getOrElseW(() => {
    throw new Error("no projection");
  })(equityProjection());
  let state = projection.initialState();
  for (const recorded of await readAllEvents(store)) state = projection.apply(state, recorded);
  // Groups with anyone on the list: every group of age, sex and decile with a share, five ethnic groups.
  groupsChecked = 9 + 2 + 5 + 10;
  const made = equityReport(state, people, { confidence: 1 - 0.05 / groupsChecked });
  if (E.isLeft(made)) throw new Error(made.left.message);
  report = made.right;
}, 120_000);

describe("the equity report on a simulated network", () => {
  it("recovers each group's referral rate per 1,000 within its interval", () => {
    const checked = report.rows.filter((row) => !row.unrecorded && row.listPatients > 0);
    expect(checked).toHaveLength(groupsChecked);
    for (const row of checked) {
      const truth = trueReferralRate(settings.equity, row.field, row.group, settings.referrals.shareOfListPerYear) * 1000;
      expect({
        field: row.field,
        group: row.group,
        truthInside: row.referralsPer1000!.lower <= truth && truth <= row.referralsPer1000!.upper,
      }).toEqual({
        field: row.field,
        group: row.group,
        truthInside: true,
      });
    }
    // The lists hold no unrecorded patients, and every referred person has every field.
    for (const row of report.rows.filter((each) => each.unrecorded)) expect([row.listPatients, row.referrals]).toEqual([0, 0]);
  });

  it("recovers each ethnic group's decline rate within its interval", () => {
    const { declineRate, rejectionRate } = settings.journeys;
    for (const row of report.rows.filter((each) => each.field === "ethnicGroup" && !each.unrecorded)) {
      const truth = (declineRate * declineMultiplier(settings.equity, "ethnicGroup", row.group)) / (1 - rejectionRate);
      expect([row.group, row.declineRate!.lower <= truth && truth <= row.declineRate!.upper]).toEqual([row.group, true]);
    }
  });

  it("finds the groups the settings under-refer, and not the others", () => {
    const underReached = report.rows.filter((row) => row.underReached).map((row) => `${row.field} ${row.group}`);
    // Asian (0.5) and Black (0.6) people, children (0.2) and the least deprived deciles (0.6, 0.8) are referred far less.
    expect(underReached).toEqual(
      expect.arrayContaining(["ageBand 0-17", "ethnicGroup asian", "ethnicGroup black", "deprivationDecile 10"]),
    );
    expect(underReached).not.toContain("ethnicGroup white");
    expect(underReached).not.toContain("deprivationDecile 1");
  });
});

describe("simulated people's equity fields", () => {
  it("are the same from the same seed, and none is in the history", () => {
    const small = { ...input, pcns: 1, months: 2, intakeMonths: 2 };
    const first = generateCommands(small);
    const second = generateCommands(small);
    if (E.isLeft(first) || E.isLeft(second)) throw new Error("bad settings");
    expect(first.right.people.length).toBeGreaterThan(20);
    expect(second.right.people).toEqual(first.right.people);
    const text = JSON.stringify(first.right.commands);
    expect(text).not.toMatch(/ethnicCategory|deprivationDecile"|"ageBand"/);
  });

  it("refuse decline multipliers that would leave no referral to engage, naming the setting", () => {
    const refused = simulationSettings({
      seed: 1,
      equity: { relativeDecline: { ageBand: {}, sex: {}, ethnicGroup: { asian: 10 }, deprivationDecile: {} } },
    });
    expect(E.isLeft(refused) && refused.left.code === "VALIDATION_FAILED" && refused.left.issues.map((issue) => issue.path)).toEqual([
      "equity.relativeDecline",
    ]);
  });
});
