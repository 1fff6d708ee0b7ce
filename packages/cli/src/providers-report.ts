import * as E from "fp-ts/lib/Either.js";
import { ConnectionMode } from "@linkwork/core";
import {
  communityDemandByProvider,
  communityDemandByProviderMonth,
  communityDemandProjection,
  outcomesSoFar,
  type CommunityDemandReport,
  type ProviderDemandRow,
} from "@linkwork/projections";
import { onePass } from "./one-pass-projection.js";
import { retentionOf, type BuiltReport, type PreparedReport, type ReportProblem, type ReportSettings } from "./built-report.js";
import { formatNumber, words } from "./figure-format.js";
import { column } from "./report-view.js";

/** Providers by the connections they absorbed, most first. */
export function providersByLoad(report: CommunityDemandReport<ProviderDemandRow>): ProviderDemandRow[] {
  return [...report.rows].sort((a, b) => b.connections - a.connections || (a.providerId < b.providerId ? -1 : 1));
}

function view(byProvider: CommunityDemandReport<ProviderDemandRow>): BuiltReport["view"] {
  const ranked = providersByLoad(byProvider);
  const connections = ranked.reduce((total, row) => total + row.connections, 0);
  const top = ranked.slice(0, 5);
  return {
    title: "Community demand",
    description:
      "Connections and people each community provider absorbed, by how the link worker connected them and how the connection turned out so far.",
    asOf: byProvider.asOf,
    summary: [
      `${formatNumber(connections, 0)} connections to ${formatNumber(ranked.length, 0)} providers.`,
      ...(top.length === 0
        ? []
        : [
            `Most used: ${top.map((row) => `${row.providerId} (${formatNumber(row.connections, 0)} connections, ${formatNumber(row.people, 0)} people)`).join(", ")}.`,
          ]),
    ],
    notes: [
      "Money rarely follows a referral into the voluntary sector: the connections and people each provider absorbed are the argument for funding it.",
      'Each connection counts once, under its latest outcome recorded by the report\'s date; "no outcome yet" means none was recorded.',
    ],
    tables: [
      {
        id: "by-provider",
        title: "Connections by provider (most first)",
        columns: [
          column("provider", "Provider", "text"),
          column("connections", "Connections", "count"),
          column("people", "People", "count"),
          ...ConnectionMode.options.map((mode) => column(`mode_${mode}`, words(mode), "count")),
          ...outcomesSoFar.map((outcome) => column(`outcome_${outcome}`, words(outcome), "count", false)),
          column("activities", "Activities", "text", false),
        ],
        rows: ranked.map((row) => [
          row.providerId,
          row.connections,
          row.people,
          ...ConnectionMode.options.map((mode) => row.byMode[mode]),
          ...outcomesSoFar.map((outcome) => row.byOutcome[outcome]),
          row.byActivity.map((entry) => `${words(entry.activity)} ${entry.connections}`).join("; "),
        ]),
      },
    ],
  };
}

export function prepareProvidersReport(settings: ReportSettings): E.Either<ReportProblem, PreparedReport> {
  const projection = communityDemandProjection(retentionOf(settings));
  if (E.isLeft(projection)) return E.left({ report: "community-demand", message: projection.left.message });
  const demand = onePass(projection.right);
  const asOf = settings.asOf === undefined ? {} : { asOf: settings.asOf };
  return E.right({
    projection: demand,
    finish: (runner) => {
      const state = runner.state(demand);
      if (state === undefined) return E.left({ report: "community-demand", message: "the community demand read model was not loaded" });
      const byProvider = communityDemandByProvider(state, asOf);
      if (E.isLeft(byProvider)) return E.left({ report: "community-demand", message: byProvider.left.message });
      const byProviderMonth = communityDemandByProviderMonth(state, asOf);
      if (E.isLeft(byProviderMonth)) return E.left({ report: "community-demand", message: byProviderMonth.left.message });
      return E.right({
        name: "community-demand",
        view: view(byProvider.right),
        data: { byProvider: byProvider.right, byProviderMonth: byProviderMonth.right },
      });
    },
  });
}
