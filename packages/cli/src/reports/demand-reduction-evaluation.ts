import type { DemandReductionReport, DemandReductionWindow, MatchedComparison, PreTrendCheck } from "@linkwork/projections";
import type { DifferenceInDifferencesResult } from "@linkwork/projections/statistics";
import { chartTitle, renderChart, type ChartFigure } from "../charts/svg-chart.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { formatInterval } from "./figure-format.js";
import { column, meanOf, notPeople, type Cell, type Interval, type TableView } from "./report-view.js";

// The demand-reduction report's evaluation sections: matched comparisons with their balance and
// pre-trend checks, and the staggered design with its event-study plot (docs/statistics.md).

const didInterval = (did: DifferenceInDifferencesResult): Interval | null =>
  did.kind === "estimate" ? { estimate: did.estimate, lower: did.bootstrap.lower, upper: did.bootstrap.upper } : null;

const verdictWords: Record<PreTrendCheck["verdict"], string> = {
  "near-zero": "near zero: comparison holds",
  "not-near-zero": "NOT near zero: do not trust",
  "cannot-tell": "cannot tell: records too short",
};

const matchedOf = (window: DemandReductionWindow): MatchedComparison | null => (window.matched.kind === "matched" ? window.matched : null);

/**
 * One row per window: who was matched, the paired DiD, and its pre-trend check beside it. Pairs and
 * unmatched sum to the referred, which suppression protects together; the split of pairs by
 * practice and PCN would give a small count away by difference, so only exact reports show it.
 */
export function matchedTable(report: DemandReductionReport, figures: FigureText): TableView {
  const ci = `${String(Math.round(report.confidence * 100))}% CI`;
  const rows: Cell[][] = [];
  for (const window of report.windows) {
    const matched = matchedOf(window);
    if (matched === null) continue;
    const cohortCheck = window.preTrend.kind === "pre-trend" ? window.preTrend : null;
    rows.push([
      window.months,
      matched.referred,
      matched.pool,
      matched.pairs,
      ...(figures.exact ? [matched.samePractice, matched.samePcn] : []),
      matched.unmatched,
      matched.caliper,
      didInterval(matched.differenceInDifferences),
      didInterval(matched.preTrend.placebo),
      verdictWords[matched.preTrend.verdict],
      cohortCheck === null ? null : didInterval(cohortCheck.placebo),
      cohortCheck === null ? null : verdictWords[cohortCheck.verdict],
    ]);
  }
  return {
    id: "matched",
    title:
      "Matched comparisons: each referred person against one comparator (same month, practice or else PCN, nearest prior use), with the pre-trend check beside it",
    columns: [
      column("window_months", "Window (months)", "count", true, notPeople),
      column("referred", "Referred", "count"),
      column("pool", "Pool", "count"),
      column("pairs", "Pairs", "count"),
      ...(figures.exact ? [column("same_practice", "Same practice", "count", false), column("same_pcn", "Same PCN", "count", false)] : []),
      column("unmatched", "Unmatched (apart)", "count"),
      column("caliper", "Caliper (use)", "decimal", false, meanOf("referred", "pool")),
      column("matched_did", `Matched DiD (${ci})`, "interval", true, meanOf("pairs")),
      column("placebo", `Pre-trend placebo (${ci})`, "interval", true, meanOf("pairs")),
      column("pre_trend", "Pre-trend check", "text"),
      column("cohort_placebo", `Cohort pre-trend placebo (${ci})`, "interval", false, meanOf("pairs")),
      column("cohort_pre_trend", "Cohort pre-trend check", "text", false),
    ],
    rows,
    sums: { rows: { parts: ["pairs", "unmatched"], total: "referred" } },
    ...(rows.length === 0 ? { caption: "No comparison cohort is recorded: there is nothing to match from." } : {}),
  };
}

/** Standardised mean differences before and after matching, per window and covariate. */
export function balanceTable(report: DemandReductionReport): TableView {
  const rows: Cell[][] = [];
  for (const window of report.windows) {
    const matched = matchedOf(window);
    if (matched === null) continue;
    for (const row of matched.balance) {
      rows.push([
        window.months,
        row.covariate,
        matched.referred,
        matched.pairs,
        row.beforeMatching.standardisedMeanDifference,
        row.afterMatching.standardisedMeanDifference,
      ]);
    }
  }
  return {
    id: "balance",
    title: "Balance: standardised mean differences before and after matching (|SMD| below 0.1 is balanced)",
    columns: [
      column("window_months", "Window (months)", "count", true, notPeople),
      column("covariate", "Covariate", "text"),
      column("referred", "Referred", "count"),
      column("pairs", "Pairs", "count"),
      column("smd_before", "SMD before matching", "decimal", true, meanOf("referred")),
      column("smd_after", "SMD after matching", "decimal", true, meanOf("pairs")),
    ],
    rows,
  };
}

/** The event study of the staggered design: the effect by quarters since the start. */
export function staggeredTable(report: DemandReductionReport): TableView | null {
  const staggered = report.staggered;
  if (staggered.kind !== "staggered" || staggered.estimate.kind !== "estimate") return null;
  const ci = `${String(Math.round(report.confidence * 100))}% CI`;
  const rows: Cell[][] = staggered.estimate.eventStudy.map((effect) => [
    effect.eventTime,
    effect.units,
    staggered.peopleCounted,
    { estimate: effect.estimate, lower: effect.lower, upper: effect.upper },
    effect.eventTime < -1 ? "placebo: before the start" : effect.eventTime === -1 ? "base quarter" : "effect",
  ]);
  return {
    id: "staggered",
    title: `Staggered design: practices started against practices not yet started (${staggered.quarters[0] ?? ""} to ${staggered.quarters.at(-1) ?? ""}), use per person per quarter`,
    columns: [
      column("quarters_from_start", "Quarters from start", "count", true, notPeople),
      column("practices", "Practices", "count", true, notPeople),
      column("people", "People", "count", false),
      column("effect", `Effect (${ci}, cluster bootstrap)`, "interval", true, meanOf("people")),
      column("read_as", "Read as", "text"),
    ],
    rows,
  };
}

/** The summary's lines for the matched and staggered estimates. */
export function evaluationSummary(report: DemandReductionReport, figures: FigureText): string[] {
  const lines: string[] = [];
  const window = [...report.windows]
    .sort((a, b) => b.months - a.months)
    .find((each) => matchedOf(each)?.differenceInDifferences.kind === "estimate");
  const matched = window === undefined ? null : matchedOf(window);
  if (window !== undefined && matched !== null && matched.differenceInDifferences.kind === "estimate") {
    const did = matched.differenceInDifferences;
    const placebo = matched.preTrend.placebo;
    lines.push(
      `Matched difference in differences, ${String(window.months)}-month windows: ` +
        figures.over(matched.pairs, formatInterval(did.estimate, did.bootstrap.lower, did.bootstrap.upper)) +
        ` over ${figures.count(matched.pairs)} pairs; pre-trend placebo beside it: ` +
        (placebo.kind === "estimate"
          ? figures.over(matched.pairs, formatInterval(placebo.estimate, placebo.bootstrap.lower, placebo.bootstrap.upper))
          : "none") +
        ` (${verdictWords[matched.preTrend.verdict]}).`,
    );
  }
  const staggered = report.staggered;
  if (staggered.kind === "staggered" && staggered.estimate.kind === "estimate") {
    const estimate = staggered.estimate;
    lines.push(
      `Staggered design across ${String(staggered.practices)} practices (${String(staggered.startedWithin)} started within the panel): ` +
        `${figures.over(staggered.peopleCounted, formatInterval(estimate.estimate, estimate.lower, estimate.upper))} per person per quarter; quarters before the start: ${staggered.preTrend.replaceAll("-", " ")}.`,
    );
  }
  return lines;
}

/** The event-study plot: effect by quarter relative to the start, with intervals; none without a staggered design. */
export function eventStudyChart(report: DemandReductionReport): ChartFigure | null {
  const staggered = report.staggered;
  if (staggered.kind !== "staggered" || staggered.estimate.kind !== "estimate") return null;
  const effects = staggered.estimate.eventStudy;
  const labels = effects.map((effect) => String(effect.eventTime));
  return {
    id: "event-study",
    svg: renderChart(
      {
        title: chartTitle(
          "Effect by quarter relative to the start (staggered design)",
          `Practices started against practices not yet started; ${String(Math.round(report.confidence * 100))}% intervals. Before the start (left of 0) should be near zero`,
        ),
        grid: { left: 64, right: 28, top: 84, bottom: 56 },
        xAxis: { type: "category", data: labels, name: "quarters from start", nameLocation: "middle", nameGap: 30 },
        yAxis: { type: "value", name: "per person per quarter" },
        series: [
          {
            type: "custom",
            name: "interval",
            data: effects.map((effect, index) => [index, effect.lower, effect.upper]),
            renderItem: (_params: unknown, api: { value: (dimension: number) => number; coord: (point: number[]) => number[] }) => {
              const [x = 0, low = 0] = api.coord([api.value(0), api.value(1)]);
              const [, high = 0] = api.coord([api.value(0), api.value(2)]);
              const style = { stroke: "#444", lineWidth: 2 };
              return {
                type: "group",
                children: [
                  { type: "line", shape: { x1: x, y1: low, x2: x, y2: high }, style },
                  { type: "line", shape: { x1: x - 5, y1: low, x2: x + 5, y2: low }, style },
                  { type: "line", shape: { x1: x - 5, y1: high, x2: x + 5, y2: high }, style },
                ],
              };
            },
          },
          {
            type: "scatter",
            name: "estimate",
            symbolSize: 9,
            data: effects.map((effect) => effect.estimate),
            itemStyle: { color: "#c0392b" },
            markLine: {
              silent: true,
              symbol: "none",
              label: { show: false },
              lineStyle: { color: "#999", type: "dashed" },
              data: [{ yAxis: 0 }],
            },
          },
        ],
      },
      360,
    ),
    caption: "Event study: the effect each quarter from the start; quarters before it are placebos and should be near zero.",
  };
}
