import { BarChart, CustomChart, LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

/**
 * The HTML report's charts are drawn by ECharts on the server into SVG text: the page needs no
 * script and loads nothing. Each report draws its own (see its `charts`) with `renderChart`.
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

/** What ECharts takes to draw a chart. */
export type ChartOption = Parameters<echarts.ECharts["setOption"]>[0];

/** A chart as an `<svg>` element (text), the page's width and `height` pixels high. */
export function renderChart(option: ChartOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, color: palette, textStyle, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A chart's heading, and a line under it. */
export const chartTitle = (text: string, subtext = "") => ({
  text,
  subtext,
  left: 8,
  top: 4,
  textStyle: { fontSize: 15, fontWeight: "bold" as const },
  subtextStyle: { color: "#555" },
});

/** The charts the HTML page shows, each on a `data-chart` attribute. */
export type ChartId = "capacity" | "gp-use" | "event-study" | "unmet-needs" | "community-demand";

/** A chart as the HTML page shows it: the SVG and a caption under it. */
export interface ChartFigure {
  readonly id: ChartId;
  readonly svg: string;
  readonly caption: string;
}

/** A horizontal bar chart whose bars are stacked by kind: one bar per category, top to bottom as given. */
export interface StackedBars {
  readonly title: string;
  /** Said under the title: what the bars hold, or why there are none. */
  readonly subtitle: string;
  /** The value axis's name. */
  readonly unit: string;
  /** Category labels, one bar each, first at the bottom (as ECharts draws category axes). */
  readonly categories: readonly string[];
  /** Room for the category labels, in pixels. */
  readonly labelWidth: number;
  /** One series per kind, stacked: its name and a value per category. */
  readonly stacks: readonly { readonly name: string; readonly values: readonly number[] }[];
}

/** Stacked horizontal bars as inline SVG, as tall as its categories need. */
export function renderStackedBars(chart: StackedBars): string {
  return renderChart(
    {
      title: chartTitle(chart.title, chart.subtitle),
      legend: { top: 52, itemGap: 28 },
      grid: { left: chart.labelWidth + 20, right: 28, top: 96, bottom: 48 },
      xAxis: { type: "value", name: chart.unit, nameLocation: "middle", nameGap: 26, minInterval: 1 },
      yAxis: { type: "category", data: [...chart.categories], axisLabel: { width: chart.labelWidth, overflow: "truncate" } },
      series: chart.stacks.map((stack) => ({ type: "bar" as const, name: stack.name, stack: "total", data: [...stack.values] })),
    },
    Math.max(260, 140 + chart.categories.length * 26),
  );
}
