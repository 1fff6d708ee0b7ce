import * as E from "fp-ts/lib/Either.js";
import { validationFailed, type DomainError } from "@linkwork/core";
import type { Projection } from "../../projection.js";
import { endedAt } from "../shared/case-milestones.js";
import { applyRetaining, restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { applyEvent, forgetCase } from "./apply.js";
import { type CaseloadSettingsInput, CaseloadSettings } from "./settings.js";
import { caseloadJson, type CaseloadJson, caseFromJson } from "./snapshot.js";
import { type CaseloadState, initialState, type CaseloadCase } from "./state.js";

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
    // The policy only shapes the queries, so a restored state takes today's; the retention shapes the
    // state itself, so a snapshot taken with another retentionDays is refused.
    codec: snapshotCodec(
      caseloadJson(resolved.retentionDays),
      (state): CaseloadJson => ({
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        cases: [...state.cases],
        linkWorkers: [...state.linkWorkers],
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => {
        const cases = new Map(json.cases.map(([caseId, record]): [string, CaseloadCase] => [caseId, caseFromJson(record)]));
        const ended = [...cases].flatMap(([caseId, record]): [string, number][] => {
          const at = endedAt(record.milestones);
          return at === null ? [] : [[caseId, at]];
        });
        return {
          settings: resolved,
          cases,
          linkWorkers: new Map(json.linkWorkers),
          latestOccurredAt: json.latestOccurredAt,
          retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
        };
      },
    ),
  });
}
