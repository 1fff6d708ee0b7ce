import type { HistoryFacts } from "../../projection.js";
import { checkRestoredDemandReduction } from "../demand-reduction/restored-check.js";
import type { EquityState } from "./state.js";

/**
 * An equity state restored from a snapshot, against the history up to the snapshot's position
 * (Projection.checkRestored): a case of a person the history reads erased holds no score and no
 * completed closure (their scores and closure reason read erased), and the demand-reduction part
 * passes its own check. Paths are the snapshot's JSON fields by index (cases keep the file's order).
 */
export function checkRestoredEquity(state: EquityState, history: HistoryFacts): string | null {
  let row = 0;
  for (const held of state.cases.values()) {
    if (history.erasedPeople.has(held.milestones.personId)) {
      const field = held.baseline !== null ? "baseline" : held.later.length > 0 ? "later" : held.completed ? "completed" : null;
      if (field !== null)
        return `cases[${row}][1].${field}: holds what a person erased in the history recorded (rebuild read models after an erasure)`;
    }
    row += 1;
  }
  const demand = checkRestoredDemandReduction(state.demand, history);
  return demand === null ? null : `demand (the demand-reduction snapshot): ${demand}`;
}
