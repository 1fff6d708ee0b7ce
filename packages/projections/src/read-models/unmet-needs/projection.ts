import { validationFailed, type DomainError } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import type { Projection } from "../../projection.js";
import { applyRetaining } from "../shared/retention.js";
import { applyEvent, fold } from "./apply.js";
import { UnmetNeedSettings, type UnmetNeedSettingsInput } from "./settings.js";
import { checkRestoredUnmetNeeds } from "./restored-check.js";
import { unmetNeedsCodec } from "./snapshot.js";
import { initialState, type UnmetNeedState } from "./state.js";

/**
 * The unmet needs read model: needs that no local service met (UnmetNeedRecorded), by month, PCN,
 * need and reason, and the map of gaps with the needs closed cases left without a connection.
 * Bad settings are a VALIDATION_FAILED error.
 */
export function unmetNeedsProjection(settings: UnmetNeedSettingsInput = {}): E.Either<DomainError, Projection<UnmetNeedState>> {
  const parsed = UnmetNeedSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("unmet need settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "unmet-needs",
    // 5: erased unmet needs are counted apart (`erased`, `foldedErased`).
    version: 5,
    initialState: () => initialState(resolved),
    // A case that ended before the horizon is whole in every report still answered: it is folded.
    apply: applyRetaining(applyEvent, fold),
    codec: unmetNeedsCodec(resolved),
    checkRestored: checkRestoredUnmetNeeds,
  });
}
