import type { StreamRule } from "../history/stream-rule.js";
import type { PersonUsageEvent } from "./events.js";
import { evolvePersonUsage } from "./evolve.js";
import { initialPersonUsageState, type PersonUsageState } from "./state.js";

/** What a person's usage stream requires: its events name its person, and a person joins the comparison cohort once. */
export const personUsageHistoryRule: StreamRule<PersonUsageState, PersonUsageEvent> = {
  initialState: initialPersonUsageState,
  evolve: evolvePersonUsage,
  refusal: (state, event, entityId) => {
    if (event.data.personId !== entityId) {
      return {
        code: "ID_MISMATCH",
        path: "data.personId",
        message: `personId ${event.data.personId} is not the person of its stream (${entityId})`,
      };
    }
    if (event.type === "ComparisonCohortEnrolled" && state.comparisonCohort) {
      return {
        code: "INVALID_TRANSITION",
        path: "type",
        message: "ComparisonCohortEnrolled cannot follow: the person is already in the comparison cohort",
      };
    }
    return null;
  },
};
