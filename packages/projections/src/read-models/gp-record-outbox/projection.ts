import { validationFailed, type DomainError } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import type { Projection } from "../../projection.js";
import { applyEvent } from "./apply.js";
import { GpRecordOutboxSettings, type GpRecordOutboxSettingsInput } from "./settings.js";
import { checkRestoredGpRecordOutbox } from "./restored-check.js";
import { gpRecordOutboxCodec } from "./snapshot.js";
import type { GpRecordOutboxState } from "./state.js";

/**
 * The gp-record-outbox read model: per case, the coded entries a GP system should hold (the PRSB
 * message back to the GP) and has not acknowledged, each with the consent that allows it.
 */
export function gpRecordOutboxProjection(
  settings: GpRecordOutboxSettingsInput = {},
): E.Either<DomainError, Projection<GpRecordOutboxState>> {
  const parsed = GpRecordOutboxSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("GP record outbox settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "gp-record-outbox",
    version: 1,
    initialState: () => ({ settings: resolved, cases: new Map(), latestOccurredAt: null }),
    apply: applyEvent,
    codec: gpRecordOutboxCodec(resolved),
    checkRestored: checkRestoredGpRecordOutbox,
  });
}
