/**
 * SNOMED CT concepts that GP systems record for social prescribing. Only the accepted-referral code
 * counts towards the national incentive, once per episode.
 *
 * Sources (each code checked against at least one):
 * - 871731000000106 "Referral to social prescribing service (procedure)": the one code counted by the
 *   Network Contract DES Investment and Impact Fund indicator PC-01 (Ardens, "IIF - Personalised Care
 *   (Social Prescribing)", https://support-ew.ardens.org.uk/support/solutions/articles/31000166945);
 *   also listed with 871711000000103 at https://www.socialrx.co.uk/blogs/blog/social-prescribing-snomed-codes-why-important
 * - 871711000000103 "Social prescribing declined": the socialrx.co.uk page above, and
 *   /work/shared/domain.md (the project's domain brief).
 * - 306098008 "Self-referral", 309013001 "Referred by person": /work/shared/domain.md, roots of the
 *   referral-source value set.
 * Concepts the GP record entries carry without a code (no code we could cite) are listed in
 * docs/gp-record.md; none is invented.
 */
export const snomed = {
  referralToSocialPrescribingService: "871731000000106",
  socialPrescribingDeclined: "871711000000103",
  selfReferral: "306098008",
  referredByPerson: "309013001",
} as const;

export type SnomedCode = (typeof snomed)[keyof typeof snomed];
