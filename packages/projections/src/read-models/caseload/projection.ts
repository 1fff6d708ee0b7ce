import { validationFailed, type DomainError } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import type { Projection } from "../../projection.js";
import { applyRetaining } from "../shared/retention.js";
import { applyEvent, forgetCase } from "./apply.js";
import { CaseloadSettings, type CaseloadSettingsInput } from "./settings.js";
import { caseloadCodec } from "./snapshot.js";
import { initialState, type CaseloadState } from "./state.js";

/**
 * The caseload read model: open cases per link worker and per PCN as of any instant from the
 * retention horizon on, by stage, with first-contact waits, contacts used against the policy's
 * maximum, follow-ups due and overdue, and cases open beyond the episode length. Bad settings are a
 * VALIDATION_FAILED error.
 */
export function caseloadProjection(settings: CaseloadSettingsInput = {}): E.Either<DomainError, Projection<CaseloadState>> {
  const parsed = CaseloadSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("caseload settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "caseload",
    version: 2,
    initialState: () => initialState(resolved),
    apply: applyRetaining(applyEvent, forgetCase),
    codec: caseloadCodec(resolved),
  });
}
