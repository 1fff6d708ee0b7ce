import { z } from "zod";

/** Any UUID's layout, in either case: what a local reference without a letter may still be. */
const anyUuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A local reference: ids that only need to be unique inside their case or deployment (goal,
 * connection and follow-up ids, references into the local record, who recorded an event). 1-64
 * letters, digits, `_ . : -`, with at least one letter unless a UUID: digits alone or with
 * separators (NHS numbers such as 943-476-5919, phone numbers, dates of birth such as 1950.01.01)
 * and `@` never fit.
 * People, cases, workers, referrers, providers, practices and PCNs have stricter shapes below.
 */
const opaqueShape = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
export const OpaqueId = z
  .string()
  .regex(opaqueShape, "must be an opaque id: 1-64 letters, digits, _ . : -")
  .refine(
    // Only ids of the right shape are asked for a letter, so a broken one gets one issue, not two. A
    // UUID (a staff id from an identity system) may hold no hex letter; 8-4-4-4-12 is no NHS number, phone or date.
    // The letter first: nearly every id has one, and every line's recordedBy is checked here.
    (id) => /[A-Za-z]/.test(id) || !opaqueShape.test(id) || anyUuid.test(id),
    "must be opaque: an id of digits and separators only looks like an NHS number, phone number or date",
  );
export type OpaqueId = z.infer<typeof OpaqueId>;

/**
 * The token of an issued id: 2-40 lowercase letters and digits holding at least one of each. Why:
 * a token of letters only could be a name, and one of digits only an NHS number, a phone number or
 * a date; and with no separator allowed but the one `_` after a fixed prefix, `Jane.Smith`,
 * `943-476-5919`, `tel:07700-900123`, `1950-01-01` and emails never fit.
 */
export const issuedTokenPattern = /^(?=[a-z0-9]*[0-9])(?=[a-z0-9]*[a-z])[a-z0-9]{2,40}$/;

/** A UUID in its canonical lowercase form (RFC 9562 layout, version 1-8 and the RFC variant). */
const canonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The prefix each kind of issued id carries, so an id of one kind never fits a field of another. */
export const issuedIdPrefixes = {
  person: "person",
  case: "case",
  linkWorker: "lw",
  referrer: "ref",
  provider: "prov",
} as const;
export type IssuedIdKind = keyof typeof issuedIdPrefixes;

/** The whole pattern of one kind of issued id: a canonical UUID or `<prefix>_<token>`. */
export function issuedIdPattern(kind: IssuedIdKind): RegExp {
  const token = issuedTokenPattern.source.slice(1, -1);
  return new RegExp(`^(?:${canonicalUuid.source.slice(1, -1)}|${issuedIdPrefixes[kind]}_${token})$`);
}

/** The zod schema of one kind of issued id (one regular expression, so compiled schemas stay fast). */
export function issuedId(kind: IssuedIdKind) {
  const prefix = issuedIdPrefixes[kind];
  return z
    .string()
    .regex(
      issuedIdPattern(kind),
      `must be an issued id: a lowercase UUID or ${prefix}_ then 2-40 lowercase letters and digits (at least one of each), never a name, NHS number, phone number, email or date`,
    );
}

/** A person's pseudonym, issued by the person register: the only way events name a person. */
export const PersonId = issuedId("person");
/** A case episode's id, issued by the embedding service (a UUID, or `case_<token>`). */
export const CaseId = issuedId("case");
/** A link worker's id, issued by the service that employs them (`lw_<token>` or a UUID). */
export const LinkWorkerId = issuedId("linkWorker");
/** A referrer's id (a person or team who refers), issued locally (`ref_<token>` or a UUID). */
export const ReferrerId = issuedId("referrer");
/** A community provider's id, issued from the local directory (`prov_<token>` or a UUID). */
export const ProviderId = issuedId("provider");

/**
 * A GP practice's ODS code: one capital letter and five digits (for example `B82005`). Source: the
 * NHS Prescription Pricing Division's notice on practice codes, "1 alpha and 5 numerics"
 * (http://www.ppa.org.uk/news/gp_practice_id_codes.htm); ODS publishes these prescribing cost centre
 * codes as the practice codes (https://odsdatasearchandexport.dc4h.link/referenceDataCatalogue/565791179.html).
 */
export const PracticeCode = z
  .string()
  .regex(/^[A-Z][0-9]{5}$/, "must be a GP practice ODS code: a capital letter and five digits, such as B82005");

/**
 * A primary care network's ODS code: `U` and five digits (for example `U81042`). Source: NHS Digital,
 * "PCN ODS codes will be 6-character codes, all starting with a 'U' followed by 5 numbers"
 * (https://digital.nhs.uk/services/organisation-data-service/primary-care-networks---publication-of-organisational-data-service-ods-codes).
 */
export const PcnCode = z.string().regex(/^U[0-9]{5}$/, "must be a PCN ODS code: U and five digits, such as U81042");

/** An instant in UTC, ISO 8601 with `Z` (canonical, so history files round-trip byte for byte). */
export const Instant = z.iso.datetime({ message: "must be an ISO 8601 UTC date-time such as 2025-01-31T09:30:00Z" });
export type Instant = z.infer<typeof Instant>;

/** Milliseconds in a UTC day (no leap seconds in ISO 8601 UTC arithmetic): the one copy every package uses. */
export const DAY_MS = 86_400_000;

/** A calendar date, ISO 8601 (YYYY-MM-DD). */
export const CalendarDate = z.iso.date({ message: "must be an ISO 8601 date such as 2025-01-31" });
export type CalendarDate = z.infer<typeof CalendarDate>;

export const Uuid = z.uuid();
