import { sequenceS } from "fp-ts/lib/Apply.js";
import * as E from "fp-ts/lib/Either.js";
import { type DomainError } from "@linkwork/core";
import { UnmetNeedReason } from "@linkwork/core/vocabulary";
import {
  unmetNeedGaps,
  unmetNeedsByMonth,
  unmetNeedsProjection,
  type UnmetNeedGapRow,
  type UnmetNeedMonthRow,
  type UnmetNeedReport,
} from "@linkwork/projections";
import { renderStackedBars } from "../charts/svg-chart.js";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { formatNumber, words } from "./figure-format.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { column, meanOf, type ReportView } from "./report-view.js";

/** Unmet needs summed over PCNs, by need, largest first: what the chart and the summary show. */
function needsByCategory(
  report: UnmetNeedReport<UnmetNeedGapRow>,
): { need: string; total: number; byReason: Record<UnmetNeedReason, number> }[] {
  const byNeed = new Map<string, { need: string; total: number; byReason: Record<UnmetNeedReason, number> }>();
  for (const row of report.rows) {
    const entry = byNeed.get(row.need) ?? {
      need: row.need,
      total: 0,
      byReason: Object.fromEntries(UnmetNeedReason.options.map((reason) => [reason, 0])) as Record<UnmetNeedReason, number>,
    };
    entry.total += row.unmetNeeds;
    for (const reason of UnmetNeedReason.options) entry.byReason[reason] += row.byReason[reason];
    byNeed.set(row.need, entry);
  }
  return [...byNeed.values()].filter((entry) => entry.total > 0).sort((a, b) => b.total - a.total || (a.need < b.need ? -1 : 1));
}

function view(gaps: UnmetNeedReport<UnmetNeedGapRow>, figures: FigureText): Omit<ReportView, "title"> {
  const needs = needsByCategory(gaps);
  const total = needs.reduce((sum, entry) => sum + entry.total, 0);
  const noProvision = gaps.rows.filter((row) => row.byReason.no_provision > 0);
  // Erased people's unmet needs name no need: said in a note, so the total by PCN and month stays whole.
  const erased = gaps.erased.reduce((sum, row) => sum + row.count, 0);
  return {
    description:
      "Needs that no local service met, by PCN and need, with the reasons recorded and the providers named: where community builders should look.",
    asOf: gaps.asOf,
    summary: [
      needs.length === 0
        ? "No unmet need is recorded."
        : `${figures.count(total)} unmet needs recorded; largest gaps: ${needs
            .slice(0, 3)
            // Shared reports name the largest gaps without their counts: sums over PCNs the table does not protect.
            .map((entry) => (figures.exact ? `${words(entry.need)} (${formatNumber(entry.total, 0)})` : words(entry.need)))
            .join(", ")}.`,
      ...(noProvision.length === 0
        ? []
        : [
            `No local provision at all: ${noProvision
              .slice(0, 8)
              .map((row) => `${words(row.need)} in ${row.pcnId}`)
              .join(", ")}${noProvision.length > 8 ? ", ..." : ""}.`,
          ]),
    ],
    notes: [
      'Unmet needs are the UnmetNeedRecorded events of the period: the primary measure. "Closed without connection" is a secondary measure: cases closed in the period that raised the need and never made a connection for it.',
      "Reasons: no provision (no local service), waiting list, provider full, cost, transport, access, and others as recorded.",
      '"Declined by provider": connections for the need that the provider declined in the period (at capacity, service paused, not eligible, outside its remit, could not contact, other): a referral the provider would not or could not take is a gap too. Providers that declined are among the providers named.',
      ...(erased === 0
        ? []
        : [`${figures.count(erased)} unmet needs of people erased (crypto-shredding) name no need or reason: they are in no row above.`]),
    ],
    tables: [
      {
        id: "by-pcn-and-need",
        title: "Unmet needs by PCN and need (largest first)",
        columns: [
          column("pcn", "PCN", "text"),
          column("need", "Need", "text"),
          column("unmet_needs", "Unmet needs", "count"),
          column("cases", "Cases", "count"),
          ...UnmetNeedReason.options.map((reason) => column(`reason_${reason}`, words(reason), "count", false)),
          column("providers_named", "Providers named", "text", false, meanOf("unmet_needs")),
          column("closed_without_connection", "Closed without connection", "count"),
          column("declined_by_provider", "Declined by provider", "count"),
        ],
        // Each unmet need has one reason; the summary gives the unmet needs' total.
        sums: {
          rows: { parts: UnmetNeedReason.options.map((reason) => `reason_${reason}`), total: "unmet_needs" },
          columns: ["unmet_needs"],
        },
        rows: gaps.rows.map((row) => [
          row.pcnId,
          words(row.need),
          row.unmetNeeds,
          row.cases,
          ...UnmetNeedReason.options.map((reason) => row.byReason[reason]),
          row.providersNamed.join(" "),
          row.closedWithoutConnection,
          row.declinedByProvider,
        ]),
      },
    ],
  };
}

/** Unmet needs by need category, summed over PCNs, stacked by reason. */
function unmetNeedsChart(report: UnmetNeedReport<UnmetNeedGapRow>): string {
  const needs = needsByCategory(report).slice(0, 15).reverse();
  const reasons = UnmetNeedReason.options.filter((reason) => needs.some((entry) => entry.byReason[reason] > 0));
  return renderStackedBars({
    title: "Unmet needs by category",
    subtitle: needs.length === 0 ? "no unmet need recorded" : "stacked by the reason recorded; largest gaps at the top",
    unit: "unmet needs",
    categories: needs.map((entry) => words(entry.need)),
    labelWidth: 220,
    stacks: reasons.map((reason) => ({ name: words(reason), values: needs.map((entry) => entry.byReason[reason]) })),
  });
}

/** The unmet-needs report's data: its read model's two queries. */
export interface UnmetNeedsData {
  readonly byPcnAndNeed: UnmetNeedReport<UnmetNeedGapRow>;
  readonly byMonth: UnmetNeedReport<UnmetNeedMonthRow>;
}

/** Needs no local service met, by PCN and need. */
export const unmetNeedsReport = defineReport({
  name: "unmet-needs",
  readModel: (settings) => unmetNeedsProjection(retentionOf(settings)),
  query: (state, settings): E.Either<DomainError, UnmetNeedsData> =>
    sequenceS(E.Apply)({ byPcnAndNeed: unmetNeedGaps(state, asOfOf(settings)), byMonth: unmetNeedsByMonth(state, asOfOf(settings)) }),
  view: ({ byPcnAndNeed }, figures) => view(byPcnAndNeed, figures),
  charts: ({ byPcnAndNeed }) => [{ id: "unmet-needs", svg: unmetNeedsChart(byPcnAndNeed), caption: "Unmet needs by category, all PCNs." }],
});
