import { outcomesProjection, outcomesReport as queryOutcomes, type OutcomesReport } from "@linkwork/projections";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { formatNumber, words } from "./figure-format.js";
import { column, type Cell, type ReportView } from "./report-view.js";

function view(report: OutcomesReport): Omit<ReportView, "title"> {
  const ci = `${Math.round(report.confidence * 100)}% CI`;
  const rows: Cell[][] = [];
  for (const instrument of report.instruments) {
    for (const score of instrument.scores) {
      rows.push([
        instrument.instrument,
        score.score,
        words(score.direction),
        score.pairs,
        score.meanBaseline,
        score.meanLatest,
        score.meanChange.kind === "estimate"
          ? { estimate: score.meanChange.estimate, lower: score.meanChange.lower, upper: score.meanChange.upper }
          : null,
        score.improved?.share ?? null,
        score.worse?.share ?? null,
        score.unchanged.share,
      ]);
    }
  }
  return {
    description: "Change in each wellbeing measure from an episode's baseline assessment to its latest later assessment.",
    asOf: report.asOf,
    summary: report.instruments.map(
      (instrument) =>
        `${instrument.instrument}: ${formatNumber(instrument.episodes, 0)} episodes assessed, ${formatNumber(instrument.awaitingFollowUp, 0)} awaiting a follow-up, ${formatNumber(instrument.withoutBaseline, 0)} without a baseline.`,
    ),
    notes: report.notes,
    tables: [
      {
        id: "changes",
        title: "Change from baseline to latest assessment",
        columns: [
          column("instrument", "Instrument", "text"),
          column("score", "Score", "text"),
          column("direction", "Direction", "text", false),
          column("pairs", "Pairs", "count"),
          column("mean_baseline", "Mean baseline", "decimal"),
          column("mean_latest", "Mean latest", "decimal"),
          column("mean_change", `Change (${ci})`, "interval"),
          column("improved", "Improved", "share"),
          column("worse", "Worse", "share"),
          column("unchanged", "Unchanged", "share", false),
        ],
        rows,
        ...(rows.length === 0 ? { caption: "No wellbeing assessments are recorded." } : {}),
      },
    ],
  };
}

/** Change in wellbeing scores from baseline to the latest assessment. */
export const outcomesReport = defineReport({
  name: "outcomes",
  readModel: (settings) => outcomesProjection(retentionOf(settings)),
  query: (state, settings) => queryOutcomes(state, { ...settings.outcomes, ...asOfOf(settings) }),
  view,
});
