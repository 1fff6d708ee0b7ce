import type {
  AnyProjection,
  CapacityForecastReport,
  CapacityReport,
  CapacitySettingsInput,
  CaseloadReport,
  CaseloadSettingsInput,
  CommunityDemandReport,
  DemandReductionReport,
  DemandReductionSettingsInput,
  LinkWorkerCaseloadRow,
  OpenCaseRow,
  OutcomesReport,
  OutcomesSettingsInput,
  PcnCaseloadRow,
  ProjectionRunner,
  ProviderDemandRow,
  ProviderMonthDemandRow,
  ReferralSourceReport,
  RetentionDays,
  UnmetNeedGapRow,
  UnmetNeedMonthRow,
  UnmetNeedReport,
} from "@linkwork/projections";
import type * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import type { ReportView } from "./report-view.js";

/** The reports `replay` can build, in the order they are shown. */
export const reportNames = [
  "caseload",
  "capacity",
  "demand-reduction",
  "outcomes",
  "unmet-needs",
  "community-demand",
  "referral-sources",
] as const;
export const ReportName = z.enum(reportNames);
export type ReportName = z.infer<typeof ReportName>;

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

/** Settings of the read models and their reports; everything is optional. */
export interface ReportSettings {
  /** Every report describes what was known at this instant; default: the latest event's occurredAt. */
  readonly asOf?: string;
  /** How long every read model keeps ended cases' detail; see `retentionOf`. */
  readonly retentionDays?: RetentionDays;
  readonly caseload?: CaseloadSettingsInput;
  readonly capacity?: CapacitySettingsInput;
  readonly demandReduction?: Omit<DemandReductionSettingsInput, "asOf">;
  readonly outcomes?: Omit<OutcomesSettingsInput, "asOf">;
}

/** A report with its read models' own output (what JSON writes) and the view every other format shows. */
export type BuiltReport =
  | {
      readonly name: "caseload";
      readonly view: ReportView;
      readonly data: {
        readonly byPcn: CaseloadReport<PcnCaseloadRow>;
        readonly byLinkWorker: CaseloadReport<LinkWorkerCaseloadRow>;
        readonly openCases: CaseloadReport<OpenCaseRow>;
      };
    }
  | {
      readonly name: "capacity";
      readonly view: ReportView;
      readonly data: { readonly byMonth: CapacityReport; readonly forecast: CapacityForecastReport };
    }
  | { readonly name: "demand-reduction"; readonly view: ReportView; readonly data: DemandReductionReport }
  | { readonly name: "outcomes"; readonly view: ReportView; readonly data: OutcomesReport }
  | {
      readonly name: "unmet-needs";
      readonly view: ReportView;
      readonly data: { readonly byPcnAndNeed: UnmetNeedReport<UnmetNeedGapRow>; readonly byMonth: UnmetNeedReport<UnmetNeedMonthRow> };
    }
  | {
      readonly name: "community-demand";
      readonly view: ReportView;
      readonly data: {
        readonly byProvider: CommunityDemandReport<ProviderDemandRow>;
        readonly byProviderMonth: CommunityDemandReport<ProviderMonthDemandRow>;
      };
    }
  | { readonly name: "referral-sources"; readonly view: ReportView; readonly data: ReferralSourceReport };

/**
 * The retention every read model of a replay is built with. Given by the user, it is used as is;
 * otherwise a report as of a given instant keeps every case (the replay may run long past that
 * instant, beyond any retention), and a report as of the end takes the read models' default.
 */
export function retentionOf(settings: ReportSettings): { readonly retentionDays?: RetentionDays } {
  if (settings.retentionDays !== undefined) return { retentionDays: settings.retentionDays };
  return settings.asOf === undefined ? {} : { retentionDays: "all" };
}

export interface BuiltReports {
  /** Events replayed. */
  readonly events: number;
  readonly reports: readonly BuiltReport[];
}

/** Why a report could not be made: its settings were refused, or its query was. */
export interface ReportProblem {
  readonly report: ReportName;
  readonly message: string;
}

/**
 * One report's part in a replay: the projection the runner feeds, and how to make the report
 * from its state once the runner is done.
 */
export interface PreparedReport {
  readonly projection: AnyProjection;
  readonly finish: (runner: ProjectionRunner) => E.Either<ReportProblem, BuiltReport>;
}
