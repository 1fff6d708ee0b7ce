import { printable } from "@linkwork/core";
import type { BootstrapOptions } from "../../statistics/bootstrap.js";
import { balanceRow, type BalanceRow, type CovariateValues } from "../../statistics/balance.js";
import type { DifferenceInDifferencesResult } from "../../statistics/difference-in-differences.js";
import { matchNearestNeighbours, type MatchCandidate } from "../../statistics/matching.js";
import { pairedDifferenceInDifferences, type MatchedBeforeAfter } from "../../statistics/paired-difference-in-differences.js";
import { dateOfDay } from "./usage-window.js";
import type { Placed } from "./placement.js";
import { placeboPair, preTrendCheck, type PreTrendCheck } from "./pre-trend.js";
import type { BeforeAfter } from "../../statistics/before-after.js";
import type { EquityFields } from "@linkwork/core/vocabulary";
import type { EquityLookup } from "../equity/equity-lookup.js";

/** Matched comparisons of one window (docs/statistics.md, "Matched comparisons"). */
export interface MatchedComparison {
  readonly kind: "matched";
  /** Referred people (intention to treat) included in the window: offered for matching. */
  readonly referred: number;
  /** Pool people (enrolled, never referred) included in the window: the comparators to choose from. */
  readonly pool: number;
  readonly pairs: number;
  /** Pairs found in the referred person's own practice, and (failing that) in their PCN. */
  readonly samePractice: number;
  readonly samePcn: number;
  /** Referred people with no comparator within the caliper: counted apart, in no figure below. */
  readonly unmatched: number;
  /** The caliper, in units of use in the before window (0.2 pooled standard deviations). */
  readonly caliper: number;
  /** What the pairs agree on: exactly, then nearest. */
  readonly matchedOn: readonly string[];
  /** Standardised mean differences before and after matching. */
  readonly balance: readonly BalanceRow[];
  /** The difference in differences over the pairs: the effect on the matched referred people. */
  readonly differenceInDifferences: DifferenceInDifferencesResult;
  /** The same estimator over the pairs on windows ending before the index date. */
  readonly preTrend: PreTrendCheck;
}

/** The most categories of one equity field a balance table lists. */
const MAX_CATEGORIES = 30;

interface Candidate extends MatchCandidate {
  readonly pair: BeforeAfter;
  readonly placebo: BeforeAfter | null;
  readonly equity: EquityFields | undefined;
}

/** What the lookup gave that matching can use: text fields as text, a decile only when it is 1 to 10. */
function knownFields(fields: EquityFields | undefined): EquityFields | undefined {
  if (fields === undefined) return undefined;
  const { ageBand, sex, deprivationDecile } = fields;
  return {
    ...(typeof ageBand === "string" ? { ageBand } : {}),
    ...(typeof sex === "string" ? { sex } : {}),
    ...(typeof deprivationDecile === "number" && Number.isInteger(deprivationDecile) && deprivationDecile >= 1 && deprivationDecile <= 10
      ? { deprivationDecile }
      : {}),
  };
}

function candidates(placed: readonly Placed[], months: number, equity: EquityLookup | undefined): Candidate[] {
  const found: Candidate[] = [];
  for (const { participant: person, placement } of placed) {
    if (placement.kind !== "included") continue;
    const fields = equity === undefined ? undefined : knownFields(equity.get(person.personId));
    // Exact on the index month (comparators are enrolled with index dates of their own, as at a
    // similar point) and, when the register holds them, on the equity fields.
    const stratum =
      equity === undefined
        ? dateOfDay(person.indexDay).slice(0, 7)
        : [
            dateOfDay(person.indexDay).slice(0, 7),
            fields?.ageBand ?? "?",
            fields?.sex ?? "?",
            String(fields?.deprivationDecile ?? "?"),
          ].join("\u0000");
    found.push({
      id: person.personId,
      practiceId: person.practiceId,
      pcnId: person.pcnId,
      stratum,
      priorUsage: placement.pair.before,
      pair: placement.pair,
      placebo: placeboPair(person, months),
      equity: fields,
    });
  }
  return found;
}

/** Matches the window's included referred people to its included pool people, and analyses the pairs. */
export function matchedComparison(
  referred: readonly Placed[],
  pool: readonly Placed[],
  months: number,
  equity: EquityLookup | undefined,
  options: BootstrapOptions,
): MatchedComparison {
  const treated = candidates(referred, months, equity);
  const comparators = candidates(pool, months, equity);
  const matching = matchNearestNeighbours(treated, comparators);
  const pairs: MatchedBeforeAfter[] = matching.pairs.map(({ treated: person, comparison }) => ({
    treated: person.pair,
    comparison: comparison.pair,
  }));
  const placeboPairs: MatchedBeforeAfter[] = [];
  for (const { treated: person, comparison } of matching.pairs) {
    if (person.placebo !== null && comparison.placebo !== null)
      placeboPairs.push({ treated: person.placebo, comparison: comparison.placebo });
  }
  return {
    kind: "matched",
    referred: treated.length,
    pool: comparators.length,
    pairs: pairs.length,
    samePractice: matching.samePractice,
    samePcn: matching.samePcn,
    unmatched: matching.unmatched.length,
    caliper: matching.caliper,
    matchedOn: [
      "index month",
      ...(equity === undefined ? [] : ["age band", "sex", "deprivation decile"]),
      "practice, else PCN",
      "nearest use in the before window",
    ],
    balance: balanceTable(treated, comparators, matching.pairs, equity !== undefined),
    differenceInDifferences: pairedDifferenceInDifferences(pairs, options),
    preTrend: preTrendCheck(pairedDifferenceInDifferences(placeboPairs, options)),
  };
}

function balanceTable(
  treated: readonly Candidate[],
  pool: readonly Candidate[],
  pairs: readonly { treated: Candidate; comparison: Candidate }[],
  withEquity: boolean,
): BalanceRow[] {
  const matchedTreated = pairs.map((pair) => pair.treated);
  const matchedComparison = pairs.map((pair) => pair.comparison);
  const values = (covariate: string, indicator: boolean, of: (person: Candidate) => number | null): CovariateValues => {
    const known = (people: readonly Candidate[]) => people.map(of).filter((value): value is number => value !== null);
    return {
      covariate,
      indicator,
      treatedBefore: known(treated),
      poolBefore: known(pool),
      treatedAfter: known(matchedTreated),
      comparisonAfter: known(matchedComparison),
    };
  };
  const rows = [
    values("use in the before window", false, (person) => person.pair.before),
    values("use in the window before that", false, (person) => person.placebo?.before ?? null),
  ];
  if (withEquity) {
    // The register's values become covariate names: made printable and short, and no more than
    // MAX_CATEGORIES of them, so a report stays bounded whatever the lookup returns.
    const categories = (field: "ageBand" | "sex") =>
      [...new Set([...treated, ...pool].map((person) => person.equity?.[field]).filter((value) => value !== undefined))]
        .sort()
        .slice(0, MAX_CATEGORIES);
    const label = (value: string) => printable(value.slice(0, 40));
    for (const band of categories("ageBand"))
      rows.push(
        values(`age band ${label(band)}`, true, (person) =>
          person.equity?.ageBand === undefined ? null : person.equity.ageBand === band ? 1 : 0,
        ),
      );
    for (const sex of categories("sex"))
      rows.push(
        values(`sex ${label(sex)}`, true, (person) => (person.equity?.sex === undefined ? null : person.equity.sex === sex ? 1 : 0)),
      );
    rows.push(values("deprivation decile", false, (person) => person.equity?.deprivationDecile ?? null));
  }
  return rows.map(balanceRow);
}
