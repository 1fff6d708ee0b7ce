import { BarChart, CustomChart, LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { UnmetNeedReason } from "@linkwork/core";
import {
  outcomesSoFar,
  type CapacityReport,
  type CommunityDemandReport,
  type DemandReductionReport,
  type ProviderDemandRow,
  type UnmetNeedGapRow,
  type UnmetNeedReport,
} from "@linkwork/projections";
import {
  demandGroupNames,
  demandGroups,
  differenceInDifferencesInterval,
  headlineWindow,
  meanChangeInterval,
  settingNames,
} from "./demand-report.js";
import { gapsByNeed } from "./gaps-report.js";
import { providersByLoad } from "./providers-report.js";
import { words } from "./figure-format.js";
import type { Interval } from "./report-view.js";

/**
 * The HTML report's charts, drawn by ECharts on the server into SVG text: the page needs no
 * script and loads nothing. Each function answers an `<svg>` element as a string.
 */

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

const WIDTH = 920;
const palette = ["#1f6f8b", "#e07a1f", "#5a9e4b", "#b33f62", "#7a5195", "#8c6d31", "#2f4b7c", "#d45087", "#6b8e23", "#999999"];
const textStyle = { fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif", fontSize: 12, color: "#222" };

type ChartOption = Parameters<echarts.ECharts["setOption"]>[0];

function render(option: ChartOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, color: palette, textStyle, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const title = (text: string, subtext = "") => ({
  text,
  subtext,
  left: 8,
  top: 4,
  textStyle: { fontSize: 15, fontWeight: "bold" as const },
  subtextStyle: { color: "#555" },
});

/** FTE per 10,000 patients per PCN and month, against the target ratio. */
export function capacityChart(report: CapacityReport): string {
  const months = [...new Set(report.rows.map((row) => row.month))].sort();
  const pcns = [...new Set(report.rows.map((row) => row.pcnId))].sort();
  const value = (pcnId: string, month: string) => report.rows.find((row) => row.pcnId === pcnId && row.month === month)?.ftePer10k ?? null;
  return render(
    {
      title: title(
        "Link worker capacity against target",
        `FTE per 10,000 registered patients at each month's end; dashed: the target (${report.fteTargetPer10k})`,
      ),
      legend: { top: 52, itemGap: 28 },
      grid: { left: 64, right: 24, top: 96, bottom: 48 },
      xAxis: { type: "category", data: months, name: "month", nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "value", name: "FTE per 10k", min: 0 },
      series: [
        ...pcns.map((pcnId) => ({
          type: "line" as const,
          name: pcnId,
          data: months.map((month) => value(pcnId, month)),
          symbolSize: 5,
          connectNulls: false,
        })),
        {
          type: "line" as const,
          name: "target",
          data: months.map(() => report.fteTargetPer10k),
          symbol: "none",
          lineStyle: { type: "dashed" as const, color: "#c0392b", width: 2 },
          itemStyle: { color: "#c0392b" },
        },
      ],
    },
    400,
  );
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
export function gpUseChart(report: DemandReductionReport): string {
  const window = headlineWindow(report) ?? [...report.windows].sort((a, b) => b.months - a.months)[0];
  const setting = `${settingNames[report.setting]}s`;
  if (window === undefined) return render({ title: title(`${setting} before and after`, "no window in the report") }, 120);
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
  return render(
    {
      title: title(
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

/** Unmet needs by need category, summed over PCNs, stacked by reason. */
export function unmetNeedsChart(report: UnmetNeedReport<UnmetNeedGapRow>): string {
  const needs = gapsByNeed(report).slice(0, 15).reverse();
  const reasons = UnmetNeedReason.options.filter((reason) => needs.some((entry) => entry.byReason[reason] > 0));
  return render(
    {
      title: title(
        "Gaps: unmet needs by category",
        needs.length === 0 ? "no unmet need recorded" : "stacked by the reason recorded; largest gaps at the top",
      ),
      legend: { top: 52, itemGap: 28 },
      grid: { left: 240, right: 28, top: 96, bottom: 48 },
      xAxis: { type: "value", name: "unmet needs", nameLocation: "middle", nameGap: 26, minInterval: 1 },
      yAxis: { type: "category", data: needs.map((entry) => words(entry.need)), axisLabel: { width: 220, overflow: "truncate" } },
      series: reasons.map((reason) => ({
        type: "bar" as const,
        name: words(reason),
        stack: "reasons",
        data: needs.map((entry) => entry.byReason[reason]),
      })),
    },
    Math.max(260, 140 + needs.length * 26),
  );
}

/** The most-used providers' connections, stacked by outcome so far. */
export function communityDemandChart(report: CommunityDemandReport<ProviderDemandRow>): string {
  const providers = providersByLoad(report).slice(0, 15).reverse();
  const outcomes = outcomesSoFar.filter((outcome) => providers.some((row) => row.byOutcome[outcome] > 0));
  return render(
    {
      title: title(
        "Provider load",
        providers.length === 0 ? "no connection made" : "connections per provider (most used 15), stacked by outcome so far",
      ),
      legend: { top: 52, itemGap: 28 },
      grid: { left: 160, right: 28, top: 96, bottom: 48 },
      xAxis: { type: "value", name: "connections", nameLocation: "middle", nameGap: 26, minInterval: 1 },
      yAxis: { type: "category", data: providers.map((row) => row.providerId), axisLabel: { width: 140, overflow: "truncate" } },
      series: outcomes.map((outcome) => ({
        type: "bar" as const,
        name: words(outcome),
        stack: "outcomes",
        data: providers.map((row) => row.byOutcome[outcome]),
      })),
    },
    Math.max(260, 140 + providers.length * 26),
  );
}
