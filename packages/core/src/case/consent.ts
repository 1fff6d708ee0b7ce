import { z } from "zod";
import { eventSchema } from "../events/envelope.js";

// Consent as a case records it: given with the referral, then given or withdrawn by events. The
// handler and the feedback follow what is in force (docs/privacy.md, "Consent").

/** What a person's consent covers. */
export const ConsentPurpose = z.enum(["contact", "shareOutcomeWithReferrer", "evaluation"]);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

/** What the person agreed to, recorded with the referral: one yes/no per purpose. */
export const Consent = z.object({
  /** The service may contact the person. */
  contact: z.boolean(),
  /** The outcome may be shared back with the referrer (the "message back to GP and referrer"). */
  shareOutcomeWithReferrer: z.boolean(),
  /** The person's pseudonymised record may be used in evaluation exports. */
  evaluation: z.boolean(),
});
export type Consent = z.infer<typeof Consent>;

/**
 * Consent as a command gives it: `evaluation` may be left out and is then not given, because
 * consent is never presumed (UK GDPR Article 7(1): the controller must be able to show it was given).
 */
export const ConsentInput = Consent.extend({ evaluation: z.boolean().default(false) });

/** The person gave consent for one purpose (again, or for the first time after the referral). */
export const ConsentGiven = eventSchema("ConsentGiven", 1, z.object({ purpose: ConsentPurpose }));
/** The person withdrew consent for one purpose; what follows no longer relies on it. */
export const ConsentWithdrawn = eventSchema("ConsentWithdrawn", 1, z.object({ purpose: ConsentPurpose }));

/** The consent in force after one purpose was given or withdrawn. */
export function consentAfter(consent: Consent, purpose: ConsentPurpose, given: boolean): Consent {
  return { ...consent, [purpose]: given };
}
