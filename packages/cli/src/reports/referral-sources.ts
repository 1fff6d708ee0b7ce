import { referralSourceMix, referralSourcesProjection, type ReferralFigures, type ReferralSourceReport } from "@linkwork/projections";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { formatNumber, words } from "./figure-format.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { column, shareOf, type Cell, type ReportView } from "./report-view.js";

function figureCells(figures: ReferralFigures): Cell[] {
  return [
    figures.referrals,
    figures.accepted,
    figures.declined,
    figures.rejected,
    figures.awaitingDecision,
    // Rejected referrals were never decided (a rejection ends a referral before acceptance).
    figures.referrals - figures.rejected - figures.awaitingDecision,
    figures.acceptanceRate,
    figures.declineRate,
  ];
}

function view(report: ReferralSourceReport, figures: FigureText): Omit<ReportView, "title"> {
  const share = report.medicalRoute.share;
  return {
    description: "Where referrals came from, and what became of them: accepted, declined, rejected or awaiting a decision.",
    asOf: report.asOf,
    summary: [
      `${figures.count(report.all.referrals)} referrals; ${share === null ? "-" : figures.over(report.medicalRoute.referrals, `${formatNumber(share * 100, 1)}%`)} by medical routes (${report.medicalRoute.sources.map(words).join(", ")}).`,
      ...report.snomed.map((code) => `SNOMED CT ${code.code} ${code.concept}: ${figures.count(code.count)}.`),
    ],
    notes: [
      "A referral counts once per figure: a person who accepted and later declined counts as accepted and as declined. The decline rate is declines among people who decided.",
      "Nationally 72-85% of referrals arrive by medical routes; a GP-only scheme accepts the GP route alone.",
    ],
    tables: [
      {
        id: "by-source",
        title: "Referrals by source",
        columns: [
          column("source", "Source", "text"),
          column("medical_route", "Medical route", "yes-no"),
          column("share", "Share", "share", true, shareOf("referrals", "column-total")),
          column("referrals", "Referrals", "count"),
          column("accepted", "Accepted", "count"),
          column("declined", "Declined", "count"),
          column("rejected", "Rejected", "count"),
          column("awaiting_decision", "Awaiting decision", "count"),
          // Who accepted and later declined decided once: accepted + declined would count them twice.
          column("decided", "Decided", "count", false),
          column("acceptance_rate", "Acceptance rate", "share", true, shareOf("accepted", ["referrals"])),
          column("decline_rate", "Decline rate", "share", true, shareOf("declined", ["decided"])),
        ],
        sums: { lastRowIsTotal: true },
        rows: [
          ...report.rows
            .filter((row) => row.referrals > 0)
            .map((row) => [words(row.source), row.medicalRoute, row.share, ...figureCells(row)]),
          ["all sources", null, report.all.referrals === 0 ? null : 1, ...figureCells(report.all)],
        ],
      },
    ],
  };
}

/** Where referrals came from, and what became of them. */
export const referralSourcesReport = defineReport({
  name: "referral-sources",
  readModel: (settings) => referralSourcesProjection(retentionOf(settings)),
  query: (state, settings) => referralSourceMix(state, asOfOf(settings)),
  view: (report, figures) => view(report, figures),
});
