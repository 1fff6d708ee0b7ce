import { describe, expect, it } from "vitest";
import type { ReportView } from "../src/index.js";
import { capacityReportOf } from "./capacity-report-of.js";

// The capacity table's referral-rate band ("below", "within", "above" the 1.2%-1.6% a year incentive
// band) is a function of the month's referrals over the list, and list sizes are published as they
// are. In a shared view it must follow the published (rounded) referrals, or it tells the exact count.

/** A PCN of 10,000 patients with `referrals` referrals in March 2024 (12 a year per 10,000 is 1.2%). */
async function capacityViews(referrals: number) {
  const times = Array.from({ length: referrals }, (_, index) => `2024-03-${String(2 + index).padStart(2, "0")}T09:00:00Z`);
  const { exact, shared } = await capacityReportOf("2024-03-01T00:00:00Z", times);
  const cellsOf = (view: ReportView) => {
    const table = view.tables.find((candidate) => candidate.id === "by-month")!;
    const at = (key: string) => table.columns.findIndex((column) => column.key === key);
    const row = table.rows[0]!;
    return { referrals: row[at("referrals")], rate: row[at("annualised_referral_rate")], band: row[at("referral_rate_band")] };
  };
  return { exact: cellsOf(exact), shared: cellsOf(shared) };
}

describe("the capacity report's referral-rate band in a shared view", () => {
  it("is the published rate's band: 13 referrals publish as 15, whose rate (1.8%) is above the band", async () => {
    const { exact, shared } = await capacityViews(13);
    // By hand: 13 x 12 / 10,000 = 1.56%, within 1.2%-1.6%; published 15 x 12 / 10,000 = 1.8%, above.
    expect(exact).toEqual({ referrals: 13, rate: 0.0156, band: "within" });
    expect(shared.referrals).toBe(15);
    expect(shared.rate).toBeCloseTo(0.018, 12);
    // "15, within" would pin the count to 13, the only count from 13 to 17 within the band at this list.
    expect(shared.band).toBe("above");
  });

  it("is * when the referrals are suppressed", async () => {
    const { exact, shared } = await capacityViews(3);
    expect(exact.band).toBe("below");
    expect(shared).toEqual({ referrals: "*", rate: "*", band: "*" });
  });
});
