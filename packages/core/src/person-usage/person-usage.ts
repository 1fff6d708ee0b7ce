import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { commandFields } from "../commands/case-commands.js";
import { eventsFor } from "../commands/event-identity.js";
import type { Decider } from "../decider.js";
import { fieldInvalid, validationFailed, type DomainError } from "../errors.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import type { PersonUsageEvent } from "../events/person-usage-events.js";
import { personStream } from "../events/streams.js";
import { HealthcareSetting } from "../events/vocabulary.js";
import { CalendarDate, OpaqueId } from "../identifiers.js";

export const RecordHealthcareUsage = z.object({
  type: z.literal("RecordHealthcareUsage"),
  personId: OpaqueId,
  ...commandFields,
  setting: HealthcareSetting,
  periodStart: CalendarDate,
  periodEnd: CalendarDate,
  count: z.number().int().min(0).max(10_000),
});
export const EnrolInComparisonCohort = z.object({
  type: z.literal("EnrolInComparisonCohort"),
  personId: OpaqueId,
  ...commandFields,
  pcnId: OpaqueId,
  indexDate: CalendarDate,
  matchedCaseId: OpaqueId.optional(),
});
export const PersonUsageCommand = z.discriminatedUnion("type", [RecordHealthcareUsage, EnrolInComparisonCohort]);
export type PersonUsageCommand = z.infer<typeof PersonUsageCommand>;

export interface PersonUsageState {
  readonly comparisonCohort: boolean;
  readonly lastOccurredAt: string | null;
}
export const initialPersonUsageState: PersonUsageState = { comparisonCohort: false, lastOccurredAt: null };

function timeForward(command: PersonUsageCommand, state: PersonUsageState): E.Either<DomainError, void> {
  if (state.lastOccurredAt === null || Date.parse(command.occurredAt) >= Date.parse(state.lastOccurredAt)) return E.right(undefined);
  return E.left({
    code: "TIME_WENT_BACKWARDS",
    message: `${command.type} occurredAt ${command.occurredAt} is before the person's latest event (${state.lastOccurredAt})`,
    occurredAt: command.occurredAt,
    lastOccurredAt: state.lastOccurredAt,
  });
}

export function decidePersonUsage(command: PersonUsageCommand, state: PersonUsageState): E.Either<DomainError, PersonUsageEvent[]> {
  const forward = timeForward(command, state);
  if (E.isLeft(forward)) return forward;
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
        ]) as PersonUsageEvent[],
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
              indexDate: command.indexDate,
              ...(command.matchedCaseId === undefined ? {} : { matchedCaseId: command.matchedCaseId }),
            },
          },
        ]) as PersonUsageEvent[],
      );
  }
}

export function evolvePersonUsage(state: PersonUsageState, event: PersonUsageEvent): PersonUsageState {
  const lastOccurredAt = event.metadata.occurredAt;
  switch (event.type) {
    case "HealthcareUsageRecorded":
      return { ...state, lastOccurredAt };
    case "ComparisonCohortEnrolled":
      return { comparisonCohort: true, lastOccurredAt };
  }
}

export const personUsageDecider: Decider<PersonUsageCommand, PersonUsageState, PersonUsageEvent> = {
  parse: (input) => {
    const parsed = PersonUsageCommand.safeParse(input);
    return parsed.success ? E.right(parsed.data) : E.left(validationFailed("command", parsed.error));
  },
  streamId: (command) => personStream(command.personId),
  decide: decidePersonUsage,
  evolve: evolvePersonUsage,
  initialState: initialPersonUsageState,
  owns: (event: LinkworkEvent): event is PersonUsageEvent =>
    event.type === "HealthcareUsageRecorded" || event.type === "ComparisonCohortEnrolled",
};
