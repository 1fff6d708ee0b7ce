/** The body of `POST /referrals`: a GP's referral of person_7f3a to PCN U00009, the test link worker's. */
export const referralBody = (caseId: string) => ({
  caseId,
  personId: "person_7f3a",
  pcnId: "U00009",
  practiceId: "P00003",
  source: "gp",
  reasons: ["loneliness"],
  consent: { contact: true, shareOutcomeWithReferrer: false },
});
