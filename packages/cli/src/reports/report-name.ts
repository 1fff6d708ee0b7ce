import { z } from "zod";

/**
 * The reports `replay` can build, in the order they are shown. Each is named for the read model it
 * is made from: the same word in `--report`, file names, JSON keys, the HTML page and the docs.
 * (This module loads zod only: `--help` lists the names without loading the read models.)
 */
export const reportNames = [
  "caseload",
  "capacity",
  "demand-reduction",
  "outcomes",
  "unmet-needs",
  "community-demand",
  "referral-sources",
  "equity",
  "gp-record-outbox",
  "funding",
] as const;
/** One of `reportNames`. */
export const ReportName = z.enum(reportNames);
export type ReportName = z.infer<typeof ReportName>;

/**
 * The reports `replay` makes when `--report` is not given: every one but equity, which needs the
 * register's equity fields (`--people`) and is added when they are given.
 */
export const defaultReportNames: readonly ReportName[] = reportNames.filter((name) => name !== "equity");

/**
 * The words `--report` took before every report was named for its read model. They still work,
 * with a notice naming the new word; they are not report names anywhere else.
 */
export const reportAliases = {
  demand: "demand-reduction",
  gaps: "unmet-needs",
  providers: "community-demand",
  sources: "referral-sources",
} as const satisfies Readonly<Record<string, ReportName>>;

/** `demand-reduction` → `Demand reduction`: a report's title, and its read model in messages. */
export function reportTitle(name: ReportName): string {
  const text = name.replace(/-/g, " ");
  // GP is an initialism: `gp-record-outbox` → `GP record outbox`.
  return `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`.replace(/^Gp /, "GP ");
}
