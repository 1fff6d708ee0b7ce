import { z } from "zod";
import { ProviderId } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";
import { ProviderReferralRoute, SupportCategory } from "../events/vocabulary.js";
import { FundingAwarded } from "../funding/events.js";

/**
 * Where a provider's id comes from. `open_referral_uk`: the id of its service in an Open Referral UK
 * directory, which the standard makes a UUID ("The identifier for the service. Each service must have
 * a unique identifier", format uuid: https://github.com/OpenReferralUK/uk-profile/blob/main/schema/service.json).
 * `local`: a `prov_<token>` id the scheme issued, for an organisation listed in no such directory.
 */
export const ProviderDirectory = z.enum(["open_referral_uk", "local"]);
export type ProviderDirectory = z.infer<typeof ProviderDirectory>;

/**
 * A community organisation's public name, as a report shows it: bounded, without control characters,
 * and never starting with a character a spreadsheet reads as a formula (`= + - @`, tab, return).
 */
export const ProviderName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(120, "must be at most 120 characters")
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/, "must not contain control characters")
  .regex(/^[^=+\-@]/, "must not start with = + - or @ (a spreadsheet would read it as a formula)");

/** What a provider offers, as declared: at least one kind of support, each once. */
export const ProviderSupport = z
  .array(SupportCategory)
  .min(1)
  .max(10)
  .refine((categories) => new Set(categories).size === categories.length, "must not name a support category twice");

/** A community organisation joins the directory (stream `provider-<providerId>`). */
export const ProviderRegistered = eventSchema(
  "ProviderRegistered",
  1,
  z.object({
    providerId: ProviderId,
    directory: ProviderDirectory,
    name: ProviderName,
    supportCategories: ProviderSupport,
    route: ProviderReferralRoute,
  }),
);

/** Places and waiting list: a count of people, bounded so no typo makes a report meaningless. */
export const PeopleCount = z.number().int().min(0).max(100_000);

/** What the provider declares it can take, effective from occurredAt: new people a month, and how many wait now. */
export const ProviderCapacityDeclared = eventSchema(
  "ProviderCapacityDeclared",
  1,
  z.object({ providerId: ProviderId, monthlyPlaces: PeopleCount, waitingList: PeopleCount }),
);

export const ProviderEvent = z.discriminatedUnion("type", [ProviderRegistered, ProviderCapacityDeclared, FundingAwarded]);
export type ProviderEvent = z.infer<typeof ProviderEvent>;
