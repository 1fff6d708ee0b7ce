import * as E from "fp-ts/lib/Either.js";
import { outcomesProjection, outcomesReport, type OutcomesReport } from "@linkwork/projections";
import { onePass } from "./one-pass-projection.js";
import { retentionOf, type BuiltReport, type PreparedReport, type ReportProblem, type ReportSettings } from "./built-report.js";
import { formatNumber, words } from "./figure-format.js";
import { column, type Cell } from "./report-view.js";

function view(report: OutcomesReport): BuiltReport["view"] {
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
    title: "Outcomes",
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

export function prepareOutcomesReport(settings: ReportSettings): E.Either<ReportProblem, PreparedReport> {
  const projection = outcomesProjection(retentionOf(settings));
  if (E.isLeft(projection)) return E.left({ report: "outcomes", message: projection.left.message });
  const outcomes = onePass(projection.right);
  const reportSettings = { ...(settings.outcomes ?? {}), ...(settings.asOf === undefined ? {} : { asOf: settings.asOf }) };
  return E.right({
    projection: outcomes,
    finish: (runner) => {
      const state = runner.state(outcomes);
      if (state === undefined) return E.left({ report: "outcomes", message: "the outcomes read model was not loaded" });
      const report = outcomesReport(state, reportSettings);
      if (E.isLeft(report)) return E.left({ report: "outcomes", message: report.left.message });
      return E.right({ name: "outcomes", view: view(report.right), data: report.right });
    },
  });
}
