import { sequenceS } from "fp-ts/lib/Apply.js";
import * as E from "fp-ts/lib/Either.js";
import type { DomainError } from "@linkwork/core";
import {
  capacityByMonth,
  capacityByYear,
  capacityForecast,
  capacityProjection,
  type CapacityForecastReport,
  type CapacityReport,
  type CapacityYearReport,
  type DemandOutlook,
} from "@linkwork/projections";
import { chartTitle, renderChart } from "../charts/svg-chart.js";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { formatNumber } from "./figure-format.js";
import { bandOf, column, meanOf, notPeople, perOf, shareOf, type ReportView } from "./report-view.js";

function outlookText(outlook: DemandOutlook): string {
  switch (outlook.kind) {
    case "overtakes":
      return `referrals overtake capacity in ${outlook.month} (${outlook.monthsAhead} month${outlook.monthsAhead === 1 ? "" : "s"} ahead, ${formatNumber(outlook.predictedReferrals, 1)} a month)`;
    case "not-within-horizon":
      return `not within ${outlook.horizonMonths} months (${formatNumber(outlook.predictedReferralsAtHorizon, 1)} referrals a month by then)`;
    case "insufficient-data":
      return `no forecast: ${outlook.detail}`;
  }
}

/** No count of people in its summary: PCNs, FTE, and forecasts only where fitted through 8 or more referrals when shared. */
/** The referrals a forecast's trend was fitted through: the people its slope and outlook are calculated from. */
function trendReferrals(row: CapacityForecastReport["rows"][number]): number | null {
  return row.trend === null ? null : row.trend.referrals.reduce((sum, count) => sum + count, 0);
}

function view(
  byMonth: CapacityReport,
  byYear: CapacityYearReport,
  forecast: CapacityForecastReport,
  figures: FigureText,
): Omit<ReportView, "title"> {
  const latest = new Map<string, CapacityReport["rows"][number]>();
  for (const row of byMonth.rows) latest.set(row.pcnId, row);
  const below = [...latest.values()].filter((row) => row.meetsFteTarget === false);
  const overtaking = forecast.rows.filter((row) => row.outlook.kind === "overtakes");
  const summary = [
    `Target: ${formatNumber(byMonth.fteTargetPer10k, 2)} FTE link worker per 10,000 registered patients; benchmark: ${formatNumber(byMonth.caseloadBenchmarkPerFte, 0)} people supported per FTE a year.`,
    latest.size === 0
      ? "No PCN has a list size, a link worker or a referral by this date."
      : below.length === 0
        ? "Every PCN meets the FTE target in its latest month."
        : `${below.length} of ${latest.size} PCNs are below the FTE target in the latest month: ${below.map((row) => `${row.pcnId} (${formatNumber(row.ftePer10k ?? 0, 2)} per 10k, needs ${formatNumber(row.fteNeeded ?? 0, 2)} FTE, has ${formatNumber(row.fte, 2)})`).join(", ")}.`,
  ];
  const latestYear = byYear.rows.reduce<string | null>(
    (latestLabel, row) => (latestLabel === null || row.year > latestLabel ? row.year : latestLabel),
    null,
  );
  const yearRows = byYear.rows.filter((row) => row.year === latestYear && row.fteNeeded !== null);
  if (latestYear !== null && yearRows.length > 0) {
    const total = (figure: (row: CapacityYearReport["rows"][number]) => number) => yearRows.reduce((sum, row) => sum + figure(row), 0);
    summary.push(
      `${latestYear}${yearRows.every((row) => row.complete) ? "" : " so far"}: ${formatNumber(
        total((row) => row.fte),
        2,
      )} FTE in post on average against ${formatNumber(
        total((row) => row.fteNeeded ?? 0),
        2,
      )} FTE the target calls for; ${formatNumber(
        total((row) => row.shortfallFte ?? 0),
        2,
      )} FTE short across ${yearRows.length} PCN${yearRows.length === 1 ? "" : "s"}.`,
    );
  }
  if (overtaking.length > 0) {
    summary.push(
      `Demand is forecast to overtake capacity: ${overtaking.map((row) => `${row.pcnId}, ${figures.over(trendReferrals(row) ?? 0, outlookText(row.outlook))}`).join("; ")}.`,
    );
  }
  return {
    description:
      "Link worker capacity per PCN and month: FTE against the registered list and its target, people supported per FTE against the caseload benchmark, referrals against the incentive band, and the waiting list.",
    asOf: byMonth.asOf,
    summary,
    notes: [
      "FTE per 10k is the FTE in post at the month's end per 10,000 registered patients. Utilisation is people supported per FTE a year (first conversations × 12 ÷ FTE) divided by the benchmark: above 100% is more than a link worker is expected to carry.",
      "The referral rate is the month's referrals × 12 as a share of the registered list, compared with the national incentive band. The last month may be incomplete (it runs to the report's date).",
      "The decline rate is the referral-source report's: of the month's (or year's) referrals whose person had decided by the report's date, accepting or declining (each once), the share who declined.",
      `The year view sums each PCN's months into ${byYear.yearStartMonth === 4 ? "financial years (April to March)" : "years"}: FTE is the mean of the months' FTE, the list is the last month's, the shortfall is the FTE the target calls for less the FTE in post, and the year's capacity is FTE × benchmark × months ÷ 12.`,
      "The forecast continues the least-squares line through recent complete months of referrals and says when it would pass what the link workers in post can take on a month (FTE × benchmark ÷ 12).",
    ],
    tables: [
      {
        id: "by-month",
        title: "Capacity by PCN and month",
        columns: [
          column("pcn", "PCN", "text"),
          column("month", "Month", "text"),
          column("complete", "Complete", "yes-no", false),
          // List sizes are open data, published monthly per practice and PCN: not a count to suppress.
          // https://digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice
          column("registered_patients", "List size", "count", true, notPeople),
          column("fte", "FTE", "decimal"),
          column("fte_per_10k", "FTE per 10k", "decimal"),
          column("fte_needed", "FTE needed", "decimal"),
          column("meets_fte_target", "Meets target", "yes-no"),
          column("referrals", "Referrals", "count"),
          column("accepted", "Accepted", "count", false),
          column("declined", "Declined", "count", false),
          column("rejected", "Rejected", "count", false),
          column("referrals_declined", "Referrals declined", "count", false),
          column("referrals_decided", "Referrals decided", "count", false),
          column("decline_rate", "Decline rate", "share", false, shareOf("referrals_declined", ["referrals_decided"])),
          column("people_supported", "Supported", "count"),
          column("supported_per_fte_per_year", "Per FTE a year", "decimal", false, perOf("people_supported")),
          column("caseload_utilisation", "Utilisation", "share", true, perOf("people_supported")),
          column("annualised_referral_rate", "Referral rate", "share", true, perOf("referrals")),
          column(
            "referral_rate_band",
            "Band",
            "text",
            true,
            bandOf("annualised_referral_rate", byMonth.referralRateBand.lower, byMonth.referralRateBand.upper),
          ),
          column("waiting_list", "Waiting", "count"),
          column("monthly_capacity", "Capacity a month", "decimal", false),
        ],
        rows: byMonth.rows.map((row) => [
          row.pcnId,
          row.month,
          row.complete,
          row.registeredPatients,
          row.fte,
          row.ftePer10k,
          row.fteNeeded,
          row.meetsFteTarget,
          row.referrals,
          row.accepted,
          row.declined,
          row.rejected,
          row.referralsDeclined,
          row.referralsDecided,
          row.declineRate,
          row.peopleSupported,
          row.supportedPerFtePerYear,
          row.caseloadUtilisation,
          row.annualisedReferralRate,
          row.referralRateBand,
          row.waitingList,
          row.monthlyCapacity,
        ]),
      },
      {
        id: "by-year",
        title: "Capacity by PCN and year",
        columns: [
          column("pcn", "PCN", "text"),
          column("year", "Year", "text"),
          column("months", "Months", "count", true, notPeople),
          column("complete", "Complete", "yes-no", false),
          column("registered_patients", "List size", "count", true, notPeople),
          column("fte", "FTE", "decimal"),
          column("fte_needed", "FTE needed", "decimal"),
          column("shortfall_fte", "FTE short", "decimal"),
          column("people_supported", "Supported", "count"),
          column("annual_capacity", "Capacity in year", "decimal"),
          column("capacity_utilisation", "Utilisation", "share", true, perOf("people_supported")),
          column("referrals", "Referrals", "count"),
          column("referral_share_of_list", "Share of list", "share", true, perOf("referrals")),
          column("referrals_declined", "Declined", "count", false),
          column("referrals_decided", "Decided", "count", false),
          column("decline_rate", "Decline rate", "share", true, shareOf("referrals_declined", ["referrals_decided"])),
        ],
        rows: byYear.rows.map((row) => [
          row.pcnId,
          row.year,
          row.months,
          row.complete,
          row.registeredPatients,
          row.fte,
          row.fteNeeded,
          row.shortfallFte,
          row.peopleSupported,
          row.annualCapacity,
          row.capacityUtilisation,
          row.referrals,
          row.referralShareOfList,
          row.referralsDeclined,
          row.referralsDecided,
          row.declineRate,
        ]),
      },
      {
        id: "forecast",
        title: "When demand overtakes capacity",
        columns: [
          column("pcn", "PCN", "text"),
          column("fte", "FTE now", "decimal"),
          column("monthly_capacity", "Capacity a month", "decimal"),
          // The trend's slope and outlook are calculated from the referrals it was fitted through.
          column("trend_referrals", "Referrals in trend", "count", false),
          column("trend_slope_per_month", "Referral trend per month", "decimal", true, meanOf("trend_referrals")),
          column("outlook", "Outlook", "text", true, meanOf("trend_referrals")),
        ],
        rows: forecast.rows.map((row) => [
          row.pcnId,
          row.fte,
          row.monthlyCapacity,
          trendReferrals(row),
          row.trend?.slopePerMonth ?? null,
          outlookText(row.outlook),
        ]),
      },
    ],
  };
}

/** FTE per 10,000 patients per PCN and month, against the target ratio. */
function capacityChart(report: CapacityReport): string {
  const months = [...new Set(report.rows.map((row) => row.month))].sort();
  const pcns = [...new Set(report.rows.map((row) => row.pcnId))].sort();
  const value = (pcnId: string, month: string) => report.rows.find((row) => row.pcnId === pcnId && row.month === month)?.ftePer10k ?? null;
  return renderChart(
    {
      title: chartTitle(
        "Link worker capacity against target",
        `FTE per 10,000 registered patients at each month's end; dashed: the target (${report.fteTargetPer10k})`,
      ),
      legend: { top: 52, itemGap: 28 },
      grid: { left: 64, right: 24, top: 96, bottom: 48 },
      xAxis: { type: "category", data: months, name: "month", nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "value", name: "FTE per 10k", min: 0 },
      series: [
        ...pcns.map((pcnId) => ({
          type: "line" as const,
          name: pcnId,
          data: months.map((month) => value(pcnId, month)),
          symbolSize: 5,
          connectNulls: false,
        })),
        {
          type: "line" as const,
          name: "target",
          data: months.map(() => report.fteTargetPer10k),
          symbol: "none",
          lineStyle: { type: "dashed" as const, color: "#c0392b", width: 2 },
          itemStyle: { color: "#c0392b" },
        },
      ],
    },
    400,
  );
}

/** The capacity report's data: its read model's two queries. */
export interface CapacityData {
  readonly byMonth: CapacityReport;
  readonly byYear: CapacityYearReport;
  readonly forecast: CapacityForecastReport;
}

/** Capacity per PCN and month, and when demand overtakes it. */
export const capacityReport = defineReport({
  name: "capacity",
  readModel: (settings) => capacityProjection({ ...settings.capacity, ...retentionOf(settings) }),
  query: (state, settings): E.Either<DomainError, CapacityData> =>
    sequenceS(E.Apply)({
      byMonth: capacityByMonth(state, asOfOf(settings)),
      byYear: capacityByYear(state, asOfOf(settings)),
      forecast: capacityForecast(state, asOfOf(settings)),
    }),
  view: ({ byMonth, byYear, forecast }, figures) => view(byMonth, byYear, forecast, figures),
  charts: ({ byMonth }) => [{ id: "capacity", svg: capacityChart(byMonth), caption: "Capacity against target over time, per PCN." }],
});
