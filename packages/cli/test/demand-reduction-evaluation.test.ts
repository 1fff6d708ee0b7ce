import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork } from "@linkwork/core";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { buildReports, renderHtmlReport } from "../src/index.js";

// The demand-reduction report's evaluation sections as the CLI shows them: matched comparisons, balance,
// and the staggered design's event study (a table, and a plot on the exact HTML page).

let commandNumber = 0;
function command(type: string, occurredAt: string, fields: Record<string, unknown>): Record<string, unknown> {
  commandNumber += 1;
  return {
    type,
    commandId: `00000000-0000-4000-8000-${commandNumber.toString(16).padStart(12, "0")}`,
    occurredAt,
    recordedBy: "admin-1",
    ...fields,
  };
}

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

/** Six practices of two PCNs; two start in 2024-Q1, two (their PCN) in 2024-Q3, two never; use falls by 1 a quarter once started. */
function staggeredHistory(): Record<string, unknown>[] {
  const practices = [
    { id: "A00001", pcn: "U00001", start: 4 },
    { id: "B00001", pcn: "U00001", start: 4 },
    { id: "C00001", pcn: "U00002", start: 6 },
    { id: "D00001", pcn: "U00002", start: 6 },
    { id: "E00001", pcn: "U00003", start: null },
    { id: "F00001", pcn: "U00003", start: null },
  ];
  return [
    command("RecordSocialPrescribingStart", "2025-01-05T09:00:00Z", { pcnId: "U00001", practiceId: "A00001", startDate: "2024-01-01" }),
    command("RecordSocialPrescribingStart", "2025-01-05T09:00:00Z", { pcnId: "U00001", practiceId: "B00001", startDate: "2024-01-01" }),
    command("RecordSocialPrescribingStart", "2025-01-05T09:00:00Z", { pcnId: "U00002", startDate: "2024-07-01" }),
    ...practices.flatMap((practice, index) =>
      [1, 2, 3].flatMap((person) => {
        const personId = `person_p${String(index)}x${String(person)}`;
        return [
          command("EnrolInComparisonCohort", "2025-03-01T08:00:00Z", {
            personId,
            pcnId: practice.pcn,
            practiceId: practice.id,
            indexDate: "2024-01-10",
          }),
          ...quarters.map(([periodStart, periodEnd], quarter) =>
            command("RecordHealthcareUsage", "2025-03-01T09:00:00Z", {
              personId,
              setting: "gp_appointment",
              periodStart,
              periodEnd,
              count: 3 + index + person + (quarter % 2) - (practice.start !== null && quarter >= practice.start ? 1 : 0),
            }),
          ),
        ];
      }),
    ),
  ];
}

describe("the demand-reduction report's evaluation sections", () => {
  it("show the matched comparison, the balance and the staggered event study, and plot the event study on the exact page only", async () => {
    const store = memoryEventStore();
    const app = linkwork(store, { clock: () => Date.parse("2031-01-01T00:00:00Z") });
    for (const input of staggeredHistory()) {
      const handled = await app.handle(input);
      if (E.isLeft(handled)) throw new Error(handled.left.message);
    }
    const built = await buildReports(readAllSource(store), {
      reports: ["demand-reduction"],
      settings: { demandReduction: { windowsMonths: [3] } },
    });
    if (E.isLeft(built)) throw new Error(built.left.message);
    const view = built.right.reports[0]!.view;
    expect(view.tables.map((table) => table.id)).toEqual(["effect", "before-after", "matched", "balance", "staggered"]);
    const staggered = view.tables.find((table) => table.id === "staggered")!;
    // Event times from −6 (the 2024-Q3 starters' 2023-Q1) to +3 (the 2024-Q1 starters' 2024-Q4): −1 once started, 0 before.
    expect(staggered.rows.map(([eventTime]) => eventTime)).toEqual([-6, -5, -4, -3, -2, -1, 0, 1, 2, 3]);
    for (const [eventTime, , , effect] of staggered.rows) {
      const expected = (eventTime as number) >= 0 ? -1 : 0;
      expect((effect as { estimate: number }).estimate).toBeCloseTo(expected, 9);
    }
    expect(view.summary.join(" ")).toContain("Staggered design across 6 practices (4 started within the panel)");
    const exact = renderHtmlReport(built.right, { figures: "exact" });
    expect(exact).toContain('data-chart="event-study"');
    expect(exact).toContain("Effect by quarter relative to the start");
    expect(renderHtmlReport(built.right)).not.toContain('data-chart="event-study"');
  });
});
