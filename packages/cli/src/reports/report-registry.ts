import type {
  DemandReductionReport,
  EquityReport,
  FundingReport,
  GpRecordOutboxSummary,
  OutcomesReport,
  ReferralSourceReport,
} from "@linkwork/projections";
import type { ChartFigure } from "../charts/svg-chart.js";
import { capacityReport, type CapacityData } from "./capacity.js";
import { caseloadReport, type CaseloadData } from "./caseload.js";
import { communityDemandReport, type CommunityDemandData } from "./community-demand.js";
import type { MadeReport, NotesKind, ReportDefinition } from "./define-report.js";
import { demandReductionReport } from "./demand-reduction.js";
import { equityReport } from "./equity.js";
import { gpRecordOutboxReport } from "./gp-record-outbox.js";
import type { ReportName } from "./report-name.js";
import type { SkippedHistory } from "./skipped-history.js";
import { outcomesReport } from "./outcomes.js";
import { referralSourcesReport } from "./referral-sources.js";
import { unmetNeedsReport, type UnmetNeedsData } from "./unmet-needs.js";
import { fundingReportDefinition } from "./funding.js";

/** Each report's data: what its read model's queries answered (what JSON writes). */
export interface ReportData {
  readonly caseload: CaseloadData;
  readonly capacity: CapacityData;
  readonly "demand-reduction": DemandReductionReport;
  readonly outcomes: OutcomesReport;
  readonly "unmet-needs": UnmetNeedsData;
  readonly "community-demand": CommunityDemandData;
  readonly "referral-sources": ReferralSourceReport;
  readonly equity: EquityReport;
  readonly "gp-record-outbox": GpRecordOutboxSummary;
  readonly funding: FundingReport;
}

/** Every report, by name: the one place a new report is added. */
export const reportDefinitions: { readonly [Name in ReportName]: ReportDefinition<Name, ReportData[Name]> } = {
  caseload: caseloadReport,
  capacity: capacityReport,
  "demand-reduction": demandReductionReport,
  outcomes: outcomesReport,
  "unmet-needs": unmetNeedsReport,
  "community-demand": communityDemandReport,
  "referral-sources": referralSourcesReport,
  equity: equityReport,
  "gp-record-outbox": gpRecordOutboxReport,
  funding: fundingReportDefinition,
};

/** A report with its read models' own output (what JSON writes) and the view every other format shows. */
export type BuiltReport = { readonly [Name in ReportName]: MadeReport<Name, ReportData[Name]> }[ReportName];

/** The reports of one replay, in the order asked for. */
export interface BuiltReports {
  /** Events replayed. */
  readonly events: number;
  readonly reports: readonly BuiltReport[];
  /** What a replay under `onError: "skip"` passed over; absent when nothing was. */
  readonly skipped?: SkippedHistory;
}

/** What the HTML page adds to a report's view: its charts, and how its notes are headed. */
export function htmlExtras<Name extends ReportName>(
  report: MadeReport<Name, ReportData[Name]>,
): { readonly charts: readonly ChartFigure[]; readonly notes: NotesKind } {
  const definition = reportDefinitions[report.name];
  return { charts: definition.charts(report.data), notes: definition.notes };
}
