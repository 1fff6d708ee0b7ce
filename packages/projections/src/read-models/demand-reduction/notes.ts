import type { HealthcareSetting } from "@linkwork/core/vocabulary";

import { DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO } from "../../statistics/means-bootstrap.js";
import type { IndexDateChoice } from "./index-case.js";
import type { DemandReductionReport } from "./reports.js";
import { evaluationNotes } from "./evaluation-notes.js";

const settingNames: Record<HealthcareSetting, string> = {
  gp_appointment: "GP appointment",
  ae_attendance: "A&E attendance",
  outpatient: "outpatient",
  emergency_admission: "emergency admission",
};

const indexDateNames: Record<IndexDateChoice, string> = {
  referral: "referral",
  acceptance: "acceptance",
  first_contact: "first contact",
};

export function notesFor(report: Omit<DemandReductionReport, "notes">): string[] {
  const setting = settingNames[report.setting];
  const notes: string[] = [];
  if (report.people.comparison > 0) {
    notes.push(
      "Which figure to trust: the difference-in-differences (DiD) estimate for intention to treat, with its interval. " +
        "It compares the referred people's change with the comparison cohort's change over the same windows, which removes regression to the mean " +
        "and anything that changed for everyone. The before/after figures describe what happened to referred people; they are not the effect, " +
        "and they overstate it when people are referred at a peak of use, as many are.",
    );
  } else {
    notes.push(
      "Which figure to trust: none of these is an estimate of the effect, because no comparison cohort is recorded. " +
        "The before/after figures describe what happened to referred people and overstate the effect when people are referred at a peak of use " +
        "(regression to the mean). Enrol a comparison cohort, matched on prior use, to get a difference-in-differences estimate.",
    );
  }
  notes.push(...evaluationNotes(report));
  notes.push(
    "Engaged and completed people are selected by what happened after referral, so their figures (DiD included) are descriptive; " +
      "intention to treat (everyone referred) is the figure to report as the effect.",
  );
  notes.push(
    `Frequent attenders (more than ${String(report.frequentAttenderThreshold)} GP appointments a year before the index date) are shown with and without: ` +
      "part of their fall is regression to the mean, so a reduction that appears only with them included is weak evidence.",
  );
  if (report.people.noIndexDate > 0) {
    notes.push(
      `${String(report.people.noIndexDate)} referred ${report.people.noIndexDate === 1 ? "person has" : "people have"} no ${indexDateNames[report.indexDate]} date ` +
        "and are in no group; with an index date other than referral, intention to treat covers only people who reached it.",
    );
  }
  if (report.people.erased > 0) {
    notes.push(
      `${String(report.people.erased)} ${report.people.erased === 1 ? "person is" : "people are"} left out of every figure: their details cannot be read ` +
        "(the person was erased, or a sealed history was read without its keys).",
    );
  }
  if (report.people.comparisonAlsoReferred > 0) {
    notes.push(
      `${String(report.people.comparisonAlsoReferred)} comparison-cohort ${report.people.comparisonAlsoReferred === 1 ? "person was" : "people were"} also referred ` +
        "and are analysed as referred, not as comparison.",
    );
  }
  const largest = Math.max(0, ...report.windows.flatMap((window) => [window.intentionToTreat.included, window.comparison.included]));
  if (largest > DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO) {
    notes.push(
      `Groups of more than ${DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO.toLocaleString("en-GB")} people are bootstrapped from the normal limit of their resample means ` +
        "rather than person by person: at that size the two give the same interval to within the bootstrap's own Monte Carlo error (docs/statistics.md).",
    );
  }
  for (const window of report.windows) {
    const referred = window.intentionToTreat;
    const incomplete = referred.followUpIncomplete + window.comparison.followUpIncomplete;
    if (incomplete > 0) {
      notes.push(
        `${windowLabel(window.months)}: ${String(referred.followUpIncomplete)} referred and ${String(window.comparison.followUpIncomplete)} comparison ` +
          `people are counted apart because their after window had not ended by ${report.asOf} (follow-up incomplete); they are not counted as zero use.`,
      );
    }
    const missing =
      referred.noUsageRecorded + referred.windowNotCovered + window.comparison.noUsageRecorded + window.comparison.windowNotCovered;
    if (missing > 0) {
      notes.push(
        `${windowLabel(window.months)}: ${String(missing)} people are excluded because their ${setting} records do not cover both windows ` +
          `(${String(referred.noUsageRecorded + window.comparison.noUsageRecorded)} with no records at all); a missing extract is not zero use.`,
      );
    }
  }
  return notes;
}

function windowLabel(months: number): string {
  return `${String(months)}-month windows`;
}
