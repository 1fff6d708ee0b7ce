import type { DemandReductionReport } from "@linkwork/projections";
import type { FigureText } from "../disclosure/shared-view.js";

// The demand-reduction report's notes, for each audience: the read model's, and why figures are missing.

/**
 * Why some figures are missing, once each: the statistics say so in a sentence. Their sentences
 * quote group sizes, so a shared report says only which figure is missing.
 */
export function missingFigures(report: DemandReductionReport, figures: FigureText): string[] {
  const reasons = new Set<string>();
  const why = (detail: string) => (figures.exact ? `: ${detail}` : ": not enough people");
  for (const window of report.windows) {
    const itt = window.intentionToTreat.allPeople;
    if (itt.beforeAfter.kind === "insufficient-data")
      reasons.add(`${window.months}-month windows, before/after${why(itt.beforeAfter.detail)}.`);
    if (itt.differenceInDifferences.kind === "insufficient-data")
      reasons.add(`${window.months}-month windows, DiD${why(itt.differenceInDifferences.detail)}.`);
  }
  return [...reasons];
}

/** The read model's notes that count people: "3 referred people have no referral date", "6-month windows: 2 referred and ...". */
const COUNTING_NOTE = /(^|: )[\d,]+ (referred|comparison|people)\b/;

/**
 * The read model's notes; in a shared report those that count people are replaced by one line
 * pointing to the before-and-after table, whose counts are suppressed by the rule.
 */
export function readModelNotes(report: DemandReductionReport, figures: FigureText): string[] {
  if (figures.exact) return [...report.notes];
  const kept = report.notes.filter((note) => !COUNTING_NOTE.test(note));
  return kept.length === report.notes.length
    ? kept
    : [
        ...kept,
        "People counted apart (no index date, follow-up incomplete, records missing, comparison people also referred) are counted in the before-and-after table.",
      ];
}
