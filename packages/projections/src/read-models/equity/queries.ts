import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { fieldInvalid, type DomainError, type EventOf } from "@linkwork/core";
import type { BeforeAfter } from "../../statistics/before-after.js";
import type { BootstrapOptions } from "../../statistics/bootstrap.js";
import { summariseChange } from "../../statistics/change-summary.js";
import { differenceInDifferences } from "../../statistics/difference-in-differences.js";
import { participants } from "../demand-reduction/participants.js";
import { pairsOf, place, type Placed } from "../demand-reduction/placement.js";
import { DemandReductionSettings } from "../demand-reduction/settings.js";
import { noDecisions, tallyDecision, type Decisions } from "../shared/decline-rate.js";
import { happenedBy, reportPeriod, withinPeriod, type ReportPeriod } from "../shared/report-period.js";
import { asOfRetained } from "../shared/retention.js";
import type { EquityLookup } from "./equity-lookup.js";
import { equityFields, groupOf, groupsOf, isUnrecorded, listCount, type EquityField } from "./groups.js";
import { scaled, wilsonInterval, type EstimateInterval } from "./proportion-interval.js";
import type { EquityGroupRow, EquityReport, GroupDemandChange } from "./reports.js";
import { EquityReportOptions } from "./settings.js";
import type { EquityCase, EquityState } from "./state.js";

type Composition = EventOf<"PracticeListCompositionRecorded">["data"];

/** What the report counts of one group. */
interface GroupTally extends Decisions {
  referrals: number;
  engaged: number;
  completed: number;
  readonly outcomePairs: BeforeAfter[];
  readonly people: Set<string>;
}

const emptyTally = (): GroupTally => ({ ...noDecisions(), referrals: 0, engaged: 0, completed: 0, outcomePairs: [], people: new Set() });

/** Each practice's composition in force at asOf, of the PCN asked for (all when none). */
function compositionsAt(state: EquityState, asOf: number, pcnId: string | undefined): Map<string, Composition> {
  const inForce = new Map<string, Composition>();
  for (const [practiceId, practice] of [...state.practices].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (pcnId !== undefined && practice.pcnId !== pcnId) continue;
    let current: Composition | undefined;
    for (const change of practice.changes) if (change.at <= asOf) current = change.composition;
    if (current !== undefined) inForce.set(practiceId, current);
  }
  return inForce;
}

/** The latest value of the followed score assessed by asOf, paired with the baseline. */
function outcomePair(held: EquityCase, asOf: number): BeforeAfter | null {
  if (held.baseline === null || held.milestones.referredAt > asOf) return null;
  let latest: number | null = null;
  for (const [at, value] of held.later) if (at <= asOf) latest = value;
  return latest === null ? null : { before: held.baseline, after: latest };
}

function tallyCase(tally: GroupTally, held: EquityCase, asOf: number): void {
  const { milestones } = held;
  tally.referrals += 1;
  tally.people.add(milestones.personId);
  tallyDecision(tally, milestones, asOf);
  const engaged = happenedBy(milestones.firstConversationAt, asOf);
  if (engaged) tally.engaged += 1;
  if (engaged && held.completed && happenedBy(milestones.closedAt, asOf)) tally.completed += 1;
  const pair = outcomePair(held, asOf);
  if (pair !== null) tally.outcomePairs.push(pair);
}

function outcomeChange(pairs: readonly BeforeAfter[], options: BootstrapOptions): EstimateInterval | null {
  const summary = summariseChange(pairs, options);
  return summary.kind === "estimate"
    ? { estimate: summary.meanChange.estimate, lower: summary.meanChange.lower, upper: summary.meanChange.upper }
    : null;
}

/** The group's change in GP use: DiD against the whole comparison cohort when one is enrolled, else before/after. */
function demandChange(group: readonly Placed[], comparison: readonly Placed[], options: BootstrapOptions): GroupDemandChange {
  const treated = pairsOf(group, false);
  if (comparison.length > 0) {
    const did = differenceInDifferences(treated, pairsOf(comparison, false), options);
    return did.kind === "estimate"
      ? {
          kind: "difference-in-differences",
          people: treated.length,
          change: { estimate: did.estimate, lower: did.bootstrap.lower, upper: did.bootstrap.upper },
        }
      : { kind: "insufficient-data", people: treated.length, detail: did.detail };
  }
  const summary = summariseChange(treated, options);
  return summary.kind === "estimate"
    ? {
        kind: "before-after",
        people: treated.length,
        change: { estimate: summary.meanChange.estimate, lower: summary.meanChange.lower, upper: summary.meanChange.upper },
      }
    : { kind: "insufficient-data", people: treated.length, detail: summary.detail };
}

function report(state: EquityState, lookup: EquityLookup, options: ValidOptions, period: ReportPeriod): EquityReport {
  const { asOf } = period;
  const bootstrap: BootstrapOptions = { seed: options.seed, resamples: options.resamples, confidence: options.confidence };
  const compositions = compositionsAt(state, asOf, options.pcnId);
  const tallies = new Map<EquityField, Map<string, GroupTally>>(
    equityFields.map((field) => [field, new Map(groupsOf(field).map((group) => [group, emptyTally()]))]),
  );
  const inScope = new Map<string, Map<EquityField, string>>();
  let referrals = 0;
  let referralsWithoutComposition = 0;
  for (const held of state.cases.values()) {
    const { milestones } = held;
    if (!withinPeriod(milestones.referredAt, period) || (options.pcnId !== undefined && milestones.pcnId !== options.pcnId)) continue;
    if (!compositions.has(held.practiceId)) {
      referralsWithoutComposition += 1;
      continue;
    }
    referrals += 1;
    const equity = lookup.get(milestones.personId);
    const groups = inScope.get(milestones.personId) ?? new Map(equityFields.map((field) => [field, groupOf(field, equity)]));
    inScope.set(milestones.personId, groups);
    for (const field of equityFields) tallyCase(tallies.get(field)!.get(groups.get(field)!)!, held, asOf);
  }
  const listPatients = [...compositions.values()].reduce((sum, composition) => sum + composition.registeredPatients, 0);
  const overall = scaled(wilsonInterval(referrals, listPatients, options.confidence), 1000);

  // Demand reduction: the referred people in scope, placed once, then grouped.
  const demandSettings = DemandReductionSettings.parse({ windowsMonths: [options.windowMonths], ...bootstrap });
  const everyone = participants(state.demand, demandSettings, asOf);
  const placedOf = (people: readonly (typeof everyone.referred)[number][]): Placed[] =>
    people.map((participant) => ({ participant, placement: place(participant, options.windowMonths, asOf) }));
  const referredPlaced = placedOf(everyone.referred.filter((person) => inScope.has(person.personId)));
  const comparisonPlaced = placedOf(everyone.comparison);

  const rows: EquityGroupRow[] = [];
  for (const field of equityFields) {
    for (const [group, tally] of tallies.get(field)!) {
      const groupList = [...compositions.values()].reduce((sum, composition) => sum + listCount(field, composition, group), 0);
      const per1000 = scaled(wilsonInterval(tally.referrals, groupList, options.confidence), 1000);
      const listShare = listPatients === 0 ? null : groupList / listPatients;
      const referralShare = referrals === 0 ? null : tally.referrals / referrals;
      const unrecorded = isUnrecorded(field, group);
      rows.push({
        field,
        group,
        unrecorded,
        listPatients: groupList,
        listShare,
        referrals: tally.referrals,
        referralShare,
        referralsPer1000: per1000,
        reachRatio: listShare === null || listShare === 0 || referralShare === null ? null : referralShare / listShare,
        underReached: !unrecorded && per1000 !== null && overall !== null && per1000.upper < overall.estimate,
        declined: tally.declined,
        decided: tally.decided,
        declineRate: wilsonInterval(tally.declined, tally.decided, options.confidence),
        engaged: tally.engaged,
        engagementRate: wilsonInterval(tally.engaged, tally.referrals, options.confidence),
        completed: tally.completed,
        completionRate: wilsonInterval(tally.completed, tally.engaged, options.confidence),
        outcomePairs: tally.outcomePairs.length,
        outcomeChange: outcomeChange(tally.outcomePairs, bootstrap),
        demandChange: demandChange(
          referredPlaced.filter(({ participant }) => inScope.get(participant.personId)?.get(field) === group),
          comparisonPlaced,
          bootstrap,
        ),
      });
    }
  }
  return {
    asOf: new Date(asOf).toISOString(),
    from: period.from === null ? null : new Date(period.from).toISOString(),
    pcnId: options.pcnId ?? null,
    confidence: options.confidence,
    outcome: state.settings.outcome,
    windowMonths: options.windowMonths,
    practices: compositions.size,
    listPatients,
    referrals,
    referralsPer1000: overall,
    referralsWithoutComposition,
    peopleLookedUp: [...inScope.keys()].filter((personId) => lookup.get(personId) !== undefined).length,
    peopleReferred: inScope.size,
    rows,
  };
}

type ValidOptions = ReturnType<typeof EquityReportOptions.parse>;

/**
 * Who is reached, as of asOf: for each equity field and group, the group's share of the registered
 * lists (practice compositions) against its share of the period's referrals, referrals per 1,000
 * with an interval, what became of them (declines, engagement, completion), the change in the
 * followed wellbeing score and in GP use. The groups come from `lookup` (the person register), joined
 * by pseudonym here and nowhere else. Bad options are VALIDATION_FAILED naming the field; an asOf
 * before the demand-reduction part's retention horizon is refused, as a window longer than it keeps.
 */
export function equityReport(
  state: EquityState,
  lookup: EquityLookup,
  options: EquityReportOptions = {},
): E.Either<DomainError, EquityReport> {
  return pipe(
    reportPeriod(EquityReportOptions, options, state.latestOccurredAt),
    E.flatMap(({ options: valid, period }) =>
      pipe(
        asOfRetained(state.demand.retention, period),
        E.flatMap(() =>
          valid.windowMonths > state.demand.settings.maxWindowMonths
            ? E.left(
                fieldInvalid(
                  "report options",
                  "windowMonths",
                  `is longer than the read model keeps usage for (demandReduction.maxWindowMonths ${String(state.demand.settings.maxWindowMonths)})`,
                ),
              )
            : E.right(undefined),
        ),
        E.map(() => report(state, lookup, valid, period)),
      ),
    ),
  );
}
