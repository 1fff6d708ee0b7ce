import { z } from "zod";
import { commandFields } from "../decider/command-fields.js";
import { HealthcareSetting } from "../events/vocabulary.js";
import { CaseId, PcnCode, PersonId, PracticeCode } from "../identifiers.js";
import { EventDate } from "../events/event-date.js";

/** Records healthcare use imported from the GP system for one person, over an inclusive period. */
export const RecordHealthcareUsage = z.object({
  type: z.literal("RecordHealthcareUsage"),
  personId: PersonId,
  ...commandFields,
  setting: HealthcareSetting,
  periodStart: EventDate,
  periodEnd: EventDate,
  count: z.number().int().min(0).max(10_000),
});
/** Enrols a person who was not referred in the comparison cohort. */
export const EnrolInComparisonCohort = z.object({
  type: z.literal("EnrolInComparisonCohort"),
  personId: PersonId,
  ...commandFields,
  pcnId: PcnCode,
  practiceId: PracticeCode.optional(),
  indexDate: EventDate,
  matchedCaseId: CaseId.optional(),
});
/** Any command on a person's usage stream. */
export const PersonUsageCommand = z.discriminatedUnion("type", [RecordHealthcareUsage, EnrolInComparisonCohort]);
export type PersonUsageCommand = z.infer<typeof PersonUsageCommand>;
