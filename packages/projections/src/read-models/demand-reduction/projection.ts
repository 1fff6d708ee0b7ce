import * as E from "fp-ts/lib/Either.js";
import { validationFailed, type DomainError } from "@linkwork/core";

import type { Projection } from "../../projection.js";
import { applyDemandReduction } from "./apply.js";
import {
  type DemandReductionProjectionSettingsInput,
  DemandReductionProjectionSettings,
  DEMAND_REDUCTION_PROJECTION,
  DEMAND_REDUCTION_VERSION,
} from "./settings.js";
import { checkRestoredDemandReduction } from "./restored-check.js";
import { demandReductionCodec } from "./snapshot.js";
import { type DemandReductionState, initialDemandReductionState } from "./state.js";

/**
 * Demand reduction: healthcare use (GP appointments by default) in windows before and after each
 * person's index date, for referred people and for a comparison cohort. The projection keeps the
 * cases still open or ended within the retention (when they passed the steps that can serve as an
 * index date), per person the index-case facts of their cases folded at the horizon, and the usage
 * periods recorded (with when, so a report as of T sees only what was known at T) that some window
 * may still count. The report computes the statistics at query time, so the index date, setting and
 * windows are report settings and changing them needs no rebuild. See docs/projections.md, "Demand reduction".
 */

/**
 * The demand-reduction read model. Bad settings are a VALIDATION_FAILED error naming the field.
 * Unlike most read models' settings, both shape the state (what is folded, which usage is kept),
 * so a snapshot records them and is refused by a projection with other settings.
 */
export function demandReductionProjection(
  settings: DemandReductionProjectionSettingsInput = {},
): E.Either<DomainError, Projection<DemandReductionState>> {
  const parsed = DemandReductionProjectionSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("demand reduction settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: DEMAND_REDUCTION_PROJECTION,
    version: DEMAND_REDUCTION_VERSION,
    initialState: () => initialDemandReductionState(resolved),
    apply: applyDemandReduction,
    codec: demandReductionCodec(resolved),
    checkRestored: checkRestoredDemandReduction,
  });
}
