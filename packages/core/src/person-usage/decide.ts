import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { eventsFor } from "../decider/event-identity.js";
import { requireTimeForward } from "../decider/time-order.js";
import { fieldInvalid, type DomainError } from "../errors.js";
import type { PersonUsageCommand } from "./commands.js";
import type { PersonUsageEvent } from "./events.js";
import type { PersonUsageState } from "./state.js";

/** Decides the events a person-usage command causes, or the typed reason it is refused. */
export function decidePersonUsage(command: PersonUsageCommand, state: PersonUsageState): E.Either<DomainError, PersonUsageEvent[]> {
  return pipe(
    requireTimeForward(command, state.lastOccurredAt, "the person's"),
    E.flatMap(() => decideInTime(command, state)),
  );
}

function decideInTime(command: PersonUsageCommand, state: PersonUsageState): E.Either<DomainError, PersonUsageEvent[]> {
  switch (command.type) {
    case "RecordHealthcareUsage":
      if (command.periodEnd < command.periodStart) return E.left(fieldInvalid("command", "periodEnd", "is before periodStart"));
      return E.right(
        eventsFor(command, [
          {
            type: "HealthcareUsageRecorded",
            data: {
              personId: command.personId,
              setting: command.setting,
              periodStart: command.periodStart,
              periodEnd: command.periodEnd,
              count: command.count,
            },
          },
        ]),
      );
    case "EnrolInComparisonCohort":
      if (state.comparisonCohort) {
        return E.left({
          code: "INVALID_TRANSITION",
          message: "EnrolInComparisonCohort is not allowed: the person is already in the comparison cohort",
          stage: "enrolled",
          command: command.type,
        });
      }
      return E.right(
        eventsFor(command, [
          {
            type: "ComparisonCohortEnrolled",
            data: {
              personId: command.personId,
              pcnId: command.pcnId,
              ...(command.practiceId === undefined ? {} : { practiceId: command.practiceId }),
              indexDate: command.indexDate,
              ...(command.matchedCaseId === undefined ? {} : { matchedCaseId: command.matchedCaseId }),
            },
          },
        ]),
      );
  }
}
