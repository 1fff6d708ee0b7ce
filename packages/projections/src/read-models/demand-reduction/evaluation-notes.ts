import type { DemandReductionReport, DemandReductionWindow } from "./reports.js";
import type { PreTrendCheck } from "./pre-trend.js";

/**
 * Which estimate to trust for the data at hand, in words an evaluator reads: the matched comparison,
 * the whole comparison cohort or the staggered design, each only when its pre-trend check is near
 * zero. No figures: the tables carry them (and shared reports suppress them there).
 */

type Candidate = "matched" | "cohort";

const names: Record<Candidate, string> = {
  matched: "the matched comparison (each referred person against a comparator of the same practice or PCN, month and prior use)",
  cohort: "the whole comparison cohort",
};

function verdictOf(window: DemandReductionWindow, candidate: Candidate): PreTrendCheck | null {
  const check = candidate === "matched" ? (window.matched.kind === "matched" ? window.matched.preTrend : null) : window.preTrend;
  return check === null || check.kind === "no-comparison-cohort" ? null : check;
}

function estimated(window: DemandReductionWindow, candidate: Candidate): boolean {
  if (candidate === "matched") return window.matched.kind === "matched" && window.matched.differenceInDifferences.kind === "estimate";
  return window.intentionToTreat.allPeople.differenceInDifferences.kind === "estimate";
}

export function evaluationNotes(report: Omit<DemandReductionReport, "notes">): string[] {
  const notes: string[] = [];
  const trusted: string[] = [];
  for (const window of report.windows) {
    const label = `${String(window.months)}-month windows`;
    if (window.matched.kind === "matched" && window.matched.unmatched > 0) {
      notes.push(
        `${label}: ${String(window.matched.unmatched)} referred people had no comparator within the caliper in their practice or PCN and are counted apart: ` +
          "the matched estimate is about the people matched.",
      );
    }
    for (const candidate of ["matched", "cohort"] as const) {
      const check = verdictOf(window, candidate);
      if (check === null || !estimated(window, candidate)) continue;
      switch (check.verdict) {
        case "near-zero":
          trusted.push(
            `${label}: ${candidate === "matched" ? "the matched difference in differences" : "the cohort difference in differences"}`,
          );
          break;
        case "not-near-zero":
          notes.push(
            `${label}: the pre-trend check of ${names[candidate]} is not near zero. Before the index date, when the service could have had no effect, ` +
              "the referred people's use already changed differently from their comparators', so the comparison is not trustworthy: " +
              "its difference in differences mixes that difference into the effect. Do not report it as the effect.",
          );
          break;
        case "cannot-tell":
          notes.push(
            `${label}: the pre-trend check of ${names[candidate]} cannot tell: too few people have records covering two windows before the index date. ` +
              "Import the GP extract further back to check the comparison.",
          );
          break;
      }
    }
  }
  const staggered = report.staggered;
  if (staggered.kind === "staggered" && staggered.estimate.kind === "estimate") {
    if (staggered.preTrend === "not-near-zero") {
      notes.push(
        "The staggered design's quarters before the start are not all near zero: practices that started were already changing differently " +
          "from practices not yet started, so its estimate is not trustworthy either.",
      );
    } else {
      trusted.push("the staggered design across practices (for the practices' populations, per person per quarter)");
    }
  }
  if (trusted.length > 0) {
    notes.unshift(
      `For these data, trust: ${trusted.join("; ")}. Each passed its pre-trend check (the same estimator, on windows ending before the index date, is near zero). ` +
        "The matched comparison estimates the effect on the matched referred people; the staggered design the effect on practices' whole populations, " +
        "so it is much smaller per person. The before/after change is never the effect.",
    );
  } else if (report.windows.some((window) => window.matched.kind === "matched")) {
    notes.unshift(
      "For these data, no comparison has passed its pre-trend check, so no figure here is a trustworthy estimate of the effect. " +
        "Report the before/after change only as a description of what happened to referred people.",
    );
  }
  return notes;
}
