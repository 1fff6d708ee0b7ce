import { describe, expect, it } from "vitest";
import type { ReportView } from "../src/index.js";
import { capacityReportOf } from "./capacity-report-of.js";

// The capacity forecast fits a line through the months' referrals: its slope and the referrals it
// predicts are figures calculated from those people. In a shared view, a fit through 1 to 7 referrals
// is not shown (NHS England: no calculation from 1 to 7 people), or it pins the suppressed months.

/** One referral a month in January, February and March 2024 to a PCN of 10,000 with no link worker. */
const capacityViews = () =>
  capacityReportOf(
    "2024-01-01T00:00:00Z",
    ["01", "02", "03"].map((month) => `2024-${month}-10T09:00:00Z`),
  );

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
