import * as E from "fp-ts/lib/Either.js";
import {
  capacityByMonth,
  capacityForecast,
  capacityProjection,
  type CapacityForecastReport,
  type CapacityReport,
  type DemandOutlook,
} from "@linkwork/projections";
import { onePass } from "./one-pass-projection.js";
import { retentionOf, type BuiltReport, type PreparedReport, type ReportProblem, type ReportSettings } from "./built-report.js";
import { formatNumber } from "./figure-format.js";
import { column } from "./report-view.js";

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

function view(byMonth: CapacityReport, forecast: CapacityForecastReport): BuiltReport["view"] {
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
  if (overtaking.length > 0) {
    summary.push(
      `Demand is forecast to overtake capacity: ${overtaking.map((row) => `${row.pcnId}, ${outlookText(row.outlook)}`).join("; ")}.`,
    );
  }
  return {
    title: "Capacity",
    description:
      "Link worker capacity per PCN and month: FTE against the registered list and its target, people supported per FTE against the caseload benchmark, referrals against the incentive band, and the waiting list.",
    asOf: byMonth.asOf,
    summary,
    notes: [
      "FTE per 10k is the FTE in post at the month's end per 10,000 registered patients. Utilisation is people supported per FTE a year (first conversations × 12 ÷ FTE) divided by the benchmark: above 100% is more than a link worker is expected to carry.",
      "The referral rate is the month's referrals × 12 as a share of the registered list, compared with the national incentive band. The last month may be incomplete (it runs to the report's date).",
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
          column("registered_patients", "List size", "count"),
          column("fte", "FTE", "decimal"),
          column("fte_per_10k", "FTE per 10k", "decimal"),
          column("fte_needed", "FTE needed", "decimal"),
          column("meets_fte_target", "Meets target", "yes-no"),
          column("referrals", "Referrals", "count"),
          column("accepted", "Accepted", "count", false),
          column("declined", "Declined", "count", false),
          column("rejected", "Rejected", "count", false),
          column("decline_rate", "Decline rate", "share", false),
          column("people_supported", "Supported", "count"),
          column("supported_per_fte_per_year", "Per FTE a year", "decimal", false),
          column("caseload_utilisation", "Utilisation", "share"),
          column("annualised_referral_rate", "Referral rate", "share"),
          column("referral_rate_band", "Band", "text"),
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
        id: "forecast",
        title: "When demand overtakes capacity",
        columns: [
          column("pcn", "PCN", "text"),
          column("fte", "FTE now", "decimal"),
          column("monthly_capacity", "Capacity a month", "decimal"),
          column("trend_slope_per_month", "Referral trend per month", "decimal"),
          column("outlook", "Outlook", "text"),
        ],
        rows: forecast.rows.map((row) => [
          row.pcnId,
          row.fte,
          row.monthlyCapacity,
          row.trend?.slopePerMonth ?? null,
          outlookText(row.outlook),
        ]),
      },
    ],
  };
}

export function prepareCapacityReport(settings: ReportSettings): E.Either<ReportProblem, PreparedReport> {
  const projection = capacityProjection({ ...settings.capacity, ...retentionOf(settings) });
  if (E.isLeft(projection)) return E.left({ report: "capacity", message: projection.left.message });
  const capacity = onePass(projection.right);
  const asOf = settings.asOf === undefined ? {} : { asOf: settings.asOf };
  return E.right({
    projection: capacity,
    finish: (runner) => {
      const state = runner.state(capacity);
      if (state === undefined) return E.left({ report: "capacity", message: "the capacity read model was not loaded" });
      const byMonth = capacityByMonth(state, asOf);
      if (E.isLeft(byMonth)) return E.left({ report: "capacity", message: byMonth.left.message });
      const forecast = capacityForecast(state, asOf);
      if (E.isLeft(forecast)) return E.left({ report: "capacity", message: forecast.left.message });
      return E.right({
        name: "capacity",
        view: view(byMonth.right, forecast.right),
        data: { byMonth: byMonth.right, forecast: forecast.right },
      });
    },
  });
}
