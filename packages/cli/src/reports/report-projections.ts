import * as E from "fp-ts/lib/Either.js";
import type { AnyProjection } from "@linkwork/projections";
import type { ReportName } from "./report-name.js";
import { reportDefinitions } from "./report-registry.js";
import type { ReportSettings } from "./report-settings.js";

/** What a parallel replay's workers are told: the reports and their settings (plain data). */
export interface ReportProjectionsInput {
  readonly reports: readonly ReportName[];
  readonly settings: ReportSettings;
}

/**
 * The read models of the reports, in order: what each worker of a parallel replay builds (by this
 * module's URL), the same as `buildReports` prepares. Settings were checked by `buildReports` first.
 */
export function reportProjections(input: ReportProjectionsInput): AnyProjection[] {
  return input.reports.map((name) => {
    const prepared = reportDefinitions[name].prepare(input.settings);
    if (E.isLeft(prepared)) throw new Error(`${name} report: ${prepared.left.message}`);
    return prepared.right.projection;
  });
}
