import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import {
  fieldInvalid,
  Instant,
  validationFailed,
  type CheckpointStore,
  type DomainError,
  type EventStore,
  type SchemePolicy,
} from "@linkwork/core";
import { Actor } from "@linkwork/core/authorisation";
import {
  capacityByMonth,
  capacityForecast,
  capacityProjection,
  caseloadByLinkWorker,
  caseloadByPcn,
  caseloadOpenCases,
  caseloadProjection,
  startProjectionRunner,
  subscriptionSource,
  type CapacitySettingsInput,
  type CatchUpError,
  type Projection,
  type ProjectionRunner,
} from "@linkwork/projections";

/** A PCN's ODS code, as an actor's PCN is checked (the core keeps the schema; its root does not export it). */
const PcnCode = Actor.shape.pcnId.unwrap();

export const CaseloadQuery = z.strictObject({
  /** The instant the report describes; default: the latest occurredAt recorded. */
  asOf: Instant.optional(),
  /** `cases`: one row per open case; `link-workers`, `pcns`: figures per holder or PCN. */
  view: z.enum(["cases", "link-workers", "pcns"]).default("cases"),
  /** Only the rows of this PCN (the service sets it to a PCN manager's own). */
  pcnId: PcnCode.optional(),
});

export const CapacityQuery = z.strictObject({
  asOf: Instant.optional(),
  /** Start of the months reported (inclusive); default: when each PCN first appears. */
  from: Instant.optional(),
  pcnId: PcnCode.optional(),
  /** `months`: FTE, list size and demand per PCN and month; `forecast`: when referrals overtake capacity. */
  view: z.enum(["months", "forecast"]).default("months"),
});

/**
 * How far past the server's clock a report's `asOf` may be: the core's allowance for a command's
 * `occurredAt` (5 minutes, packages/core/src/events/occurred-at.ts), so the latest event recorded can
 * always be reported on. Any later is refused: the capacity report has a row a month per PCN up to
 * `asOf`, so `asOf=9999-12-31` asked for some 95,000 rows per PCN, built before the PCN filter.
 */
const asOfAllowanceMs = 5 * 60_000;

/** A report with only the rows of one PCN, when one is named. */
const ofPcn =
  (pcnId: string | undefined) =>
  <Report extends { readonly rows: readonly { readonly pcnId: string | null }[] }>(report: Report): Report =>
    pcnId === undefined ? report : { ...report, rows: report.rows.filter((row) => row.pcnId === pcnId) };

/** Why a report could not be given: a bad query (400), or a runner that can no longer catch up (503). */
export type ReportError =
  DomainError | { readonly code: "REPORTS_UNAVAILABLE"; readonly message: string; readonly cause: CatchUpError["code"] };

export interface PcnReports {
  readonly runner: ProjectionRunner;
  caseload(query: unknown): Promise<E.Either<ReportError, unknown>>;
  capacity(query: unknown): Promise<E.Either<ReportError, unknown>>;
}

export interface PcnReportsOptions {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly policy: SchemePolicy;
  readonly capacity: CapacitySettingsInput;
  readonly now: () => Date;
}

/**
 * The caseload and capacity read models, fed by one runner subscribed to the store. Every report
 * first waits until the runner has applied everything stored when the request arrived, so a report
 * reflects every command acknowledged before it (read-your-writes for the API's user).
 */
export function startPcnReports(options: PcnReportsOptions): E.Either<DomainError, PcnReports> {
  const caseloadModel = caseloadProjection({ policy: options.policy });
  if (E.isLeft(caseloadModel)) return caseloadModel;
  const capacityModel = capacityProjection(options.capacity);
  if (E.isLeft(capacityModel)) return capacityModel;
  const caseload = caseloadModel.right;
  const capacity = capacityModel.right;

  const runner = startProjectionRunner({
    source: subscriptionSource(options.store),
    projections: [caseload, capacity],
    checkpoints: options.checkpoints,
  });

  async function stateOf<State>(projection: Projection<State>): Promise<E.Either<ReportError, State>> {
    const waited = await runner.waitUntilCaughtUp();
    if (E.isLeft(waited)) {
      return E.left({
        code: "REPORTS_UNAVAILABLE",
        message: `the reports cannot catch up with the store: ${waited.left.message}`,
        cause: waited.left.code,
      });
    }
    // Defined once caught up: the runner has loaded every projection's checkpoint by then.
    const state = runner.state(projection);
    return state === undefined
      ? E.left({
          code: "REPORTS_UNAVAILABLE",
          message: "the reports have not loaded their checkpoints yet",
          cause: "STOPPED_BEFORE_CAUGHT_UP",
        })
      : E.right(state);
  }

  /** The refusal of an asOf after the server's clock (and its allowance), or null. */
  const afterNow = (subject: string, asOf: string | undefined): DomainError | null =>
    asOf !== undefined && Date.parse(asOf) > options.now().getTime() + asOfAllowanceMs
      ? fieldInvalid(
          subject,
          "asOf",
          "must not be after the server's clock: a report describes what was recorded (view=forecast looks ahead)",
        )
      : null;

  /** Reports default to the latest occurredAt recorded; with nothing recorded yet, to the server's clock. */
  const asOfFor = (asOf: string | undefined, latestOccurredAt: number | null): { asOf?: string } =>
    asOf !== undefined ? { asOf } : latestOccurredAt === null ? { asOf: options.now().toISOString() } : {};

  return E.right({
    runner,
    caseload: async (query) => {
      const parsed = CaseloadQuery.safeParse(query ?? {});
      if (!parsed.success) return E.left(validationFailed("caseload query", parsed.error));
      const { asOf, view, pcnId } = parsed.data;
      const future = afterNow("caseload query", asOf);
      if (future !== null) return E.left(future);
      const state = await stateOf(caseload);
      if (E.isLeft(state)) return state;
      const reportOptions = asOfFor(asOf, state.right.latestOccurredAt);
      switch (view) {
        case "cases":
          return pipe(caseloadOpenCases(state.right, reportOptions), E.map(ofPcn(pcnId)));
        case "link-workers":
          return pipe(caseloadByLinkWorker(state.right, reportOptions), E.map(ofPcn(pcnId)));
        case "pcns":
          return pipe(caseloadByPcn(state.right, reportOptions), E.map(ofPcn(pcnId)));
      }
    },
    capacity: async (query) => {
      const parsed = CapacityQuery.safeParse(query ?? {});
      if (!parsed.success) return E.left(validationFailed("capacity query", parsed.error));
      const { asOf, from, pcnId, view } = parsed.data;
      if (view === "forecast" && from !== undefined) return E.left(fieldInvalid("capacity query", "from", "applies to view=months only"));
      const future = afterNow("capacity query", asOf);
      if (future !== null) return E.left(future);
      const state = await stateOf(capacity);
      if (E.isLeft(state)) return state;
      const reportOptions = asOfFor(asOf, state.right.latestOccurredAt);
      switch (view) {
        case "months":
          return pipe(capacityByMonth(state.right, from === undefined ? reportOptions : { ...reportOptions, from }), E.map(ofPcn(pcnId)));
        case "forecast":
          return pipe(capacityForecast(state.right, reportOptions), E.map(ofPcn(pcnId)));
      }
    },
  });
}
