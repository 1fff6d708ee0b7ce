import type { RecordedEvent } from "@linkwork/core";
import {
  capacityByMonth,
  capacityForecast,
  capacityProjection,
  caseloadByLinkWorker,
  caseloadByPcn,
  caseloadOpenCases,
  caseloadProjection,
  communityDemandByProvider,
  communityDemandByProviderMonth,
  communityDemandProjection,
  demandReductionProjection,
  demandReductionReport,
  equityProjection,
  equityReport,
  fundingProjection,
  fundingReport,
  gpRecordOutbox,
  gpRecordOutboxProjection,
  outcomesProjection,
  outcomesReport,
  referralSourceMix,
  referralSourcesProjection,
  unmetNeedGaps,
  unmetNeedsByMonth,
  unmetNeedsProjection,
  type AnyProjection,
  type EquityLookup,
  type Projection,
} from "../../src/index.js";
import { project, right } from "./read-model-history.js";

// Every read model with every report it answers, in one place, for the tests that compare all of
// them between two ways of getting a state (a merge of partitions, an export replayed, ...).

export interface EveryReadModelOptions {
  readonly retentionDays?: number | "all";
  /** Reports as of this instant; default: as of the latest event. */
  readonly asOf?: string;
  /** Bootstrap resamples of the demand-reduction and outcomes reports (few keep properties quick). */
  readonly resamples?: number;
  readonly seed?: number;
  /**
   * Rows as an evaluation export can reproduce them: without case and link worker ids (pseudonymised)
   * and open cases without their referral's instant (kept to the day).
   */
  readonly asExported?: boolean;
  /** Each person's equity fields by pseudonym, for the equity report (default: nobody's known). */
  readonly equityLookup?: EquityLookup;
}

/** One read model and its reports of a state, by report name. */
export interface ReadModelReports {
  readonly projection: AnyProjection;
  readonly reports: (state: never) => Record<string, unknown>;
  /** The reports of the state the projection makes of the events, in their order. */
  readonly reportsOf: (events: readonly RecordedEvent[]) => Record<string, unknown>;
}

/** A read model whose reports read the state its projection makes: the pairing is checked here, once. */
function model<State>(projection: Projection<State>, reports: (state: State) => Record<string, unknown>): ReadModelReports {
  return { projection, reports, reportsOf: (events) => reports(project(projection, events)) };
}

/** Every read model, under one retention, with the reports each answers. */
export function everyReadModel(options: EveryReadModelOptions = {}): ReadModelReports[] {
  const { retentionDays, resamples = 50, seed = 3 } = options;
  const settings = retentionDays === undefined ? {} : { retentionDays };
  const at = options.asOf === undefined ? {} : { asOf: options.asOf };
  const report = right;
  return [
    model(right(caseloadProjection(settings)), (state) => {
      const byWorker = report(caseloadByLinkWorker(state, at));
      const open = report(caseloadOpenCases(state, at));
      return {
        caseloadOpenCases:
          options.asExported === true ? open.rows.map(({ caseId: _case, linkWorkerId: _worker, referredAt: _at, ...row }) => row) : open,
        caseloadByPcn: report(caseloadByPcn(state, at)),
        caseloadByLinkWorker: options.asExported === true ? byWorker.rows.map(({ linkWorkerId: _id, ...row }) => row) : byWorker,
      };
    }),
    model(right(capacityProjection(settings)), (state) => ({
      capacityByMonth: report(capacityByMonth(state, at)),
      capacityForecast: report(capacityForecast(state, at)),
    })),
    model(right(demandReductionProjection(settings)), (state) => ({
      demandReduction: report(demandReductionReport(state, { ...at, resamples, seed })),
    })),
    model(right(outcomesProjection(settings)), (state) => ({ outcomes: report(outcomesReport(state, { ...at, resamples, seed })) })),
    model(right(unmetNeedsProjection(settings)), (state) => ({
      unmetNeedsByMonth: report(unmetNeedsByMonth(state, at)),
      unmetNeedGaps: report(unmetNeedGaps(state, at)),
    })),
    model(right(communityDemandProjection(settings)), (state) => ({
      communityDemandByProvider: report(communityDemandByProvider(state, at)),
      communityDemandByProviderMonth: report(communityDemandByProviderMonth(state, at)),
    })),
    model(right(referralSourcesProjection(settings)), (state) => ({ referralSources: report(referralSourceMix(state, at)) })),
    model(right(equityProjection({ demandReduction: settings })), (state) => ({
      equity: report(equityReport(state, options.equityLookup ?? new Map(), { ...at, resamples, seed })),
    })),
    model(right(fundingProjection(settings)), (state) => ({ funding: report(fundingReport(state, at)) })),
    // The outbox keeps no retention. It is operational (what to send to a GP system), not an
    // evaluation figure: its entry ids hash case and event ids, which an evaluation export
    // pseudonymises, so acknowledgements no longer match there and an export leaves it out.
    ...(options.asExported === true
      ? []
      : [model(right(gpRecordOutboxProjection()), (state) => ({ gpRecordOutbox: report(gpRecordOutbox(state, { limit: 10_000 })) }))]),
  ];
}

/** Every report of every read model over the events, by report name. */
export function everyReport(events: readonly RecordedEvent[], options: EveryReadModelOptions = {}): Record<string, unknown> {
  return Object.assign({}, ...everyReadModel(options).map(({ reportsOf }) => reportsOf(events)));
}
