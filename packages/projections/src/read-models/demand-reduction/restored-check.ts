import type { HistoryFacts } from "../../projection.js";
import type { DemandReductionState } from "./state.js";

/**
 * A demand-reduction state restored from a snapshot, against the history up to the snapshot's
 * position (Projection.checkRestored): a person the history reads erased must be marked erased, or a
 * snapshot taken before the erasure would keep their healthcare use in the groups. The path is the
 * snapshot's JSON field by index (the people keep the file's order), naming no id.
 */
export function checkRestoredDemandReduction(state: DemandReductionState, history: HistoryFacts): string | null {
  let row = 0;
  for (const [personId, person] of state.people) {
    if (!person.erased && history.erasedPeople.has(personId))
      return `people[${row}][1].erased: is absent for a person erased in the history (rebuild read models after an erasure)`;
    row += 1;
  }
  return null;
}
