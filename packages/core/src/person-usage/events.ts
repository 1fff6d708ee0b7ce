import { z } from "zod";
import { CaseId, PcnCode, PersonId, PracticeCode } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";
import { sealable } from "../personal-data/erased.js";
import { HealthcareSetting } from "../events/vocabulary.js";
import { EventDate } from "../events/event-date.js";

/**
 * Healthcare use imported from the GP system (not recorded by link workers), for referred people and
 * comparison people alike. A count over an inclusive period, so one appointment or a quarterly
 * extract both fit.
 */
export const HealthcareUsageRecorded = eventSchema(
  "HealthcareUsageRecorded",
  1,
  z
    .object({
      personId: PersonId,
      setting: sealable(HealthcareSetting),
      periodStart: EventDate,
      periodEnd: EventDate,
      count: sealable(z.number().int().min(0).max(10_000)),
    })
    .refine((d) => d.periodStart <= d.periodEnd, { message: "periodEnd is before periodStart", path: ["periodEnd"] }),
);

/** A person who was not referred, enrolled to compare against (difference-in-differences). */
export const ComparisonCohortEnrolled = eventSchema(
  "ComparisonCohortEnrolled",
  1,
  z.object({
    personId: PersonId,
    pcnId: PcnCode,
    /** The person's GP practice, when known: matching prefers comparators from the referred person's own practice. */
    practiceId: PracticeCode.optional(),
    /** The pseudo index date that their usage windows are counted around. */
    indexDate: EventDate,
    /** The referred case this person was matched to, when matching was one-to-one. */
    matchedCaseId: CaseId.optional(),
  }),
);

export const PersonUsageEvent = z.discriminatedUnion("type", [HealthcareUsageRecorded, ComparisonCohortEnrolled]);
export type PersonUsageEvent = z.infer<typeof PersonUsageEvent>;
