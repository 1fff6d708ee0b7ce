import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { DomainError } from "@linkwork/core";
import type { FundingKind } from "@linkwork/core/vocabulary";
import { monthEnd, monthOf, monthStart, monthsThrough, type CalendarMonth } from "../shared/calendar-month.js";
import { compareText } from "../shared/partition-merge.js";
import { reportPeriod, withinPeriod, type ReportPeriod } from "../shared/report-period.js";
import { periodRetained } from "../shared/retention.js";
import { awardPenceWithin, dayOf } from "./funding-spread.js";
import { FundingOptions, type FundingFigures, type FundingReport, type ProviderFundingRow } from "./reports.js";
import { ATTENDED, DECLINED, REFERRALS, SPEND_PENCE, type Award, type FundingState } from "./state.js";

/** Counts of one group of facts, and the exact (unrounded) funding set beside them. */
interface Tally {
  referrals: number;
  attended: number;
  declined: number;
  spend: number;
  funding: number;
}

const tally = (): Tally => ({ referrals: 0, attended: 0, declined: 0, spend: 0, funding: 0 });

/** Tallies by key, made when first asked for. */
class Tallies {
  readonly #tallies = new Map<string, Tally>();
  of(key: string): Tally {
    let found = this.#tallies.get(key);
    if (found === undefined) {
      found = tally();
      this.#tallies.set(key, found);
    }
    return found;
  }
  entries(): [string, Tally][] {
    return [...this.#tallies].sort(([a], [b]) => compareText(a, b));
  }
}

/** A fact of the period: its kind's counter, when, the provider and need it counts under, and how much. */
type Fact = readonly [counter: number, at: number, providerId: string | null, need: string | null, amount: number];

/** Every connection and spend fact of the period, from retained cases and folded months alike. */
function* facts(state: FundingState, period: ReportPeriod): Generator<Fact> {
  for (const known of state.cases.values()) {
    for (const connection of known.connections ?? []) {
      const { providerId, need } = connection;
      yield [REFERRALS, connection.madeAt, providerId, need, 1];
      if (connection.attendedAt !== null) yield [ATTENDED, connection.attendedAt, providerId, need, 1];
      if (connection.declinedAt !== null) yield [DECLINED, connection.declinedAt, providerId, need, 1];
    }
    for (const spend of known.spends ?? []) yield [SPEND_PENCE, spend.at, spend.providerId, spend.need, spend.amountPence];
  }
  // Folded facts are all before the horizon, hence by asOf; periodRetained has made "the month
  // starts at or after from" the same as "happened at or after from". A folded month stands at its start.
  for (const [key, counters] of state.folded) {
    const [month, providerId, need] = JSON.parse(key) as [CalendarMonth, string | null, string | null];
    const at = monthStart(month);
    if (period.from !== null && at < period.from) continue;
    for (const counter of [REFERRALS, ATTENDED, DECLINED, SPEND_PENCE]) {
      const amount = counters[counter] ?? 0;
      if (amount !== 0) yield [counter, Math.max(at, period.from ?? at), providerId, need, amount];
    }
  }
}

function count(into: Tally, counter: number, amount: number): void {
  if (counter === REFERRALS) into.referrals += amount;
  else if (counter === ATTENDED) into.attended += amount;
  else if (counter === DECLINED) into.declined += amount;
  else into.spend += amount;
}

function figures(counted: Tally): FundingFigures {
  const fundingPence = Math.round(counted.funding);
  return {
    referrals: counted.referrals,
    attended: counted.attended,
    declined: counted.declined,
    fundingPence,
    costPerAttendedPence: counted.attended === 0 ? null : Math.round(counted.funding / counted.attended),
    activitySpendPence: counted.spend,
  };
}

/** The latest of a provider's declarations at or before asOf. */
function declaredBy<T extends { readonly at: number }>(declarations: readonly T[], asOf: number): T | undefined {
  let latest: T | undefined;
  for (const declaration of declarations)
    if (declaration.at <= asOf && (latest === undefined || declaration.at >= latest.at)) latest = declaration;
  return latest;
}

/** A key of two parts: ids, months and need codes hold no space. */
const pair = (a: string, b: string): string => `${a} ${b}`;
const NO_NEED = "not_known";

/**
 * The funding ledger against the demand providers absorbed, for a period: per provider, per provider
 * and month, and per provider and need, referrals (connections made), connections first attended and
 * declined, funding received (grants and commissions spread evenly over their days, for the days of
 * the period: from `from`'s UTC day to `asOf`'s, both included, and only awards recorded by asOf),
 * cost per attended connection and activity-budget spend; and the providers carrying demand with no
 * funding in the period. As of the retention horizon or later; a `from` before the horizon must
 * start a month.
 */
export function fundingReport(state: FundingState, options: FundingOptions = {}): E.Either<DomainError, FundingReport> {
  return pipe(
    reportPeriod(FundingOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => periodRetained(state.retention, period)),
    E.map((period) => {
      const byProvider = new Tallies();
      const byMonth = new Tallies();
      const byNeed = new Tallies();
      const totals = tally();
      let spendWithoutProvider = 0;
      for (const [counter, at, providerId, need, amount] of facts(state, period)) {
        if (!withinPeriod(at, period)) continue;
        count(totals, counter, amount);
        if (providerId === null) {
          spendWithoutProvider += counter === SPEND_PENCE ? amount : 0;
          continue;
        }
        count(byProvider.of(providerId), counter, amount);
        count(byMonth.of(pair(providerId, monthOf(at))), counter, amount);
        count(byNeed.of(pair(providerId, need ?? NO_NEED)), counter, amount);
      }

      const firstDay = period.from === null ? null : dayOf(period.from);
      const lastDay = dayOf(period.asOf);
      const kinds = new Map<string, Set<FundingKind>>();
      for (const [providerId, provider] of state.providers) {
        for (const award of provider.awards) {
          if (award.recordedAt > period.asOf) continue;
          const pence = awardPenceWithin(award, firstDay, lastDay);
          if (pence === 0) continue;
          byProvider.of(providerId).funding += pence;
          totals.funding += pence;
          (kinds.get(providerId) ?? kinds.set(providerId, new Set()).get(providerId))?.add(award.kind);
          for (const need of award.needs) byNeed.of(pair(providerId, need)).funding += pence / award.needs.length;
          for (const month of awardMonths(award, firstDay, lastDay)) {
            const inMonth = awardPenceWithin(
              award,
              Math.max(firstDay ?? -Infinity, monthStart(month)),
              Math.min(lastDay, dayOf(monthEnd(month))),
            );
            if (inMonth > 0) byMonth.of(pair(providerId, month)).funding += inMonth;
          }
        }
      }

      const providers: ProviderFundingRow[] = byProvider.entries().map(([providerId, counted]) => {
        const listed = state.providers.get(providerId);
        const declared = listed === undefined ? undefined : declaredBy(listed.capacity, period.asOf);
        return {
          providerId,
          name: listed?.name ?? null,
          route: listed?.route ?? null,
          monthlyPlaces: declared?.monthlyPlaces ?? null,
          waitingList: declared?.waitingList ?? null,
          fundingKinds: [...(kinds.get(providerId) ?? [])].sort(compareText),
          ...figures(counted),
        };
      });
      const unfundedWithDemand = providers
        .filter((row) => row.referrals > 0 && row.fundingPence === 0)
        .sort((a, b) => b.referrals - a.referrals || compareText(a.providerId, b.providerId))
        .map((row) => row.providerId);
      return {
        asOf: new Date(period.asOf).toISOString(),
        from: period.from === null ? null : new Date(period.from).toISOString(),
        providers,
        byMonth: byMonth.entries().map(([key, counted]) => {
          const [providerId = "", month = ""] = key.split(" ");
          return { providerId, month, ...figures(counted) };
        }),
        byNeed: byNeed.entries().map(([key, counted]) => {
          const [providerId = "", need = ""] = key.split(" ");
          return { providerId, need, ...figures(counted) };
        }),
        unfundedWithDemand,
        totals: { ...figures(totals), activitySpendWithoutProviderPence: spendWithoutProvider },
      };
    }),
  );
}

/** The months an award pays for within the days of the period. */
function awardMonths(award: Award, firstDay: number | null, lastDay: number): CalendarMonth[] {
  const from = Math.max(award.firstDay, firstDay ?? -Infinity);
  const to = Math.min(award.lastDay, lastDay);
  return to < from ? [] : monthsThrough(monthOf(from), monthOf(to));
}
