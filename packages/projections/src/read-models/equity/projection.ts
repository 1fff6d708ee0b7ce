import * as E from "fp-ts/lib/Either.js";
import { validationFailed, type DomainError } from "@linkwork/core";
import type { Projection } from "../../projection.js";
import { initialDemandReductionState } from "../demand-reduction/state.js";
import { applyEquity } from "./apply.js";
import { EquitySettings, type EquitySettingsInput } from "./settings.js";
import { checkRestoredEquity } from "./restored-check.js";
import { equityCodec } from "./snapshot.js";
import type { EquityState } from "./state.js";

/**
 * The equity read model: every referral with its practice, steps and followed wellbeing score,
 * practices' list compositions, and a demand-reduction state; `equityReport` joins the people's
 * equity fields from the register at report time. Bad settings are VALIDATION_FAILED naming the field.
 */
export function equityProjection(settings: EquitySettingsInput = {}): E.Either<DomainError, Projection<EquityState>> {
  const parsed = EquitySettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("equity settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "equity",
    version: 1,
    initialState: () => ({
      settings: resolved,
      cases: new Map(),
      practices: new Map(),
      demand: initialDemandReductionState(resolved.demandReduction),
      latestOccurredAt: null,
    }),
    apply: applyEquity,
    codec: equityCodec(resolved),
    checkRestored: checkRestoredEquity,
  });
}
