import type { HistoryFacts } from "../../projection.js";
import type { OutcomesState } from "./state.js";

/**
 * An outcomes state restored from a snapshot, against the history up to the snapshot's position
 * (Projection.checkRestored): every episode of a case whose referral the history reads erased must be
 * marked erased, or a snapshot taken before the erasure would keep the person's wellbeing scores and
 * pair them. The path is the snapshot's JSON field by index (cases keep the file's order), naming no id.
 */
export function checkRestoredOutcomes(state: OutcomesState, history: HistoryFacts): string | null {
  let row = 0;
  for (const [caseId, assessments] of state.cases) {
    if (history.erasedCases.has(caseId)) {
      let index = 0;
      for (const episode of assessments.instruments.values()) {
        if (!episode.erased)
          return `cases[${row}][2][${index}][1].erased: is absent for a person erased in the history (rebuild read models after an erasure)`;
        index += 1;
      }
    }
    row += 1;
  }
  return null;
}
