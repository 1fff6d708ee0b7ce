import { validationFailed, type DomainError } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import type { Projection } from "../../projection.js";
import { applyRetaining, createRetention } from "../shared/retention.js";
import { applyEvent, fold } from "./apply.js";
import { FundingSettings, type FundingSettingsInput } from "./settings.js";
import { checkRestoredFunding } from "./restored-check.js";
import { fundingCodec } from "./snapshot.js";
import type { FundingState } from "./state.js";

/**
 * The funding read model: the VCSE directory's grants and commissions against the demand each
 * provider absorbed (connections made, attended and declined) and activity-budget spend.
 */
export function fundingProjection(settings: FundingSettingsInput = {}): E.Either<DomainError, Projection<FundingState>> {
  const parsed = FundingSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("funding settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "funding",
    version: 1,
    initialState: () => ({
      providers: new Map(),
      cases: new Map(),
      retention: createRetention(resolved.retentionDays),
      folded: new Map(),
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, fold),
    codec: fundingCodec(resolved),
    checkRestored: checkRestoredFunding,
  });
}
