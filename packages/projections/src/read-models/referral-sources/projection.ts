import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { validationFailed, type DomainError } from "@linkwork/core";
import type { Projection } from "../../projection.js";
import { CaseMilestonesJson, endedAt, type CaseMilestones } from "../shared/case-milestones.js";
import { internedIds } from "../shared/interned-ids.js";
import { monthlyTallies } from "../shared/monthly-tallies.js";
import { applyRetaining, createRetention, restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { applyEvent, fold, foldedCounters } from "./apply.js";
import { type ReferralSourceSettingsInput, ReferralSourceSettings } from "./settings.js";
import { FoldedCellJson, foldedCells, restoredFolded } from "./snapshot.js";
import type { ReferralSourceState } from "./state.js";

/**
 * The referral sources read model: the mix of referral routes, acceptance and decline rates per
 * route, the SNOMED-coded counts and the medical route's share.
 */
export function referralSourcesProjection(
  settings: ReferralSourceSettingsInput = {},
): E.Either<DomainError, Projection<ReferralSourceState>> {
  const parsed = ReferralSourceSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("referral source settings", parsed.error));
  const resolved = parsed.data;
  // A snapshot taken under another retention holds other cases in detail: refuse it, readably.
  const ReferralSourceJson = z.object({
    retentionDays: z.literal(resolved.retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([z.string(), CaseMilestonesJson])),
    folded: z.array(FoldedCellJson),
    latestOccurredAt: z.number().int().nullable(),
  });
  type ReferralSourceJson = z.infer<typeof ReferralSourceJson>;
  return E.right({
    name: "referral-sources",
    version: 2,
    initialState: () => ({
      settings: resolved,
      cases: new Map(),
      retention: createRetention(resolved.retentionDays),
      folded: { pcns: internedIds(), tallies: monthlyTallies(foldedCounters.length) },
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, fold),
    codec: snapshotCodec(
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
    ),
  });
}
