import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork, openSchemePolicy } from "@linkwork/core";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { buildReports, type ReportView } from "../src/index.js";

// The capacity forecast fits a line through the months' referrals: its slope and the referrals it
// predicts are figures calculated from those people. In a shared view, a fit through 1 to 7 referrals
// is not shown (NHS England: no calculation from 1 to 7 people), or it pins the suppressed months.

let counter = 0;
function command(type: string, occurredAt: string, fields: Record<string, unknown>): Record<string, unknown> {
  counter += 1;
  const commandId = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
  return { type, commandId, occurredAt, recordedBy: "admin-1", ...fields };
}

/** One referral a month in January, February and March 2024 to a PCN of 10,000 with no link worker. */
async function capacityViews(): Promise<{ readonly exact: ReportView; readonly shared: ReportView }> {
  const store = memoryEventStore();
  const app = linkwork(store, { policy: openSchemePolicy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
  const commands = [
    command("RecordPcnListSize", "2024-01-01T00:00:00Z", { pcnId: "U00001", registeredPatients: 10_000 }),
    ...["01", "02", "03"].map((month, index) =>
      command("ReceiveReferral", `2024-${month}-10T09:00:00Z`, {
        caseId: `case_trend${index}`,
        personId: `person_trend${index}`,
        pcnId: "U00001",
        practiceId: "P00004",
        source: "gp",
        reasons: ["loneliness"],
        consent: { contact: true, shareOutcomeWithReferrer: false },
      }),
    ),
  ];
  for (const input of commands) {
    const handled = await app.handle(input);
    if (E.isLeft(handled)) throw new Error(handled.left.message);
  }
  const built = await buildReports(readAllSource(store), { reports: ["capacity"], settings: { asOf: "2024-03-31T23:59:59.999Z" } });
  await store.close();
  if (E.isLeft(built)) throw new Error(built.left.message);
  const report = built.right.reports[0]!;
  return { exact: report.view, shared: report.sharedView };
}

const forecastCells = (view: ReportView) => {
  const table = view.tables.find((candidate) => candidate.id === "forecast")!;
  const at = (key: string) => table.columns.findIndex((column) => column.key === key);
  const row = table.rows[0]!;
  return { slope: row[at("trend_slope_per_month")], outlook: row[at("outlook")] };
};

describe("the capacity forecast in a shared view", () => {
  it("shows no trend fitted through 1 to 7 referrals, in its table or its summary", async () => {
    const { exact, shared } = await capacityViews();
    // By hand: 1, 1, 1 referrals: slope 0, 1.0 a month predicted, over a capacity of 0 (no FTE).
    expect(forecastCells(exact)).toEqual({ slope: 0, outlook: "referrals overtake capacity in 2024-04 (1 month ahead, 1.0 a month)" });
    expect(exact.summary.some((line) => line.includes("1.0 a month"))).toBe(true);
    // Slope 0 and 1.0 a month beside months published as * (never 0) pin each month to 1.
    expect(forecastCells(shared)).toEqual({ slope: "*", outlook: "*" });
    expect(shared.summary.filter((line) => line.includes("a month)"))).toEqual([]);
  });
});
