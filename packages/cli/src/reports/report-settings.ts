import type {
  CapacitySettingsInput,
  CaseloadSettingsInput,
  DemandReductionSettingsInput,
  EquityLookup,
  EquitySettingsInput,
  OutcomesSettingsInput,
  RetentionDays,
} from "@linkwork/projections";

/** Settings of the read models and their reports, keyed by report; everything is optional. */
export interface ReportSettings {
  /** Every report describes what was known at this instant; default: the latest event's occurredAt. */
  readonly asOf?: string;
  /** How long every read model keeps ended cases' detail; see `retentionOf`. */
  readonly retentionDays?: RetentionDays;
  readonly caseload?: CaseloadSettingsInput;
  /**
   * `aggregate` (default): the caseload report counts cases by PCN and link worker. `operational`:
   * it also lists every open case by its id, for the team running the service; never for sharing.
   */
  readonly caseloadView?: "aggregate" | "operational";
  readonly capacity?: CapacitySettingsInput;
  readonly demandReduction?: Omit<DemandReductionSettingsInput, "asOf">;
  readonly outcomes?: Omit<OutcomesSettingsInput, "asOf">;
  readonly equity?: EquitySettingsInput;
  /**
   * The equity report's groups: each referred person's equity fields from the person register, by
   * pseudonym (`linkwork replay --people FILE`). Without it everyone counts as "not recorded". Never
   * sent to a parallel replay's workers: only the report, in this thread, reads it.
   */
  readonly equityLookup?: EquityLookup;
}

/** The settings a parallel replay's workers are sent: plain data, without the equity lookup. */
export function workerSettings(settings: ReportSettings): ReportSettings {
  const { equityLookup: _lookup, ...rest } = settings;
  return rest;
}

/**
 * The retention every read model of a replay is built with. Given by the user, it is used as is;
 * otherwise a report as of a given instant keeps every case (the replay may run long past that
 * instant, beyond any retention), and a report as of the end takes the read models' default.
 */
export function retentionOf(settings: ReportSettings): { readonly retentionDays?: RetentionDays } {
  if (settings.retentionDays !== undefined) return { retentionDays: settings.retentionDays };
  return settings.asOf === undefined ? {} : { retentionDays: "all" };
}

/** The queries' `asOf` option: the instant given, or none (the latest event). */
export function asOfOf(settings: ReportSettings): { readonly asOf?: string } {
  return settings.asOf === undefined ? {} : { asOf: settings.asOf };
}
