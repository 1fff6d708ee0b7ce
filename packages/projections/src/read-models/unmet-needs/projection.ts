import * as E from "fp-ts/lib/Either.js";
import { validationFailed, type DomainError } from "@linkwork/core";
import type { Projection } from "../../projection.js";
import { applyRetaining, restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { applyEvent, fold } from "./apply.js";
import { idNames } from "./id-names.js";
import { type UnmetNeedSettingsInput, UnmetNeedSettings } from "./settings.js";
import { unmetNeedJson, type UnmetNeedJson, caseToJson, foldedToJson, caseFromJson, foldedFromJson } from "./snapshot.js";
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
    version: 3,
    initialState: () => initialState(resolved),
    // A case that ended before the horizon is whole in every report still answered: it is folded.
    apply: applyRetaining(applyEvent, fold),
    // The retention shapes the state itself, so a snapshot taken with another retentionDays is refused.
    codec: snapshotCodec(
      unmetNeedJson(resolved.retentionDays),
      (state): UnmetNeedJson => {
        const names = idNames(state);
        return {
          retentionDays: resolved.retentionDays,
          horizon: state.retention.horizon,
          latestOccurredAt: state.latestOccurredAt,
          cases: [...state.cases].map(([caseId, needs]) => [caseId, caseToJson(names, needs)]),
          folded: foldedToJson(state, names),
        };
      },
      (json) => {
        const state = initialState(resolved);
        state.latestOccurredAt = json.latestOccurredAt;
        for (const [caseId, needs] of json.cases) state.cases.set(caseId, caseFromJson(state, needs));
        foldedFromJson(state, json.folded);
        const ended = [...state.cases].flatMap(([caseId, needs]): [string, number][] =>
          needs.endedAt === null ? [] : [[caseId, needs.endedAt]],
        );
        return { ...state, retention: restoreRetention(resolved.retentionDays, json.horizon, ended) };
      },
    ),
  });
}
