import { z } from "zod";

/**
 * An opaque identifier: the only way events may name a person, a worker, a practice or a provider.
 * Names, NHS numbers, dates of birth and contact details stay outside the history so erasure never
 * rewrites it; all-digit values (NHS numbers, phone numbers) and anything with `@` are refused.
 */
export const OpaqueId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be an opaque id: 1-64 letters, digits, _ . : -")
  .refine((id) => !/^[0-9]+$/.test(id), "must be opaque: an all-digit id looks like an NHS or phone number");
export type OpaqueId = z.infer<typeof OpaqueId>;

/** An instant in UTC, ISO 8601 with `Z` (canonical, so history files round-trip byte for byte). */
export const Instant = z.iso.datetime({ message: "must be an ISO 8601 UTC date-time such as 2025-01-31T09:30:00Z" });
export type Instant = z.infer<typeof Instant>;

/** Milliseconds in a UTC day (no leap seconds in ISO 8601 UTC arithmetic): the one copy every package uses. */
export const DAY_MS = 86_400_000;

/** A calendar date, ISO 8601 (YYYY-MM-DD). */
export const CalendarDate = z.iso.date({ message: "must be an ISO 8601 date such as 2025-01-31" });
export type CalendarDate = z.infer<typeof CalendarDate>;

export const Uuid = z.uuid();
