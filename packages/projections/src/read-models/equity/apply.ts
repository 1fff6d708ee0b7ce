import { type CaseEvent, type RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import { applyDemandReduction } from "../demand-reduction/apply.js";
import { completedClosureReasons } from "../demand-reduction/settings.js";
import { recordMilestone, referralMilestones } from "../shared/case-milestones.js";
import { occurredAtMs } from "../shared/occurred-at.js";
import { streamEntity } from "../shared/stream-entity.js";
import type { EquityCase, EquityState } from "./state.js";

/** The equity read model's apply, in place: referrals and their steps, list compositions, and the demand-reduction part. */
export function applyEquity(state: EquityState, recorded: RecordedEvent): EquityState {
  const { event } = recorded;
  const at = occurredAtMs(event.metadata);
  if (state.latestOccurredAt === null || at > state.latestOccurredAt) state.latestOccurredAt = at;
  applyDemandReduction(state.demand, recorded);
  if (event.type === "PracticeListCompositionRecorded") {
    const practice = state.practices.get(event.data.practiceId) ?? { pcnId: event.data.pcnId, changes: [] };
    practice.changes.push({ at, composition: event.data });
    state.practices.set(event.data.practiceId, practice);
    return state;
  }
  if (!recorded.streamId.startsWith("case-")) return state;
  const caseId = streamEntity(recorded.streamId);
  if (event.type === "ReferralReceived") {
    if (!state.cases.has(caseId)) {
      state.cases.set(caseId, {
        milestones: referralMilestones(event),
        practiceId: event.data.practiceId,
        completed: false,
        baseline: null,
        later: [],
      });
    }
    return state;
  }
  const held = state.cases.get(caseId);
  if (held !== undefined) applyCaseEvent(state, held, event as CaseEvent, at);
  return state;
}

function applyCaseEvent(state: EquityState, held: EquityCase, event: CaseEvent, at: number): void {
  recordMilestone(held.milestones, event);
  if (event.type === "CaseClosed") {
    const { reason } = event.data;
    held.completed = !isErased(reason) && completedClosureReasons.includes(reason);
    return;
  }
  if (event.type !== "WellbeingAssessed") return;
  const { instrument, score } = state.settings.outcome;
  const { scores } = event.data;
  if (event.data.instrument !== instrument || isErased(scores)) return;
  const value = scores[score];
  if (value === undefined || !Number.isFinite(value)) return;
  if (event.data.timepoint === "baseline") held.baseline ??= value;
  else if (held.baseline !== null) held.later.push([at, value]);
}
