import type { RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import type { HistoryFacts } from "../projection.js";
import type { ProjectionLane } from "./projection-lane.js";
import type { RunnerError } from "./runner-error.js";

/**
 * The facts a restored snapshot is checked against (HistoryFacts), gathered from the events the
 * runner passes over on its way to the snapshots' positions: only while some lane waits for its check,
 * so a fresh replay pays nothing. Memory: the registered codes, the erased people's pseudonyms and case ids.
 */
export class HistoryFactsCollector implements HistoryFacts {
  readonly registeredCodes = { need: new Set<string>(), support: new Set<string>() };
  readonly erasedPeople = new Set<string>();
  readonly erasedCases = new Set<string>();

  note({ event }: RecordedEvent): void {
    if (event.type === "LocalCodeRegistered") this.registeredCodes[event.data.list].add(event.data.code);
    // Every referral names its reasons and every usage record its setting: read erased, their person is.
    else if (event.type === "ReferralReceived" && isErased(event.data.reasons)) {
      this.erasedPeople.add(event.data.personId);
      this.erasedCases.add(event.data.caseId);
    } else if (event.type === "HealthcareUsageRecorded" && isErased(event.data.setting)) this.erasedPeople.add(event.data.personId);
  }
}

/** Whether a lane's restored state still waits for its check (it has one, and came from a snapshot). */
export const awaitsRestoredCheck = (lane: ProjectionLane): boolean => lane.restoredUnchecked && lane.projection.checkRestored !== undefined;

/** Checks a lane's restored state against the facts up to its position: SNAPSHOT_INVALID naming the field, or null. */
export function checkRestoredLane(lane: ProjectionLane, facts: HistoryFacts): RunnerError | null {
  lane.restoredUnchecked = false;
  const problem = lane.projection.checkRestored?.(lane.state, facts) ?? null;
  if (problem === null) return null;
  const reason = `snapshot disagrees with the history up to its position: ${problem}`;
  return {
    code: "SNAPSHOT_INVALID",
    message: `the snapshot in checkpoint ${lane.checkpoint} ${reason.replace(/^snapshot /, "")}; reset the checkpoint to rebuild ${lane.projection.name}`,
    projection: lane.projection.name,
    checkpoint: lane.checkpoint,
    reason,
  };
}
