import { printable } from "@linkwork/core";
import type { ChartFigure, ChartId } from "../charts/svg-chart.js";
import { smallNumberRuleText } from "../disclosure/small-number-suppression.js";
import { alignsRight, cellText, formatNumber } from "../reports/figure-format.js";
import { htmlExtras, type BuiltReport, type BuiltReports } from "../reports/report-registry.js";
import type { TableView } from "../reports/report-view.js";
import { skippedNotice } from "../reports/skipped-history.js";

/**
 * One self-contained HTML page: every chart is inline SVG drawn on the server, the styles are in
 * the page, and nothing is loaded from anywhere (no script, no font, no image URL), so the file
 * can be mailed to a commissioner or opened offline.
 */

/** The page's heading, where its events came from, and who it is for. */
export interface HtmlReportOptions {
  /** The page's heading; default "Linkwork report". */
  readonly title?: string;
  /** Where the events came from, said under the heading (a file name). */
  readonly source?: string;
  /**
   * `shared` (default): small numbers suppressed, the rule printed under the heading, and only the
   * charts that plot no count of people. `exact`: exact figures for operational use, said so.
   */
  readonly figures?: ReportFigures;
}

/** Who a report is for: `shared` (small numbers suppressed) or `exact` (operational use). */
export type ReportFigures = "shared" | "exact";

/** What shared reports print about their figures. */
export const sharedNotice = smallNumberRuleText;
/** What operational reports print about their figures. */
export const exactNotice =
  "Exact figures for operational use (--exact-counts): small numbers are not suppressed. Do not share this report outside the team running the service.";

/** Charts that plot no count of people (FTE per 10,000 patients), kept in shared reports. */
const chartsForSharing: ReadonlySet<ChartId> = new Set(["capacity"]);

/**
 * Text with the five characters HTML gives meaning to written as entities, and control and
 * bidirectional characters (which could reorder what a reader sees) as `\uXXXX` escapes.
 */
export function escapeHtml(text: string): string {
  return printable(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function figure({ id, svg, caption }: ChartFigure): string {
  return `<figure class="chart" id="chart-${id}" data-chart="${id}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function htmlTable(table: TableView): string {
  const head = table.columns
    .map((column) => `<th scope="col"${alignsRight(column.format) ? ' class="num"' : ""}>${escapeHtml(column.label)}</th>`)
    .join("");
  const body = table.rows
    .map(
      (row) =>
        `<tr>${table.columns
          .map(
            (column, index) =>
              `<td${alignsRight(column.format) ? ' class="num"' : ""}>${escapeHtml(cellText(row[index] ?? null, column.format))}</td>`,
          )
          .join("")}</tr>`,
    )
    .join("\n");
  const empty = table.rows.length === 0 ? `<tr><td colspan="${table.columns.length}">No rows.</td></tr>` : "";
  const caption = table.caption === undefined ? "" : `<p class="caption">${escapeHtml(table.caption)}</p>`;
  return `<div class="table" data-table="${escapeHtml(table.id)}"><table><caption>${escapeHtml(table.title)}</caption><thead><tr>${head}</tr></thead><tbody>${body}${empty}</tbody></table>${caption}</div>`;
}

const notesHeadings = { "how-to-read": "How to read it", "which-figure-to-trust": "Which figure to trust" } as const;

function section(report: BuiltReport, figures: ReportFigures): string {
  const view = figures === "exact" ? report.view : report.sharedView;
  const extras = htmlExtras(report);
  const notesKind = extras.notes;
  const charts = figures === "exact" ? extras.charts : extras.charts.filter((chart) => chartsForSharing.has(chart.id));
  const left = extras.charts.length - charts.length;
  const chartsLeftOut =
    left === 0
      ? ""
      : `<p class="caption">Chart${left === 1 ? "" : "s"} of counts left out of this shared report (exact counts would show through them).</p>`;
  const notesTitle = notesHeadings[notesKind];
  const summary =
    view.summary.length === 0 ? "" : `<ul class="summary">${view.summary.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`;
  const notes =
    view.notes.length === 0
      ? ""
      : `<aside class="notes${notesKind === "which-figure-to-trust" ? " trust" : ""}"><h3>${notesTitle}</h3><ul>${view.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ul></aside>`;
  return `<section id="${report.name}" data-report="${report.name}">
<h2>${escapeHtml(view.title)}</h2>
<p class="meta">As of ${escapeHtml(view.asOf)}</p>
<p>${escapeHtml(view.description)}</p>
${summary}
${notes}
${charts.map(figure).join("\n")}
${chartsLeftOut}
${view.tables.map(htmlTable).join("\n")}
</section>`;
}

const styles = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 24px; color: #222; line-height: 1.45; }
h1 { margin-bottom: 4px; } h2 { border-bottom: 2px solid #1f6f8b; padding-bottom: 4px; margin-top: 48px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 16px; }
nav a { color: #1f6f8b; }
.meta { color: #555; font-size: 0.9em; margin-top: 0; }
.summary li { margin: 4px 0; }
.notes { background: #f4f7f9; border-left: 4px solid #8fa9b8; padding: 8px 16px; margin: 16px 0; }
.notes.trust { background: #fff6e8; border-left-color: #e07a1f; }
.notes h3 { margin: 4px 0; font-size: 1em; }
figure.chart { margin: 24px 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }
.table { overflow-x: auto; margin: 16px 0 24px; }
table { border-collapse: collapse; font-size: 0.85em; }
caption { text-align: left; font-weight: bold; padding: 6px 0; font-size: 1.1em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; vertical-align: top; white-space: nowrap; }
th { background: #eef2f5; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.caption { color: #555; font-size: 0.9em; }
.disclosure { background: #eef6ee; border-left: 4px solid #5a9e4b; padding: 8px 16px; }
.warning { background: #fdecea; border-left: 4px solid #c0392b; padding: 8px 16px; font-weight: bold; }
`;

/** The whole page for the reports built. */
export function renderHtmlReport(built: BuiltReports, options: HtmlReportOptions = {}): string {
  const title = options.title ?? "Linkwork report";
  const figures = options.figures ?? "shared";
  const source = options.source === undefined ? "" : ` from ${escapeHtml(options.source)}`;
  const nav = built.reports.map((report) => `<li><a href="#${report.name}">${escapeHtml(report.view.title)}</a></li>`).join("");
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${formatNumber(built.events, 0)} events replayed${source}.</p>
<p class="${figures === "exact" ? "warning" : "disclosure"}" data-figures="${figures}">${escapeHtml(figures === "exact" ? exactNotice : sharedNotice)}</p>
${built.skipped === undefined ? "" : `<p class="warning" role="alert">${escapeHtml(skippedNotice(built.skipped))}</p>`}
<nav><ul>${nav}</ul></nav>
</header>
<main>
${built.reports.map((report) => section(report, figures)).join("\n")}
</main>
</body>
</html>
`;
}
