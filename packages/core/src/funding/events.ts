import { z } from "zod";
import { OpaqueId, ProviderId } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";
import { FundingKind, NeedCategory } from "../events/vocabulary.js";
import { sealable } from "../personal-data/erased.js";
import { EventDate } from "../events/event-date.js";

/** An amount of money in pence (whole pence: no float rounding), up to £100m. */
export const AmountPence = z.number().int().min(1, "must be at least 1 penny").max(10_000_000_000, "must be at most £100m");

/** The needs a grant or commission is for: at least one, each once. */
export const FundedNeeds = z
  .array(NeedCategory)
  .min(1)
  .max(16)
  .refine((needs) => new Set(needs).size === needs.length, "must not name a need twice");

/**
 * A grant or commission to a provider (its stream): the amount for a period of days (both dates
 * included) and the needs it pays for. The funding report spreads it evenly over the period's days.
 */
export const FundingAwarded = eventSchema(
  "FundingAwarded",
  1,
  z.object({
    providerId: ProviderId,
    fundingId: OpaqueId,
    kind: FundingKind,
    amountPence: AmountPence,
    periodStart: EventDate,
    periodEnd: EventDate,
    needs: FundedNeeds,
  }),
);

/** Activity-budget spend is small: at most £10,000 for one item of a person's plan. */
export const SpendPence = z.number().int().min(1, "must be at least 1 penny").max(1_000_000, "must be at most £10,000");

/**
 * Money from the scheme's activity budget spent for a goal of the person's plan (a class fee, bus
 * fares, kit), in the case stream, optionally for one of its connections. The amount is sealed: what
 * was spent on one person is their personal data (docs/privacy.md, "What is sealed").
 */
export const ActivityBudgetSpent = eventSchema(
  "ActivityBudgetSpent",
  1,
  z.object({
    goalId: OpaqueId,
    connectionId: OpaqueId.optional(),
    amountPence: sealable(SpendPence),
  }),
);
