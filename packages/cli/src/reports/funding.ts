import { fundingProjection, fundingReport, type FundingReport, type ProviderFundingRow } from "@linkwork/projections";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { formatNumber, words } from "./figure-format.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { column, meanOf, notPeople, type Column, type ReportView } from "./report-view.js";

/** Pence as pounds, the unit every money column shows (two decimals). */
const pounds = (pence: number | null): number | null => (pence === null ? null : pence / 100);
const poundText = (pence: number): string => `£${formatNumber(pence / 100, 2)}`;

/** The columns every table shares after its keys: what was absorbed, and what was paid. */
const figureColumns: readonly Column[] = [
  column("referrals", "Referrals", "count"),
  column("attended", "Attended", "count"),
  column("declined", "Declined", "count", false),
  column("funding_pounds", "Funding (£)", "decimal", true, notPeople),
  // A cost over few attended connections, or spend over few referrals, is a figure about few people.
  column("cost_per_attended_pounds", "Cost per attended (£)", "decimal", true, meanOf("attended")),
  column("activity_spend_pounds", "Activity budget (£)", "decimal", false, meanOf("referrals")),
];

const figureCells = (row: Omit<ProviderFundingRow, "providerId" | "name" | "route" | "monthlyPlaces" | "waitingList" | "fundingKinds">) => [
  row.referrals,
  row.attended,
  row.declined,
  pounds(row.fundingPence),
  pounds(row.costPerAttendedPence),
  pounds(row.activitySpendPence),
];

function view(report: FundingReport, figures: FigureText): Omit<ReportView, "title"> {
  const { totals } = report;
  const names = new Map(report.providers.map((row) => [row.providerId, row.name ?? row.providerId]));
  const unfunded = report.unfundedWithDemand.map((providerId) => names.get(providerId) ?? providerId);
  return {
    description:
      "Referrals and attended connections each community provider absorbed against the grants and commissions it received, with the cost per attended connection, by provider, month and need.",
    asOf: report.asOf,
    summary: [
      `${figures.count(totals.referrals)} referrals and ${figures.count(totals.attended)} attended connections against ${poundText(totals.fundingPence)} of funding${
        totals.costPerAttendedPence === null
          ? ""
          : ` (${figures.over(totals.attended, poundText(totals.costPerAttendedPence))} per attended connection)`
      }.`,
      unfunded.length === 0
        ? "Every provider that absorbed referrals had funding in the period."
        : `Carrying demand with no funding in the period: ${unfunded.slice(0, 8).join(", ")}${unfunded.length > 8 ? ", ..." : ""}.`,
    ],
    notes: [
      "Referrals are the connections link workers made to the provider in the period; attended are the connections the provider first reported attended in it (closed-loop updates); declined, those it declined.",
      "Funding is each grant or commission spread evenly over the days of its period, counting the days from the report's start to its date (both included), and only awards recorded by that date. Funding for several needs is shared evenly among them in the table by need.",
      "Cost per attended connection is the funding over the attended connections; it is blank without one. Activity budget is the spend the plan's goals drew for connections to the provider.",
    ],
    tables: [
      {
        id: "by-provider",
        title: "Funding and demand by provider",
        columns: [
          column("provider", "Provider", "text"),
          column("name", "Name", "text"),
          column("route", "Route", "text", false),
          ...figureColumns,
          column("monthly_places", "Places a month", "count", false, notPeople),
          column("waiting_list", "Waiting list", "count", false, notPeople),
          column("unfunded_with_demand", "Demand, no funding", "yes-no", false, meanOf("referrals")),
        ],
        sums: { columns: ["referrals", "attended"] },
        rows: report.providers.map((row) => [
          row.providerId,
          row.name ?? "",
          row.route === null ? "" : words(row.route),
          ...figureCells(row),
          row.monthlyPlaces,
          row.waitingList,
          report.unfundedWithDemand.includes(row.providerId),
        ]),
      },
      {
        id: "by-provider-month",
        title: "Funding and demand by provider and month",
        columns: [column("provider", "Provider", "text"), column("month", "Month", "text"), ...figureColumns],
        rows: report.byMonth.map((row) => [row.providerId, row.month, ...figureCells(row)]),
      },
      {
        id: "by-provider-need",
        title: "Funding and demand by provider and need",
        columns: [column("provider", "Provider", "text"), column("need", "Need", "text"), ...figureColumns],
        rows: report.byNeed.map((row) => [row.providerId, words(row.need), ...figureCells(row)]),
      },
    ],
  };
}

/** Whether money follows the referral: funding against the demand each provider absorbed. */
export const fundingReportDefinition = defineReport({
  name: "funding",
  readModel: (settings) => fundingProjection(retentionOf(settings)),
  query: (state, settings) => fundingReport(state, asOfOf(settings)),
  view,
});
