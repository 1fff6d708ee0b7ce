import type { StreamRule } from "../history/stream-rule.js";
import type { PersonUsageEvent } from "./events.js";
import type { PersonUsageState } from "./state.js";

/**
 * What the rules read of a person's usage stream: whether the person is in the comparison cohort.
 * `evolvePersonUsage` on that one field (a property test holds the two together).
 */
export type PersonUsageCheckState = PersonUsageState["comparisonCohort"];

/** evolvePersonUsage on what the rules read. */
export function evolvePersonUsageCheck(enrolled: PersonUsageCheckState, event: PersonUsageEvent): PersonUsageCheckState {
  switch (event.type) {
    case "HealthcareUsageRecorded":
      return enrolled;
    case "ComparisonCohortEnrolled":
      return true;
  }
}

/** What a person's usage stream requires: its events name its person, and a person joins the comparison cohort once. */
export const personUsageHistoryRule: StreamRule<PersonUsageCheckState, PersonUsageEvent> = {
  initialState: false,
  evolve: evolvePersonUsageCheck,
  encode: (enrolled) => enrolled,
  decode: (data) => (typeof data === "boolean" ? data : null),
  refusal: (enrolled, event, entityId) => {
    if (event.data.personId !== entityId) {
      return {
        code: "ID_MISMATCH",
        path: "data.personId",
        message: `personId ${event.data.personId} is not the person of its stream (${entityId})`,
      };
    }
    if (event.type === "ComparisonCohortEnrolled" && enrolled) {
      return {
        code: "INVALID_TRANSITION",
        path: "type",
        message: "ComparisonCohortEnrolled cannot follow: the person is already in the comparison cohort",
      };
    }
    return null;
  },
};
