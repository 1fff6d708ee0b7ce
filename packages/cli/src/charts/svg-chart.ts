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
export type ChartId = "capacity" | "gp-use" | "unmet-needs" | "community-demand";

/** A chart as the HTML page shows it: the SVG and a caption under it. */
export interface ChartFigure {
  readonly id: ChartId;
  readonly svg: string;
  readonly caption: string;
}
