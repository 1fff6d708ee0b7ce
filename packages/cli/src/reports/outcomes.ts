import { outcomesProjection, outcomesReport as queryOutcomes, type OutcomesReport } from "@linkwork/projections";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { words } from "./figure-format.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { column, meanOf, shareOf, type Cell, type ReportView } from "./report-view.js";

/**
 * The read model's notes, with the count of erased episodes (the note that starts with it) written
 * by `figures`, so a shared report publishes it by the small-number rule like its summary.
 */
function notesOf(report: OutcomesReport, figures: FigureText): string[] {
  const erased = report.instruments.reduce((sum, instrument) => sum + instrument.erased, 0);
  const exact = `${String(erased)} `;
  return report.notes.map((note) =>
    erased > 0 && note.startsWith(exact) && note.includes("left out of every figure")
      ? `${figures.count(erased)} ${note.slice(exact.length)}`
      : note,
  );
}

function view(report: OutcomesReport, figures: FigureText): Omit<ReportView, "title"> {
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
        score.improved?.count ?? null,
        score.worse?.count ?? null,
        score.unchanged.count,
      ]);
    }
  }
  return {
    description: "Change in each wellbeing measure from an episode's baseline assessment to its latest later assessment.",
    asOf: report.asOf,
    summary: report.instruments.map(
      (instrument) =>
        `${instrument.instrument}: ${figures.count(instrument.episodes)} episodes assessed, ${figures.count(instrument.awaitingFollowUp)} awaiting a follow-up, ${figures.count(instrument.withoutBaseline)} without a baseline.`,
    ),
    notes: notesOf(report, figures),
    tables: [
      {
        id: "changes",
        title: "Change from baseline to latest assessment",
        columns: [
          column("instrument", "Instrument", "text"),
          column("score", "Score", "text"),
          column("direction", "Direction", "text", false),
          column("pairs", "Pairs", "count"),
          column("mean_baseline", "Mean baseline", "decimal", true, meanOf("pairs")),
          column("mean_latest", "Mean latest", "decimal", true, meanOf("pairs")),
          column("mean_change", `Change (${ci})`, "interval", true, meanOf("pairs")),
          column("improved", "Improved", "share", true, shareOf("improved_n", ["pairs"])),
          column("worse", "Worse", "share", true, shareOf("worse_n", ["pairs"])),
          column("unchanged", "Unchanged", "share", false, shareOf("unchanged_n", ["pairs"])),
          column("improved_n", "Improved (n)", "count", false),
          column("worse_n", "Worse (n)", "count", false),
          column("unchanged_n", "Unchanged (n)", "count", false),
        ],
        // Improved, worse and unchanged make up the pairs.
        sums: { rows: { parts: ["improved_n", "worse_n", "unchanged_n"], total: "pairs" } },
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
  view: (report, figures) => view(report, figures),
});
