import * as E from "fp-ts/lib/Either.js";
import {
  DEFAULT_MAX_WINDOW_MONTHS,
  demandReductionProjection,
  demandReductionReport,
  type DemandReductionProjectionSettingsInput,
  type CohortWindowResult,
  type DemandReductionAnalysis,
  type DemandReductionReport,
  type DemandReductionWindow,
} from "@linkwork/projections";
import type { BootstrapResult, ChangeSummaryResult } from "@linkwork/projections/statistics";
import { onePass } from "./one-pass-projection.js";
import { retentionOf, type BuiltReport, type PreparedReport, type ReportProblem, type ReportSettings } from "./built-report.js";
import { formatInterval, formatNumber, words } from "./figure-format.js";
import { column, type Cell, type Interval } from "./report-view.js";

/** The kind of use, as people name it. */
export const settingNames: Record<DemandReductionReport["setting"], string> = {
  gp_appointment: "GP appointment",
  ae_attendance: "A&E attendance",
  outpatient: "outpatient attendance",
  emergency_admission: "emergency admission",
};

/** The demand report's groups, in the order they are shown. */
export const demandGroups = ["intentionToTreat", "engaged", "completed"] as const;
export type DemandGroup = (typeof demandGroups)[number];
export const demandGroupNames: Record<DemandGroup, string> = {
  intentionToTreat: "intention to treat",
  engaged: "engaged",
  completed: "completed",
};

const interval = (result: BootstrapResult): Interval | null =>
  result.kind === "estimate" ? { estimate: result.estimate, lower: result.lower, upper: result.upper } : null;

export function differenceInDifferencesInterval(analysis: DemandReductionAnalysis): Interval | null {
  const did = analysis.differenceInDifferences;
  return did.kind === "estimate" ? { estimate: did.estimate, lower: did.bootstrap.lower, upper: did.bootstrap.upper } : null;
}

export function meanChangeInterval(change: ChangeSummaryResult): Interval | null {
  return change.kind === "estimate" ? interval(change.meanChange) : null;
}

/** The figure to lead with: the longest window whose intention-to-treat DiD (or, without one, before/after) is an estimate. */
export function headlineWindow(report: DemandReductionReport): DemandReductionWindow | undefined {
  const windows = [...report.windows].sort((a, b) => b.months - a.months);
  return (
    windows.find((window) => window.intentionToTreat.allPeople.differenceInDifferences.kind === "estimate") ??
    windows.find((window) => window.intentionToTreat.allPeople.beforeAfter.kind === "estimate")
  );
}

function headline(report: DemandReductionReport): string[] {
  const setting = `${settingNames[report.setting]}s`;
  const window = headlineWindow(report);
  if (window === undefined) {
    return [
      `No estimate yet: no window has enough referred people with complete ${settingNames[report.setting]} records and a finished follow-up (see the counts below).`,
    ];
  }
  const analysis = window.intentionToTreat.allPeople;
  const lines: string[] = [];
  const did = analysis.differenceInDifferences;
  if (did.kind === "estimate") {
    lines.push(
      `Effect estimate (trust this): difference in differences, intention to treat, ${window.months}-month windows: ` +
        `${formatInterval(did.estimate, did.bootstrap.lower, did.bootstrap.upper)} ${setting} per person ` +
        `(${Math.round(report.confidence * 100)}% interval; ${formatNumber(did.treated.n, 0)} referred and ${formatNumber(did.comparison.n, 0)} comparison people).`,
    );
  }
  const change = analysis.beforeAfter;
  if (change.kind === "estimate") {
    const percent = change.percentChange.kind === "estimate" ? `, ${formatNumber(change.percentChange.estimate, 1)}%` : "";
    lines.push(
      `Before/after for the same people (descriptive, overstates the effect): ${formatNumber(change.meanBefore, 2)} → ${formatNumber(change.meanAfter, 2)}, ` +
        `change ${formatInterval(change.meanChange.estimate, change.meanChange.lower, change.meanChange.upper)}${percent}.`,
    );
  }
  if (did.kind !== "estimate") {
    lines.push(
      did.kind === "no-comparison-cohort"
        ? "No comparison cohort is recorded, so there is no effect estimate: the before/after change is not the effect."
        : `No difference-in-differences estimate: ${did.detail}.`,
    );
  }
  return lines;
}

function readAs(group: DemandGroup, withoutFrequentAttenders: boolean): string {
  if (group !== "intentionToTreat") return "descriptive: selected after referral";
  return withoutFrequentAttenders ? "check: without frequent attenders" : "the effect estimate";
}

function effectRows(report: DemandReductionReport): Cell[][] {
  const rows: Cell[][] = [];
  for (const window of report.windows) {
    for (const group of demandGroups) {
      const result: CohortWindowResult = window[group];
      for (const [subset, analysis] of [
        ["all people", result.allPeople],
        ["without frequent attenders", result.withoutFrequentAttenders],
      ] as const) {
        const did = analysis.differenceInDifferences;
        rows.push([
          window.months,
          demandGroupNames[group],
          subset,
          did.kind === "estimate" ? did.treated.n : null,
          did.kind === "estimate" ? did.comparison.n : null,
          did.kind === "estimate" ? did.treated.change : null,
          did.kind === "estimate" ? did.comparison.change : null,
          differenceInDifferencesInterval(analysis),
          did.kind === "estimate"
            ? { estimate: did.estimate, lower: did.normalApproximation.lower, upper: did.normalApproximation.upper }
            : null,
          readAs(group, subset === "without frequent attenders"),
        ]);
      }
    }
  }
  return rows;
}

function beforeAfterCells(change: ChangeSummaryResult): Cell[] {
  if (change.kind !== "estimate") return [null, null, null, null];
  return [change.meanBefore, change.meanAfter, interval(change.meanChange), interval(change.percentChange)];
}

function beforeAfterRows(report: DemandReductionReport): Cell[][] {
  const rows: Cell[][] = [];
  for (const window of report.windows) {
    for (const group of demandGroups) {
      const result = window[group];
      const counts: Cell[] = [
        result.people,
        result.included,
        result.followUpIncomplete,
        result.noUsageRecorded + result.windowNotCovered,
        result.frequentAttenders,
      ];
      // Without frequent attenders, people whose flag is unknown are left out too (as the read model does).
      const withoutCounts: Cell[] = [
        result.people,
        result.included - result.frequentAttenders - result.frequentAttenderUnknown,
        result.followUpIncomplete,
        result.noUsageRecorded + result.windowNotCovered,
        result.frequentAttenders,
      ];
      rows.push([window.months, demandGroupNames[group], "all people", ...counts, ...beforeAfterCells(result.allPeople.beforeAfter)]);
      rows.push([
        window.months,
        demandGroupNames[group],
        "without frequent attenders",
        ...withoutCounts,
        ...beforeAfterCells(result.withoutFrequentAttenders.beforeAfter),
      ]);
    }
    const comparison = window.comparison;
    rows.push([
      window.months,
      "comparison cohort",
      "all people",
      comparison.people,
      comparison.included,
      comparison.followUpIncomplete,
      comparison.noUsageRecorded + comparison.windowNotCovered,
      comparison.frequentAttenders,
      ...beforeAfterCells(comparison.beforeAfter),
    ]);
  }
  return rows;
}

/** Why some figures are missing, once each: the statistics say so in a sentence. */
function missingFigures(report: DemandReductionReport): string[] {
  const reasons = new Set<string>();
  for (const window of report.windows) {
    const itt = window.intentionToTreat.allPeople;
    if (itt.beforeAfter.kind === "insufficient-data")
      reasons.add(`${window.months}-month windows, before/after: ${itt.beforeAfter.detail}.`);
    if (itt.differenceInDifferences.kind === "insufficient-data")
      reasons.add(`${window.months}-month windows, DiD: ${itt.differenceInDifferences.detail}.`);
  }
  return [...reasons];
}

function view(report: DemandReductionReport): BuiltReport["view"] {
  const setting = settingNames[report.setting];
  const ci = `${Math.round(report.confidence * 100)}% CI`;
  return {
    title: "Demand reduction",
    description:
      `${setting[0]?.toUpperCase() ?? ""}${setting.slice(1)}s per person in the months before and after each person's ${words(report.indexDate)} date, ` +
      "for referred people and for the comparison cohort, and the difference in differences between them.",
    asOf: report.asOf,
    summary: [
      ...headline(report),
      `${formatNumber(report.people.referred, 0)} people referred (${formatNumber(report.people.noIndexDate, 0)} without a ${words(report.indexDate)} date), ${formatNumber(report.people.comparison, 0)} in the comparison cohort.`,
    ],
    notes: [...report.notes, ...missingFigures(report)],
    tables: [
      {
        id: "effect",
        title: "Effect estimates: difference in differences (referred people's change minus the comparison cohort's)",
        columns: [
          column("window_months", "Window (months)", "count"),
          column("group", "Group", "text"),
          column("people", "People", "text"),
          column("referred_n", "Referred n", "count"),
          column("comparison_n", "Comparison n", "count"),
          column("referred_change", "Referred change", "decimal", false),
          column("comparison_change", "Comparison change", "decimal", false),
          column("did", `DiD (${ci}, bootstrap)`, "interval"),
          column("did_normal", `DiD (${ci}, normal)`, "interval", false),
          column("read_as", "Read as", "text"),
        ],
        rows: effectRows(report),
        ...(report.people.comparison === 0 ? { caption: "No comparison cohort is recorded: there is no effect estimate." } : {}),
      },
      {
        id: "before-after",
        title: "Before and after (descriptive: overstates the effect when people are referred at a peak of use)",
        columns: [
          column("window_months", "Window (months)", "count"),
          column("group", "Group", "text"),
          column("people_counted", "People", "text"),
          column("people", "With index date", "count", false),
          column("included", "Included", "count"),
          column("follow_up_incomplete", "Follow-up incomplete", "count"),
          column("records_missing", "Records missing", "count", false),
          column("frequent_attenders", "Frequent attenders", "count", false),
          column("mean_before", "Mean before", "decimal"),
          column("mean_after", "Mean after", "decimal"),
          column("mean_change", `Change (${ci})`, "interval"),
          column("percent_change", `% change (${ci})`, "percent-interval"),
        ],
        rows: beforeAfterRows(report),
      },
    ],
  };
}

/** The read model's settings for this report: usage kept for windows as long as the longest asked for. */
function demandModelSettings(settings: ReportSettings): DemandReductionProjectionSettingsInput {
  const maxWindowMonths = Math.max(DEFAULT_MAX_WINDOW_MONTHS, ...(settings.demand?.windowsMonths ?? []));
  return { maxWindowMonths, ...retentionOf(settings) };
}

/** The demand-reduction settings the CLI passes (asOf comes from the shared settings). */
export function prepareDemandReport(settings: ReportSettings): E.Either<ReportProblem, PreparedReport> {
  const projection = demandReductionProjection(demandModelSettings(settings));
  if (E.isLeft(projection)) return E.left({ report: "demand", message: projection.left.message });
  const demand = onePass(projection.right);
  const reportSettings = { ...(settings.demand ?? {}), ...(settings.asOf === undefined ? {} : { asOf: settings.asOf }) };
  return E.right({
    projection: demand,
    finish: (runner) => {
      const state = runner.state(demand);
      if (state === undefined) return E.left({ report: "demand", message: "the demand reduction read model was not loaded" });
      const report = demandReductionReport(state, reportSettings);
      if (E.isLeft(report)) return E.left({ report: "demand", message: report.left.message });
      return E.right({ name: "demand", view: view(report.right), data: report.right });
    },
  });
}
