/**
 * SNOMED CT concepts that GP systems record for social prescribing. Only the accepted-referral code
 * counts towards the national incentive, once per episode.
 */
export const snomed = {
  referralToSocialPrescribingService: "871731000000106",
  socialPrescribingDeclined: "871711000000103",
  selfReferral: "306098008",
  referredByPerson: "309013001",
} as const;

export type SnomedCode = (typeof snomed)[keyof typeof snomed];
