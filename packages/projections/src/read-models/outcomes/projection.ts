import * as E from "fp-ts/lib/Either.js";
import { validationFailed, type DomainError } from "@linkwork/core";

import type { Projection } from "../../projection.js";
import { applyOutcomes } from "./apply.js";
import { type OutcomesProjectionSettingsInput, OutcomesProjectionSettings, OUTCOMES_PROJECTION, OUTCOMES_VERSION } from "./settings.js";
import { checkRestoredOutcomes } from "./restored-check.js";
import { outcomesCodec } from "./snapshot.js";
import { type OutcomesState, initialOutcomesState } from "./state.js";

/**
 * The outcomes read model. `retentionDays` (default 92) bounds how long an ended case keeps its
 * detail; bad settings are a VALIDATION_FAILED error naming the field.
 */
export function outcomesProjection(settings: OutcomesProjectionSettingsInput = {}): E.Either<DomainError, Projection<OutcomesState>> {
  const parsed = OutcomesProjectionSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("outcomes settings", parsed.error));
  const { retentionDays } = parsed.data;
  return E.right({
    name: OUTCOMES_PROJECTION,
    version: OUTCOMES_VERSION,
    initialState: () => initialOutcomesState(retentionDays),
    apply: applyOutcomes,
    codec: outcomesCodec(retentionDays),
    checkRestored: checkRestoredOutcomes,
  });
}

// ---------------------------------------------------------------------------------------------
// The report
