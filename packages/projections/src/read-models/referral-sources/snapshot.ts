import { CaseId, PcnCode } from "@linkwork/core/store-kit";
import { ReferralSource } from "@linkwork/core/vocabulary";
import { z } from "zod";
import type { StateCodec } from "../../projection.js";
import { CaseMilestonesJson, endedAt, type CaseMilestones } from "../shared/case-milestones.js";
import { intern, internedIdList, internedIds } from "../shared/interned-ids.js";
import { addToMonthlyTally, monthlyTallies } from "../shared/monthly-tallies.js";
import { restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { foldedCounters, sourceNumbers, sources } from "./apply.js";
import type { ReferralSourceSettings } from "./settings.js";
import type { FoldedReferrals, ReferralSourceState } from "./state.js";

const MonthJson = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month is written YYYY-MM");
const Count = z.number().int().min(0);

/** One folded cell in a snapshot: a month, PCN and source with its counters (cells never folded into are left out). */
export const FoldedCellJson = z.object({
  month: MonthJson,
  pcnId: PcnCode,
  source: ReferralSource,
  referrals: Count,
  accepted: Count,
  declined: Count,
  rejected: Count,
  decided: Count,
});
export type FoldedCellJson = z.infer<typeof FoldedCellJson>;

export function foldedCells(folded: FoldedReferrals): FoldedCellJson[] {
  const cells: FoldedCellJson[] = [];
  const pcnIds = internedIdList(folded.pcns);
  const { counters, months } = folded.tallies;
  for (const [month, grid] of months) {
    for (let cell = 0; cell * counters < grid.length; cell += 1) {
      const pcnId = pcnIds[Math.floor(cell / sources.length)];
      const source = sources[cell % sources.length];
      const at = (index: number) => grid[cell * counters + index] ?? 0;
      // Every folded case adds a referral, so a cell without one was never folded into.
      if (pcnId === undefined || source === undefined || at(0) === 0) continue;
      cells.push({ month, pcnId, source, referrals: at(0), accepted: at(1), declined: at(2), rejected: at(3), decided: at(4) });
    }
  }
  return cells;
}

export function restoredFolded(cells: readonly FoldedCellJson[]): FoldedReferrals {
  const folded: FoldedReferrals = { pcns: internedIds(), tallies: monthlyTallies(foldedCounters.length) };
  for (const cell of cells) {
    const number = intern(folded.pcns, cell.pcnId) * sources.length + (sourceNumbers.get(cell.source) ?? 0);
    addToMonthlyTally(
      folded.tallies,
      cell.month,
      number,
      foldedCounters.map((counter) => cell[counter]),
    );
  }
  return folded;
}

/** The snapshot codec of a referral-sources state built with these settings. */
export function referralSourcesCodec(resolved: ReferralSourceSettings): StateCodec<ReferralSourceState> {
  // A snapshot taken under another retention holds other cases in detail: refuse it, readably.
  const ReferralSourceJson = z.object({
    retentionDays: z.literal(resolved.retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([CaseId, CaseMilestonesJson])),
    folded: z.array(FoldedCellJson),
    latestOccurredAt: z.number().int().nullable(),
  });
  type ReferralSourceJson = z.infer<typeof ReferralSourceJson>;
  return snapshotCodec(
    ReferralSourceJson,
    (state): ReferralSourceJson => ({
      retentionDays: resolved.retentionDays,
      horizon: state.retention.horizon,
      cases: [...state.cases],
      folded: foldedCells(state.folded),
      latestOccurredAt: state.latestOccurredAt,
    }),
    (json) => {
      const cases = new Map<string, CaseMilestones>(json.cases);
      const ended = [...cases].flatMap(([caseId, milestones]): [string, number][] => {
        const end = endedAt(milestones);
        return end === null ? [] : [[caseId, end]];
      });
      return {
        settings: resolved,
        cases,
        retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
        folded: restoredFolded(json.folded),
        latestOccurredAt: json.latestOccurredAt,
      };
    },
  );
}
