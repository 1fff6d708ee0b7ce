import { sequenceS } from "fp-ts/lib/Apply.js";
import * as E from "fp-ts/lib/Either.js";
import { type DomainError } from "@linkwork/core";
import { ConnectionMode } from "@linkwork/core/vocabulary";
import {
  communityDemandByProvider,
  communityDemandByProviderMonth,
  communityDemandProjection,
  outcomesSoFar,
  providerStatusesSoFar,
  type CommunityDemandReport,
  type ProviderDemandRow,
  type ProviderMonthDemandRow,
} from "@linkwork/projections";
import { renderStackedBars } from "../charts/svg-chart.js";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { formatNumber, words } from "./figure-format.js";
import type { FigureText } from "../disclosure/shared-view.js";
import { column, type ReportView } from "./report-view.js";

/** Providers by the connections they absorbed, most first. */
function providersByLoad(report: CommunityDemandReport<ProviderDemandRow>): ProviderDemandRow[] {
  return [...report.rows].sort((a, b) => b.connections - a.connections || (a.providerId < b.providerId ? -1 : 1));
}

function view(byProvider: CommunityDemandReport<ProviderDemandRow>, figures: FigureText): Omit<ReportView, "title"> {
  const ranked = providersByLoad(byProvider);
  const connections = ranked.reduce((total, row) => total + row.connections, 0);
  const top = ranked.slice(0, 5);
  return {
    description:
      "Connections and people each community provider absorbed, by how the link worker connected them and how the connection turned out so far.",
    asOf: byProvider.asOf,
    summary: [
      `${figures.count(connections)} connections to ${formatNumber(ranked.length, 0)} providers.`,
      ...(top.length === 0
        ? []
        : [
            `Most used: ${top.map((row) => `${row.providerId} (${figures.count(row.connections)} connections, ${figures.count(row.people)} people)`).join(", ")}.`,
          ]),
    ],
    notes: [
      "Money rarely follows a referral into the voluntary sector: the connections and people each provider absorbed are the argument for funding it.",
      'Each connection counts once, under its latest outcome recorded by the report\'s date; "no outcome yet" means none was recorded.',
      'The provider\'s side (closed-loop updates): "attended" counts connections the provider reported attended at least once; each connection also counts once under where it stands with its provider (awaiting a reply, waitlisted, accepted, declined, finished).',
      // Erased people's connections name no provider: said here, so the total by PCN and month stays whole.
      ...(byProvider.erased === 0
        ? []
        : [
            `${figures.count(byProvider.erased)} connections of ${figures.count(byProvider.erasedPeople)} people erased (crypto-shredding) name no provider or activity: they are in no row above, and those people in no row's people.`,
          ]),
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
          column("attended", "Attended", "count"),
          ...providerStatusesSoFar.map((status) => column(`provider_${status}`, `Provider: ${words(status)}`, "count", false)),
          column("activities", "Activities", "text", false),
        ],
        // The modes add up to the connections; the summary gives the connections' total.
        sums: { rows: { parts: ConnectionMode.options.map((mode) => `mode_${mode}`), total: "connections" }, columns: ["connections"] },
        rows: ranked.map((row) => [
          row.providerId,
          row.connections,
          row.people,
          ...ConnectionMode.options.map((mode) => row.byMode[mode]),
          ...outcomesSoFar.map((outcome) => row.byOutcome[outcome]),
          row.attended,
          ...providerStatusesSoFar.map((status) => row.byProviderStatus[status]),
          row.byActivity.map((entry) => `${words(entry.activity)} ${figures.count(entry.connections)}`).join("; "),
        ]),
      },
    ],
  };
}

/** The most-used providers' connections, stacked by outcome so far. */
function communityDemandChart(report: CommunityDemandReport<ProviderDemandRow>): string {
  const providers = providersByLoad(report).slice(0, 15).reverse();
  const outcomes = outcomesSoFar.filter((outcome) => providers.some((row) => row.byOutcome[outcome] > 0));
  return renderStackedBars({
    title: "Provider load",
    subtitle: providers.length === 0 ? "no connection made" : "connections per provider (most used 15), stacked by outcome so far",
    unit: "connections",
    categories: providers.map((row) => row.providerId),
    labelWidth: 140,
    stacks: outcomes.map((outcome) => ({ name: words(outcome), values: providers.map((row) => row.byOutcome[outcome]) })),
  });
}

/** The community-demand report's data: its read model's two queries. */
export interface CommunityDemandData {
  readonly byProvider: CommunityDemandReport<ProviderDemandRow>;
  readonly byProviderMonth: CommunityDemandReport<ProviderMonthDemandRow>;
}

/** What each community provider absorbed: connections, people, modes and outcomes so far. */
export const communityDemandReport = defineReport({
  name: "community-demand",
  readModel: (settings) => communityDemandProjection(retentionOf(settings)),
  query: (state, settings): E.Either<DomainError, CommunityDemandData> =>
    sequenceS(E.Apply)({
      byProvider: communityDemandByProvider(state, asOfOf(settings)),
      byProviderMonth: communityDemandByProviderMonth(state, asOfOf(settings)),
    }),
  view: ({ byProvider }, figures) => view(byProvider, figures),
  charts: ({ byProvider }) => [{ id: "community-demand", svg: communityDemandChart(byProvider), caption: "Connections per provider." }],
});
