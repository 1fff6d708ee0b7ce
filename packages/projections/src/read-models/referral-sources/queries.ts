import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { snomed, type DomainError } from "@linkwork/core";
import { monthStart } from "../shared/calendar-month.js";
import { declineRate } from "../shared/decline-rate.js";
import { reportPeriod, withinPeriod } from "../shared/report-period.js";
import { periodRetained } from "../shared/retention.js";
import { type Tally, emptyTally, foldedCounters, sourceNumbers, sources, tallyCase } from "./apply.js";
import { type ReferralFigures, ReferralSourceOptions, type ReferralSourceReport, type ReferralSourceRow } from "./reports.js";
import type { FoldedReferrals, ReferralSourceState } from "./state.js";

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function figures(tally: Tally): ReferralFigures {
  return {
    referrals: tally.referrals,
    accepted: tally.accepted,
    declined: tally.declined,
    rejected: tally.rejected,
    awaitingDecision: tally.referrals - tally.decided - tally.rejected,
    acceptanceRate: ratio(tally.accepted, tally.referrals),
    declineRate: declineRate(tally),
  };
}

/** Adds the folded referrals of the months starting at or after `from` (all when null), of one PCN when given. */
function addFolded(bySource: readonly Tally[], folded: FoldedReferrals, from: number | null, pcnId: string | undefined): void {
  const pcn = pcnId === undefined ? undefined : folded.pcns.get(pcnId);
  if (pcnId !== undefined && pcn === undefined) return;
  const { counters, months } = folded.tallies;
  for (const [month, grid] of months) {
    if (from !== null && monthStart(month) < from) continue;
    const first = pcn === undefined ? 0 : pcn * sources.length;
    const last = pcn === undefined ? grid.length / counters : first + sources.length;
    for (let cell = first; cell < last; cell += 1) {
      const tally = bySource[cell % sources.length];
      if (tally === undefined) continue;
      foldedCounters.forEach((counter, index) => {
        tally[counter] += grid[cell * counters + index] ?? 0;
      });
    }
  }
}

/** Where referrals received in the period came from, and what became of them by asOf. */
export function referralSourceMix(
  state: ReferralSourceState,
  options: ReferralSourceOptions = {},
): E.Either<DomainError, ReferralSourceReport> {
  return pipe(
    reportPeriod(ReferralSourceOptions, options, state.latestOccurredAt),
    E.tap(({ period }) => periodRetained(state.retention, period)),
    E.map(({ options: { pcnId }, period }) => {
      const bySource = sources.map(emptyTally);
      for (const milestones of state.cases.values()) {
        if (!withinPeriod(milestones.referredAt, period) || (pcnId !== undefined && milestones.pcnId !== pcnId)) continue;
        const tally = bySource[sourceNumbers.get(milestones.source) ?? 0];
        if (tally !== undefined) tallyCase(tally, milestones, period.asOf);
      }
      addFolded(bySource, state.folded, period.from, pcnId);
      const total = emptyTally();
      for (const tally of bySource) for (const counter of foldedCounters) total[counter] += tally[counter];
      const { medicalSources } = state.settings;
      const rows = sources.map((source, index): ReferralSourceRow => {
        const fromSource = figures(bySource[index] ?? emptyTally());
        return {
          source,
          medicalRoute: medicalSources.includes(source),
          share: ratio(fromSource.referrals, total.referrals),
          ...fromSource,
        };
      });
      const medical = rows.reduce((sum, row) => (row.medicalRoute ? sum + row.referrals : sum), 0);
      const all = figures(total);
      return {
        asOf: new Date(period.asOf).toISOString(),
        from: period.from === null ? null : new Date(period.from).toISOString(),
        pcnId: pcnId ?? null,
        all,
        rows,
        medicalRoute: { sources: medicalSources, referrals: medical, share: ratio(medical, total.referrals) },
        snomed: [
          { code: snomed.referralToSocialPrescribingService, concept: "Referral to social prescribing service", count: all.accepted },
          { code: snomed.socialPrescribingDeclined, concept: "Social prescribing declined", count: all.declined },
        ],
      };
    }),
  );
}
