import { validationFailed, type DomainError } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import type { Projection } from "../../projection.js";
import { internedIds } from "../shared/interned-ids.js";
import { applyRetaining, createRetention } from "../shared/retention.js";
import { applyEvent, fold } from "./apply.js";
import { foldedConnections } from "./folded-connections.js";
import { CommunityDemandSettings, type CommunityDemandSettingsInput } from "./settings.js";
import { checkRestoredCommunityDemand } from "./restored-check.js";
import { communityDemandCodec } from "./snapshot.js";
import type { CommunityDemandState } from "./state.js";

/**
 * The community organisation demand read model: how many connections, and people, each provider
 * absorbed, by support mode (signposted, referred, accompanied), outcome and activity, per month.
 */
export function communityDemandProjection(
  settings: CommunityDemandSettingsInput = {},
): E.Either<DomainError, Projection<CommunityDemandState>> {
  const parsed = CommunityDemandSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("community demand settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "community-demand",
    // 4: erased connections are counted (`erased`, `foldedErased`). 5: and erased people (`foldedErased` by person).
    version: 5,
    initialState: () => ({
      people: internedIds(),
      cases: new Map(),
      retention: createRetention(resolved.retentionDays),
      folded: foldedConnections(),
      foldedErased: new Map(),
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, fold),
    codec: communityDemandCodec(resolved),
    checkRestored: checkRestoredCommunityDemand,
  });
}
