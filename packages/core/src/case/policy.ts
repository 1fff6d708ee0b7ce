import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { validationFailed, type DomainError } from "../errors.js";
import { ReferralSource } from "../events/vocabulary.js";

/**
 * A scheme's settings. Every field has a default taken from the national picture
 * (see docs/architecture.md), so `schemePolicy({})` is an open scheme.
 */
export const SchemePolicy = z.object({
  /** Referral routes the scheme takes; a GP-only scheme is `["gp"]`, a general-practice one adds `"practice_staff"`. */
  acceptedSources: z
    .array(ReferralSource)
    .min(1)
    .default([...ReferralSource.options]),
  /** Sessions with the person (conversations and completed follow-ups) per episode. */
  maxContacts: z.number().int().min(1).max(100).default(12),
  /** Length of an episode from referral, in days (six months). */
  episodeLengthDays: z.number().int().min(1).max(3650).default(183),
  /** Unanswered contact attempts before the case must be closed as unreachable. */
  contactAttemptsBeforeUnreachable: z.number().int().min(1).max(20).default(3),
  /** Days from a session to the follow-up it schedules by default. */
  followUpIntervalDays: z.number().int().min(1).max(365).default(28),
  /**
   * Acceptance tells the referrer by itself (when the person consented to sharing the outcome), so the
   * message carrying SNOMED CT 871731000000106 does not wait for a separate SendFeedbackToReferrer.
   */
  notifyReferrerOnAcceptance: z.boolean().default(true),
});
export type SchemePolicy = z.infer<typeof SchemePolicy>;
export type SchemePolicyInput = z.input<typeof SchemePolicy>;

/** Builds a policy from partial settings, filling in the defaults; bad settings are a typed error. */
export function schemePolicy(settings: unknown = {}): E.Either<DomainError, SchemePolicy> {
  const parsed = SchemePolicy.safeParse(settings);
  return parsed.success ? E.right(parsed.data) : E.left(validationFailed("scheme policy", parsed.error));
}

/** An open scheme: every referral route, the default limits. */
export const openSchemePolicy: SchemePolicy = SchemePolicy.parse({});

/** A scheme that takes referrals from GPs only, as its name says. */
export const gpOnlySchemePolicy: SchemePolicy = SchemePolicy.parse({ acceptedSources: ["gp"] });

/** A scheme that takes referrals from general practice: GPs and other practice staff. */
export const generalPracticeSchemePolicy: SchemePolicy = SchemePolicy.parse({ acceptedSources: ["gp", "practice_staff"] });

/**
 * The policy of the scheme a PCN runs, or undefined when the service hosts no scheme for it: one
 * handler can then serve several PCNs' schemes, each case decided by its own PCN's rules.
 */
export type SchemePolicyResolver = (pcnId: string) => SchemePolicy | undefined;

/**
 * A resolver from a table of PCN codes to policies. A PCN outside the table gets `otherwise` when
 * given, and no policy at all (its referrals refused) when not, so no case runs under a scheme
 * chosen by accident.
 */
export function schemePoliciesByPcn(byPcn: Readonly<Record<string, SchemePolicy>>, otherwise?: SchemePolicy): SchemePolicyResolver {
  const table = new Map(Object.entries(byPcn));
  return (pcnId) => table.get(pcnId) ?? otherwise;
}
