import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { fieldInvalid, type DomainError } from "@linkwork/core";

import type { BootstrapOptions } from "../../statistics/bootstrap.js";
import { summariseChange } from "../../statistics/change-summary.js";
import { reportPeriod } from "../shared/report-period.js";
import { asOfRetained } from "../shared/retention.js";
import { windowDays } from "./usage-window.js";
import { notesFor } from "./notes.js";
import { participants, type Participant } from "./participants.js";
import { type Placed, place, cohortResult, coverage, pairsOf, noComparisonCohort } from "./placement.js";
import { matchedComparison } from "./matched-comparison.js";
import type { EquityLookup } from "../equity/equity-lookup.js";
import { staggeredDesign } from "./staggered-design.js";
import { placeboPair, preTrendCheck, type PreTrendCheck } from "./pre-trend.js";
import { differenceInDifferences } from "../../statistics/difference-in-differences.js";
import type { BeforeAfter } from "../../statistics/before-after.js";
import type { DemandReductionReport, DemandReductionWindow } from "./reports.js";
import { DemandReductionSettings, type DemandReductionProjectionSettings } from "./settings.js";
import type { DemandReductionState } from "./state.js";

/**
 * The demand-reduction report as of `settings.asOf` (default: the latest occurredAt seen). Settings
 * are validated (unknown keys are refused) and a bad value is a VALIDATION_FAILED error naming the
 * field, so the statistics never see an unvalidated setting. With no events applied and no asOf
 * there is nothing to report as of, which is an error too; so are an asOf before the retention
 * horizon (its cases are folded) and windows longer than the read model's `maxWindowMonths`.
 */
export function demandReductionReport(
  state: DemandReductionState,
  settings: unknown = {},
  context: DemandReductionContext = {},
): E.Either<DomainError, DemandReductionReport> {
  return pipe(
    reportPeriod(DemandReductionSettings, settings, state.latestOccurredAt),
    E.flatMap(({ options: valid, period }) =>
      pipe(
        asOfRetained(state.retention, period),
        E.flatMap(() => windowsKept(state.settings, valid)),
        E.map(() => report(state, valid, period.asOf, context)),
      ),
    ),
  );
}

/** Refuses windows longer than the read model keeps usage for (see `maxWindowMonths`). */
function windowsKept(settings: DemandReductionProjectionSettings, valid: DemandReductionSettings): E.Either<DomainError, void> {
  const longest = Math.max(...valid.windowsMonths);
  if (longest <= settings.maxWindowMonths) return E.right(undefined);
  return E.left(
    fieldInvalid(
      "report options",
      "windowsMonths",
      `${String(longest)}-month windows are longer than the read model's maxWindowMonths (${String(settings.maxWindowMonths)}): ` +
        "it keeps usage only that far after each possible index date; set maxWindowMonths higher and rebuild to ask for longer windows",
    ),
  );
}

/** What a report may be given besides its settings. */
export interface DemandReductionContext {
  /** Equity fields by pseudonym, from the person register: matching is then exact on them too. */
  readonly equity?: EquityLookup;
}

export function report(
  state: DemandReductionState,
  valid: DemandReductionSettings,
  asOf: number,
  context: DemandReductionContext = {},
): DemandReductionReport {
  const options: BootstrapOptions = { seed: valid.seed, resamples: valid.resamples, confidence: valid.confidence };
  const everyone = participants(state, valid, asOf);
  const comparisonRecorded = everyone.comparison.length > 0;
  const placeAll = (people: readonly Participant[], windowMonths: number): Placed[] =>
    people.map((person) => ({ participant: person, placement: place(person, windowMonths, asOf) }));

  const windows = valid.windowsMonths.map((windowMonths): DemandReductionWindow => {
    const referred = placeAll(everyone.referred, windowMonths);
    const comparison = placeAll(everyone.comparison, windowMonths);
    return {
      months: windowMonths,
      days: windowDays(windowMonths),
      intentionToTreat: cohortResult(referred, comparison, comparisonRecorded, options),
      engaged: cohortResult(
        referred.filter(({ participant: person }) => person.engaged),
        comparison,
        comparisonRecorded,
        options,
      ),
      completed: cohortResult(
        referred.filter(({ participant: person }) => person.completed),
        comparison,
        comparisonRecorded,
        options,
      ),
      comparison: { ...coverage(comparison), beforeAfter: summariseChange(pairsOf(comparison, false), options) },
      preTrend: comparisonRecorded ? cohortPreTrend(referred, comparison, windowMonths, options) : noComparisonCohort,
      matched: comparisonRecorded ? matchedComparison(referred, comparison, windowMonths, context.equity, options) : noComparisonCohort,
    };
  });

  const withoutNotes: Omit<DemandReductionReport, "notes"> = {
    setting: valid.setting,
    indexDate: valid.indexDate,
    asOf: new Date(asOf).toISOString(),
    frequentAttenderThreshold: valid.frequentAttenderThreshold,
    seed: valid.seed,
    resamples: valid.resamples,
    confidence: valid.confidence,
    people: {
      referred: everyone.referredPeople,
      noIndexDate: everyone.noIndexDate,
      comparison: everyone.comparison.length,
      comparisonAlsoReferred: everyone.comparisonAlsoReferred,
      erased: everyone.erased,
    },
    windows,
    staggered: staggeredDesign(state, valid.setting, asOf, options),
  };
  return { ...withoutNotes, notes: notesFor(withoutNotes) };
}

/** The whole-cohort DiD on the placebo windows, over the included people whose records cover them. */
function cohortPreTrend(
  referred: readonly Placed[],
  comparison: readonly Placed[],
  months: number,
  options: BootstrapOptions,
): PreTrendCheck {
  const placebos = (placed: readonly Placed[]): BeforeAfter[] =>
    placed.flatMap(({ participant: person, placement }) => {
      if (placement.kind !== "included") return [];
      const pair = placeboPair(person, months);
      return pair === null ? [] : [pair];
    });
  return preTrendCheck(differenceInDifferences(placebos(referred), placebos(comparison), options));
}
