import * as E from "fp-ts/lib/Either.js";
import { validationFailed, type DomainError } from "@linkwork/core";
import type { Projection } from "../../projection.js";
import { applyRetaining, createRetention, restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { applyEvent, foldCase } from "./apply.js";
import { byKey } from "./queries.js";
import { type CapacitySettingsInput, CapacitySettings } from "./settings.js";
import { capacityJson, type CapacityJson, endedCases } from "./snapshot.js";
import type { CapacityState } from "./state.js";

/**
 * The capacity read model: per PCN and calendar month, link worker FTE against the list size,
 * people supported per FTE against the caseload benchmark, referrals against the incentive band,
 * declines, the waiting list, and a forecast of when demand overtakes capacity.
 */
export function capacityProjection(settings: CapacitySettingsInput = {}): E.Either<DomainError, Projection<CapacityState>> {
  const parsed = CapacitySettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("capacity settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "capacity",
    version: 2,
    initialState: () => ({
      settings: resolved,
      cases: new Map(),
      folded: new Map(),
      retention: createRetention(resolved.retentionDays),
      linkWorkers: new Map(),
      listSizes: new Map(),
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, foldCase),
    // Apart from retentionDays, which decides what was folded and so must match, settings only shape
    // the queries: a snapshot holds the events' facts and takes today's settings. Folded counts are
    // written in PCN and month order, so equal states encode alike whatever order cases were folded in.
    codec: snapshotCodec(
      capacityJson(resolved.retentionDays),
      (state): CapacityJson => ({
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        cases: [...state.cases],
        folded: [...state.folded]
          .sort(([a], [b]) => byKey(a, b))
          .map(([pcnId, folded]) => [
            pcnId,
            { firstReferredAt: folded.firstReferredAt, months: [...folded.months].sort(([a], [b]) => byKey(a, b)) },
          ]),
        linkWorkers: [...state.linkWorkers],
        listSizes: [...state.listSizes],
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => {
        const cases = new Map(json.cases);
        return {
          settings: resolved,
          cases,
          folded: new Map(
            json.folded.map(([pcnId, folded]) => [pcnId, { firstReferredAt: folded.firstReferredAt, months: new Map(folded.months) }]),
          ),
          retention: restoreRetention(resolved.retentionDays, json.horizon, endedCases(cases)),
          linkWorkers: new Map(json.linkWorkers),
          listSizes: new Map(json.listSizes),
          latestOccurredAt: json.latestOccurredAt,
        };
      },
    ),
  });
}
