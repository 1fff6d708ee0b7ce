import type { PersonUsageEvent } from "./events.js";
import type { PersonUsageState } from "./state.js";

/** Applies one event to a person's usage stream; total and pure. */
export function evolvePersonUsage(state: PersonUsageState, event: PersonUsageEvent): PersonUsageState {
  const lastOccurredAt = event.metadata.occurredAt;
  switch (event.type) {
    case "HealthcareUsageRecorded":
      return { ...state, lastOccurredAt };
    case "ComparisonCohortEnrolled":
      return { comparisonCohort: true, lastOccurredAt };
  }
}
