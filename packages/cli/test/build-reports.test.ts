import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { buildReports, renderHtmlReport, reportNames } from "../src/index.js";

// buildReports through defineReport: one skeleton for every report, each report named for its read model.
const asOf = { asOf: "2025-01-01T00:00:00Z" };
const titles = [
  "Caseload",
  "Capacity",
  "Demand reduction",
  "Outcomes",
  "Unmet needs",
  "Community demand",
  "Referral sources",
  "Equity",
  "GP record outbox",
  "Funding",
];

describe("buildReports", () => {
  it("makes the reports asked for, once each, in the order first asked, each titled with its name", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...reportNames), { minLength: 1, maxLength: 10 }), async (asked) => {
        const built = await buildReports(readAllSource(memoryEventStore()), { reports: asked, settings: asOf });
        if (E.isLeft(built)) throw new Error(built.left.message);
        const expected = [...new Set(asked)];
        expect(built.right.reports.map((report) => report.name)).toEqual(expected);
        expect(built.right.reports.map((report) => report.view.title)).toEqual(expected.map((name) => titles[reportNames.indexOf(name)]));
      }),
      { numRuns: 25 },
    );
  });

  it("names a report whose read model refuses its settings, by the report's name", async () => {
    const built = await buildReports(readAllSource(memoryEventStore()), {
      reports: ["caseload", "capacity"],
      settings: { capacity: { fteTargetPer10k: -1 } },
    });
    expect(E.isLeft(built) && built.left).toMatchObject({ code: "REPORT_SETTINGS_INVALID", report: "capacity" });
    expect(E.isLeft(built) && built.left.message).toMatch(/^capacity report: capacity settings is invalid: fteTargetPer10k/);
  });

  it("gives the HTML page a section per report, its id the report's name, and the trust box to demand reduction only", async () => {
    const built = await buildReports(readAllSource(memoryEventStore()), { reports: [...reportNames], settings: asOf });
    if (E.isLeft(built)) throw new Error(built.left.message);
    const html = renderHtmlReport(built.right, { figures: "exact" });
    expect([...html.matchAll(/<section id="([a-z-]+)" data-report="([a-z-]+)">/g)].map((match) => [match[1], match[2]])).toEqual(
      reportNames.map((name) => [name, name]),
    );
    expect([...html.matchAll(/<aside class="notes trust">/g)]).toHaveLength(1);
    expect(html).toMatch(/<section id="demand-reduction"[^]*?<aside class="notes trust"><h3>Which figure to trust<\/h3>[^]*?<\/section>/);
    expect(html.match(/data-chart="([a-z-]+)"/g)).toEqual([
      'data-chart="capacity"',
      'data-chart="gp-use"',
      'data-chart="unmet-needs"',
      'data-chart="community-demand"',
    ]);
    // Shared (the default): the charts of counts are left out, and the page says why and prints the rule.
    const shared = renderHtmlReport(built.right);
    expect(shared.match(/data-chart="([a-z-]+)"/g)).toEqual(['data-chart="capacity"']);
    expect(shared).toContain("counts from 1 to 7 are shown as *");
    expect(shared.match(/Charts? of counts left out of this shared report/g)).toHaveLength(3);
  });
});
