import { validationFailed, type DomainError } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import type { Projection } from "../../projection.js";
import { internedIds } from "../shared/interned-ids.js";
import { monthlyTallies } from "../shared/monthly-tallies.js";
import { applyRetaining, createRetention } from "../shared/retention.js";
import { applyEvent, fold, foldedCounters } from "./apply.js";
import { ReferralSourceSettings, type ReferralSourceSettingsInput } from "./settings.js";
import { referralSourcesCodec } from "./snapshot.js";
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
    codec: referralSourcesCodec(resolved),
  });
}
