import * as E from "fp-ts/lib/Either.js";
import { UnmetNeedReason } from "@linkwork/core";
import { unmetNeedGaps, unmetNeedsByMonth, unmetNeedsProjection, type UnmetNeedGapRow, type UnmetNeedReport } from "@linkwork/projections";
import { onePass } from "./one-pass-projection.js";
import { retentionOf, type BuiltReport, type PreparedReport, type ReportProblem, type ReportSettings } from "./built-report.js";
import { formatNumber, words } from "./figure-format.js";
import { column } from "./report-view.js";

/** Unmet needs summed over PCNs, by need, largest first: what the unmet-needs chart and summary show. */
export function gapsByNeed(
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

function view(gaps: UnmetNeedReport<UnmetNeedGapRow>): BuiltReport["view"] {
  const needs = gapsByNeed(gaps);
  const total = needs.reduce((sum, entry) => sum + entry.total, 0);
  const noProvision = gaps.rows.filter((row) => row.byReason.no_provision > 0);
  return {
    title: "Unmet needs",
    description:
      "Needs that no local service met, by PCN and need, with the reasons recorded and the providers named: where community builders should look.",
    asOf: gaps.asOf,
    summary: [
      needs.length === 0
        ? "No unmet need is recorded."
        : `${formatNumber(total, 0)} unmet needs recorded; largest gaps: ${needs
            .slice(0, 3)
            .map((entry) => `${words(entry.need)} (${formatNumber(entry.total, 0)})`)
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
          column("providers_named", "Providers named", "text", false),
          column("closed_without_connection", "Closed without connection", "count"),
        ],
        rows: gaps.rows.map((row) => [
          row.pcnId,
          words(row.need),
          row.unmetNeeds,
          row.cases,
          ...UnmetNeedReason.options.map((reason) => row.byReason[reason]),
          row.providersNamed.join(" "),
          row.closedWithoutConnection,
        ]),
      },
    ],
  };
}

export function prepareGapsReport(settings: ReportSettings): E.Either<ReportProblem, PreparedReport> {
  const projection = unmetNeedsProjection(retentionOf(settings));
  if (E.isLeft(projection)) return E.left({ report: "unmet-needs", message: projection.left.message });
  const unmetNeeds = onePass(projection.right);
  const asOf = settings.asOf === undefined ? {} : { asOf: settings.asOf };
  return E.right({
    projection: unmetNeeds,
    finish: (runner) => {
      const state = runner.state(unmetNeeds);
      if (state === undefined) return E.left({ report: "unmet-needs", message: "the unmet needs read model was not loaded" });
      const gaps = unmetNeedGaps(state, asOf);
      if (E.isLeft(gaps)) return E.left({ report: "unmet-needs", message: gaps.left.message });
      const byMonth = unmetNeedsByMonth(state, asOf);
      if (E.isLeft(byMonth)) return E.left({ report: "unmet-needs", message: byMonth.left.message });
      return E.right({ name: "unmet-needs", view: view(gaps.right), data: { byPcnAndNeed: gaps.right, byMonth: byMonth.right } });
    },
  });
}
