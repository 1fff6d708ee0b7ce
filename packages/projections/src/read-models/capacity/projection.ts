import { validationFailed, type DomainError } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import type { Projection } from "../../projection.js";
import { applyRetaining, createRetention } from "../shared/retention.js";
import { applyEvent, foldCase } from "./apply.js";
import { CapacitySettings, type CapacitySettingsInput } from "./settings.js";
import { capacityCodec } from "./snapshot.js";
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
    // 3: folded months count their referrals' decisions (the shared decline rate).
    version: 3,
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
    codec: capacityCodec(resolved),
  });
}
