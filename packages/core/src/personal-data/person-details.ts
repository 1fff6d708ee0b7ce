import { z } from "zod";
import { CalendarDate } from "../identifiers.js";
import { NhsNumber } from "./nhs-number.js";

// What the person register holds about a person, outside the event history: identifiers, contact
// details and the coarse equity fields that reports may break figures down by.

/** Free text about a person (a name, an address): bounded, and never a control character. */
const personText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/, "must not contain control characters");

/**
 * NHS ethnic category: the 16+1 categories of the 2001 census, the national mandatory standard
 * (NHS Data Dictionary, "ETHNIC CATEGORY", https://www.datadictionary.nhs.uk/data_elements/ethnic_category.html):
 * A-H, J-N, P, R, S, and Z for "not stated"; `99` is the default code for "not known".
 */
export const EthnicCategory = z.enum(["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z", "99"]);
export type EthnicCategory = z.infer<typeof EthnicCategory>;

/**
 * Sex as the NHS Data Dictionary's "Sex" vocabulary codes it (phenotypic, after ISO 5218): `0` not
 * known, `1` male, `2` female, `9` not specified (https://data.developer.nhs.uk/dms/mim/6.3.01/Vocabulary/Sex.htm).
 */
export const PersonSex = z.enum(["0", "1", "2", "9"]);
export type PersonSex = z.infer<typeof PersonSex>;

/** Age bands for equity breakdowns (Linkwork's own choice: ten-year bands, adults from 18). */
export const AgeBand = z.enum(["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+"]);
export type AgeBand = z.infer<typeof AgeBand>;

/**
 * Index of Multiple Deprivation decile of where the person lives: 1 is the most deprived 10% of
 * small areas in England, 10 the least (English Indices of Deprivation 2019, e.g.
 * http://opendata.cambridgeshireinsight.org.uk/node/1803/revisions/9020/view).
 */
export const DeprivationDecile = z.number().int().min(1).max(10);

/** How to reach the person: each optional, each bounded. */
export const ContactDetails = z.object({
  phone: z
    .string()
    .max(32)
    .regex(/^\+?[0-9 ()-]{6,31}$/, "must be a phone number: digits, spaces, ( ) - and an optional leading +")
    .optional(),
  email: z.email().max(254).optional(),
  address: personText(300).optional(),
});
export type ContactDetails = z.infer<typeof ContactDetails>;

/** The coarse fields reports may break figures down by: each optional, none identifying on its own. */
export const EquityFields = z.object({
  ageBand: AgeBand.optional(),
  sex: PersonSex.optional(),
  ethnicCategory: EthnicCategory.optional(),
  deprivationDecile: DeprivationDecile.optional(),
});
export type EquityFields = z.infer<typeof EquityFields>;

/** The earliest date of birth the register takes: nobody alive or recently dead was born before it. */
export const EARLIEST_DATE_OF_BIRTH = "1880-01-01";

/**
 * A date of birth: from 1880 to today (UTC). 1800 or 9999 is a typing slip, never a person; the
 * upper bound reads the clock when the details are parsed, at the register's edge, never in decide.
 */
export const DateOfBirth = CalendarDate.refine((date) => date >= EARLIEST_DATE_OF_BIRTH, {
  message: `must be on or after ${EARLIEST_DATE_OF_BIRTH}`,
}).refine((date) => date <= new Date().toISOString().slice(0, 10), { message: "must not be in the future" });

/** Everything the register holds about one person. Never written to the event history. */
export const PersonDetails = z.object({
  nhsNumber: NhsNumber,
  name: z.object({ given: personText(100), family: personText(100) }),
  dateOfBirth: DateOfBirth,
  contact: ContactDetails.default({}),
  equity: EquityFields.default({}),
  /**
   * The person has a national data opt-out, as the embedder last found it with NHS England's
   * "Check for National Data Opt-outs" service. Held here, beside the NHS number the opt-out is
   * recorded against, and re-checked before each disclosure (docs/privacy.md, "National data
   * opt-out"); evaluation exports leave the person out.
   */
  nationalDataOptOut: z.boolean().default(false),
});
/** Person details as held (the NHS number as ten digits, defaults filled in). */
export type PersonDetails = z.output<typeof PersonDetails>;
/** Person details as a caller writes them. */
export type PersonDetailsInput = z.input<typeof PersonDetails>;
