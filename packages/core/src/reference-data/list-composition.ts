import { z } from "zod";
import { commandFields } from "../decider/command-fields.js";
import { eventSchema } from "../events/envelope.js";
import { PcnCode, PracticeCode } from "../identifiers.js";
import { CensusEthnicGroup } from "../personal-data/census-ethnic-group.js";
import { AgeBand, PersonSex } from "../personal-data/person-details.js";

// A practice's registered list broken down by the equity fields, as reference data: the denominators
// of the equity report's rates (referrals per 1,000 registered patients in a group). Counts of the
// whole list, never of people who were referred, so nothing here is about one person.

const Patients = z.number().int().min(0).max(2_000_000);

/** Deprivation deciles as keys of a breakdown: "1" (most deprived) to "10". */
export const DecileKey = z.enum(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
export type DecileKey = z.infer<typeof DecileKey>;

/** A practice list's counts by each equity field; a group left out is not known (or zero). */
const compositionFields = {
  pcnId: PcnCode,
  practiceId: PracticeCode,
  /** The practice's whole registered list. */
  registeredPatients: Patients,
  byAgeBand: z.partialRecord(AgeBand, Patients),
  bySex: z.partialRecord(PersonSex, Patients),
  byEthnicGroup: z.partialRecord(CensusEthnicGroup, Patients),
  byDeprivationDecile: z.partialRecord(DecileKey, Patients),
};

const breakdowns = ["byAgeBand", "bySex", "byEthnicGroup", "byDeprivationDecile"] as const;

/** Each breakdown counts part of the list at most: patients with the field unrecorded make up the rest. */
function withinList(
  value: { readonly registeredPatients: number } & Record<(typeof breakdowns)[number], object>,
  context: z.RefinementCtx,
) {
  for (const breakdown of breakdowns) {
    const counts = Object.values(value[breakdown]) as number[];
    const sum = counts.reduce((total, count) => total + count, 0);
    if (sum > value.registeredPatients) {
      context.addIssue({
        code: "custom",
        path: [breakdown],
        message: `counts ${sum} patients, more than the registered list (${value.registeredPatients})`,
      });
    }
  }
}

/**
 * A practice's registered list by age band, sex, census ethnic group and deprivation decile,
 * effective from the event's occurredAt. It lives in its PCN's reference stream (`pcn-<pcnId>`).
 */
export const PracticeListCompositionRecorded = eventSchema(
  "PracticeListCompositionRecorded",
  1,
  z.object(compositionFields).superRefine(withinList),
);
export type PracticeListComposition = z.infer<typeof PracticeListCompositionRecorded>["data"];

/** Records a practice's list composition, effective from occurredAt. */
export const RecordPracticeListComposition = z
  .object({ type: z.literal("RecordPracticeListComposition"), ...commandFields, ...compositionFields })
  .superRefine(withinList);
