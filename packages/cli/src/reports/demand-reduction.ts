import {
  DEFAULT_MAX_WINDOW_MONTHS,
  demandReductionProjection,
  demandReductionReport as queryDemandReduction,
  type DemandReductionProjectionSettingsInput,
  type CohortWindowResult,
  type DemandReductionAnalysis,
  type DemandReductionReport,
  type DemandReductionWindow,
} from "@linkwork/projections";
import type { BootstrapResult, ChangeSummaryResult } from "@linkwork/projections/statistics";
import { chartTitle, renderChart } from "../charts/svg-chart.js";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf, type ReportSettings } from "./report-settings.js";
import { formatInterval, formatNumber, words } from "./figure-format.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { missingFigures, readModelNotes } from "./demand-reduction-notes.js";
import { balanceTable, evaluationSummary, eventStudyChart, matchedTable, staggeredTable } from "./demand-reduction-evaluation.js";
import { column, meanOf, meanOfEach, notPeople, type Cell, type Interval, type ReportView } from "./report-view.js";

/** The kind of use, as people name it. */
const settingNames: Record<DemandReductionReport["setting"], string> = {
  gp_appointment: "GP appointment",
  ae_attendance: "A&E attendance",
  outpatient: "outpatient attendance",
  emergency_admission: "emergency admission",
};

/** The demand-reduction report's groups, in the order they are shown. */
const demandGroups = ["intentionToTreat", "engaged", "completed"] as const;
type DemandGroup = (typeof demandGroups)[number];
const demandGroupNames: Record<DemandGroup, string> = {
  intentionToTreat: "intention to treat",
  engaged: "engaged",
  completed: "completed",
};

const interval = (result: BootstrapResult): Interval | null =>
  result.kind === "estimate" ? { estimate: result.estimate, lower: result.lower, upper: result.upper } : null;

function differenceInDifferencesInterval(analysis: DemandReductionAnalysis): Interval | null {
  const did = analysis.differenceInDifferences;
  return did.kind === "estimate" ? { estimate: did.estimate, lower: did.bootstrap.lower, upper: did.bootstrap.upper } : null;
}

function meanChangeInterval(change: ChangeSummaryResult): Interval | null {
  return change.kind === "estimate" ? interval(change.meanChange) : null;
}

/** The figure to lead with: the longest window whose intention-to-treat DiD (or, without one, before/after) is an estimate. */
function headlineWindow(report: DemandReductionReport): DemandReductionWindow | undefined {
  const windows = [...report.windows].sort((a, b) => b.months - a.months);
  return (
    windows.find((window) => window.intentionToTreat.allPeople.differenceInDifferences.kind === "estimate") ??
    windows.find((window) => window.intentionToTreat.allPeople.beforeAfter.kind === "estimate")
  );
}

function headline(report: DemandReductionReport, figures: FigureText): string[] {
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
    const estimate = `${formatInterval(did.estimate, did.bootstrap.lower, did.bootstrap.upper)} ${setting} per person`;
    lines.push(
      `Effect estimate (trust this): difference in differences, intention to treat, ${window.months}-month windows: ` +
        `${figures.over(did.treated.n, figures.over(did.comparison.n, estimate))} ` +
        `(${Math.round(report.confidence * 100)}% interval; ${figures.count(did.treated.n)} referred and ${figures.count(did.comparison.n)} comparison people).`,
    );
  }
  const change = analysis.beforeAfter;
  if (change.kind === "estimate") {
    const percent = change.percentChange.kind === "estimate" ? `, ${formatNumber(change.percentChange.estimate, 1)}%` : "";
    const n = window.intentionToTreat.included;
    lines.push(
      `Before/after for the same people (descriptive, overstates the effect): ` +
        figures.over(
          n,
          `${formatNumber(change.meanBefore, 2)} → ${formatNumber(change.meanAfter, 2)}, ` +
            `change ${formatInterval(change.meanChange.estimate, change.meanChange.lower, change.meanChange.upper)}${percent}`,
        ) +
        ".",
    );
  }
  if (did.kind !== "estimate") {
    lines.push(
      did.kind === "no-comparison-cohort"
        ? "No comparison cohort is recorded, so there is no effect estimate: the before/after change is not the effect."
        : `No difference-in-differences estimate: ${figures.exact ? did.detail : "not enough people"}.`,
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

function view(report: DemandReductionReport, figures: FigureText): Omit<ReportView, "title"> {
  const setting = settingNames[report.setting];
  const ci = `${Math.round(report.confidence * 100)}% CI`;
  return {
    description:
      `${setting[0]?.toUpperCase() ?? ""}${setting.slice(1)}s per person in the months before and after each person's ${words(report.indexDate)} date, ` +
      "for referred people and for the comparison cohort, and the difference in differences between them.",
    asOf: report.asOf,
    summary: [
      ...headline(report, figures),
      ...evaluationSummary(report, figures),
      `${figures.count(report.people.referred)} people referred (${figures.count(report.people.noIndexDate)} without a ${words(report.indexDate)} date), ${figures.count(report.people.comparison)} in the comparison cohort.`,
    ],
    notes: [...readModelNotes(report, figures), ...missingFigures(report, figures)],
    tables: [
      {
        id: "effect",
        title: "Effect estimates: difference in differences (referred people's change minus the comparison cohort's)",
        columns: [
          column("window_months", "Window (months)", "count", true, notPeople),
          column("group", "Group", "text"),
          column("people", "People", "text"),
          column("referred_n", "Referred n", "count"),
          column("comparison_n", "Comparison n", "count"),
          column("referred_change", "Referred change", "decimal", false, meanOf("referred_n")),
          column("comparison_change", "Comparison change", "decimal", false, meanOf("comparison_n")),
          column("did", `DiD (${ci}, bootstrap)`, "interval", true, meanOfEach("referred_n", "comparison_n")),
          column("did_normal", `DiD (${ci}, normal)`, "interval", false, meanOfEach("referred_n", "comparison_n")),
          column("read_as", "Read as", "text"),
        ],
        rows: effectRows(report),
        ...(report.people.comparison === 0 ? { caption: "No comparison cohort is recorded: there is no effect estimate." } : {}),
      },
      {
        id: "before-after",
        title: "Before and after (descriptive: overstates the effect when people are referred at a peak of use)",
        columns: [
          column("window_months", "Window (months)", "count", true, notPeople),
          column("group", "Group", "text"),
          column("people_counted", "People", "text"),
          column("people", "With index date", "count", false),
          column("included", "Included", "count"),
          column("follow_up_incomplete", "Follow-up incomplete", "count"),
          column("records_missing", "Records missing", "count", false),
          column("frequent_attenders", "Frequent attenders", "count", false),
          column("mean_before", "Mean before", "decimal", true, meanOf("included")),
          column("mean_after", "Mean after", "decimal", true, meanOf("included")),
          column("mean_change", `Change (${ci})`, "interval", true, meanOf("included")),
          column("percent_change", `% change (${ci})`, "percent-interval", true, meanOf("included")),
        ],
        rows: beforeAfterRows(report),
      },
      matchedTable(report, figures),
      balanceTable(report),
      ...[staggeredTable(report)].filter((table) => table !== null),
    ],
  };
}

/** A horizontal interval (lower to upper) with end caps, drawn at a category row. */
const intervalSeries = (data: (readonly [number, number, number])[], color: string) => ({
  type: "custom" as const,
  name: "95% interval",
  xAxisIndex: 1,
  yAxisIndex: 1,
  encode: { x: [0, 1], y: 2 },
  data: data.map((entry) => [...entry]),
  renderItem: (_params: unknown, api: { value: (dimension: number) => number; coord: (point: number[]) => number[] }) => {
    const row = api.value(2);
    const [x1 = 0, y = 0] = api.coord([api.value(0), row]);
    const [x2 = 0] = api.coord([api.value(1), row]);
    const style = { stroke: color, lineWidth: 2 };
    return {
      type: "group",
      children: [
        { type: "line", shape: { x1, y1: y, x2, y2: y }, style },
        { type: "line", shape: { x1, y1: y - 5, x2: x1, y2: y + 5 }, style },
        { type: "line", shape: { x1: x2, y1: y - 5, x2, y2: y + 5 }, style },
      ],
    };
  },
});

/**
 * GP use before and after the index date (left: mean per person by group) and the changes with
 * their intervals (right), the difference in differences last: the figure to trust.
 */
function gpUseChart(report: DemandReductionReport): string {
  const window = headlineWindow(report) ?? [...report.windows].sort((a, b) => b.months - a.months)[0];
  const setting = `${settingNames[report.setting]}s`;
  if (window === undefined) return renderChart({ title: chartTitle(`${setting} before and after`, "no window in the report") }, 120);
  const groups = [
    ...demandGroups.map((group) => ({ name: demandGroupNames[group], change: window[group].allPeople.beforeAfter })),
    { name: "comparison cohort", change: window.comparison.beforeAfter },
  ];
  const mean = (kind: "meanBefore" | "meanAfter", change: (typeof groups)[number]["change"]) =>
    change.kind === "estimate" ? change[kind] : null;
  const rows: { label: string; interval: Interval | null }[] = [
    ...groups.map((group) => ({ label: `${group.name}: after − before`, interval: meanChangeInterval(group.change) })),
    { label: "DiD, intention to treat (effect)", interval: differenceInDifferencesInterval(window.intentionToTreat.allPeople) },
  ];
  const labels = rows.map((row) => row.label);
  const intervals = rows.flatMap((row, index) => (row.interval === null ? [] : [[row.interval.lower, row.interval.upper, index] as const]));
  return renderChart(
    {
      title: chartTitle(
        `${setting[0]?.toUpperCase() ?? ""}${setting.slice(1)} per person, ${window.months} months before and after ${words(report.indexDate)}`,
        `Left: means by group. Right: changes with ${Math.round(report.confidence * 100)}% intervals; trust the DiD (before/after overstates the effect)`,
      ),
      legend: { top: 52, data: ["before", "after"] },
      grid: [
        { left: 56, top: 96, bottom: 64, width: 300 },
        { left: 640, right: 28, top: 96, bottom: 64 },
      ],
      xAxis: [
        {
          type: "category",
          gridIndex: 0,
          data: groups.map((group) => group.name),
          axisLabel: { interval: 0, width: 70, overflow: "break" },
        },
        { type: "value", gridIndex: 1, name: "change per person", nameLocation: "middle", nameGap: 28 },
      ],
      yAxis: [
        { type: "value", gridIndex: 0, name: "per person", min: 0 },
        { type: "category", gridIndex: 1, data: labels, inverse: true, axisLabel: { width: 220, overflow: "truncate" } },
      ],
      series: [
        {
          type: "bar",
          name: "before",
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: groups.map((group) => mean("meanBefore", group.change)),
          itemStyle: { color: "#8fa9b8" },
        },
        {
          type: "bar",
          name: "after",
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: groups.map((group) => mean("meanAfter", group.change)),
          itemStyle: { color: "#1f6f8b" },
        },
        intervalSeries(intervals, "#444"),
        {
          type: "scatter",
          name: "estimate",
          xAxisIndex: 1,
          yAxisIndex: 1,
          symbolSize: 10,
          data: rows.map((row, index) => [row.interval?.estimate ?? null, index]),
          itemStyle: { color: "#c0392b" },
          markLine: {
            silent: true,
            symbol: "none",
            label: { show: false },
            lineStyle: { color: "#999", type: "dashed" },
            data: [{ xAxis: 0 }],
          },
        },
      ],
    },
    440,
  );
}

/** The read model's settings for this report: usage kept for windows as long as the longest asked for. */
function readModelSettings(settings: ReportSettings): DemandReductionProjectionSettingsInput {
  const maxWindowMonths = Math.max(DEFAULT_MAX_WINDOW_MONTHS, ...(settings.demandReduction?.windowsMonths ?? []));
  return { maxWindowMonths, ...retentionOf(settings) };
}

/** GP (or other) use before and after referral, and the difference in differences: the effect estimate. */
export const demandReductionReport = defineReport({
  name: "demand-reduction",
  readModel: (settings) => demandReductionProjection(readModelSettings(settings)),
  // With --people, matching is also exact on the register's equity fields (docs/statistics.md).
  query: (state, settings) =>
    queryDemandReduction(
      state,
      { ...settings.demandReduction, ...asOfOf(settings) },
      settings.equityLookup === undefined ? {} : { equity: settings.equityLookup },
    ),
  view: (report, figures) => view(report, figures),
  charts: (report) => [
    {
      id: "gp-use",
      svg: gpUseChart(report),
      caption: "GP use before and after, with intervals. The difference in differences is the effect estimate.",
    },
    ...[eventStudyChart(report)].filter((chart) => chart !== null),
  ],
  notes: "which-figure-to-trust",
});
