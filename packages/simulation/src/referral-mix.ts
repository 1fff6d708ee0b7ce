import type { NeedCategory, ReferralSource, SupportCategory } from "@linkwork/core/vocabulary";

/**
 * Who refers, and for what: the default mixes of the simulated network (domain.md sections 2 and 5).
 * Weights are relative; the simulator normalises them.
 */

/**
 * An open scheme's referral routes: 78% arrive by the medical routes (GP 55, practice staff 12,
 * mental health 6, hospital discharge 3, pharmacy 2), within the 72-85% reported nationally.
 */
export const openSourceMix: Readonly<Partial<Record<ReferralSource, number>>> = {
  gp: 55,
  practice_staff: 12,
  mental_health: 6,
  hospital_discharge: 3,
  pharmacy: 2,
  vcse: 6,
  self: 5,
  social_care: 4,
  local_authority: 3,
  housing: 2,
  job_centre: 1,
  police: 0.5,
  fire: 0.5,
};

/** A GP-only scheme takes referrals from GPs and other practice staff only. */
export const gpOnlySourceMix: Readonly<Partial<Record<ReferralSource, number>>> = { gp: 80, practice_staff: 20 };

/**
 * Needs named on referrals and in conversations, roughly as link-worker caseloads report them:
 * mental wellbeing and loneliness lead, then money, isolation, lifestyle and long-term conditions.
 */
export const defaultNeedsMix: Readonly<Partial<Record<NeedCategory, number>>> = {
  mental_wellbeing: 24,
  loneliness: 14,
  social_isolation: 9,
  money_debt_benefits: 11,
  housing: 5,
  employment_training_volunteering: 4,
  physical_activity_lifestyle: 7,
  long_term_condition: 6,
  carer_support: 3,
  bereavement: 4,
  relationships_family: 2,
  domestic_abuse: 0.5,
  memory_cognition: 2,
  food_insecurity: 3,
  practical_transport_digital: 3,
  frailty_falls: 2.5,
};

/** The kinds of community support that can meet each need, most usual first. */
export const supportForNeed: Readonly<Record<string, readonly SupportCategory[]>> = {
  mental_wellbeing: ["peer_support", "arts_culture", "green_nature"],
  loneliness: ["social_connection_befriending", "arts_culture"],
  social_isolation: ["social_connection_befriending", "volunteering"],
  money_debt_benefits: ["advice_information"],
  housing: ["advice_information", "statutory_specialist"],
  employment_training_volunteering: ["learning_skills", "volunteering"],
  physical_activity_lifestyle: ["physical_activity", "green_nature"],
  long_term_condition: ["peer_support", "physical_activity"],
  carer_support: ["peer_support", "advice_information"],
  bereavement: ["peer_support"],
  relationships_family: ["statutory_specialist", "advice_information"],
  domestic_abuse: ["statutory_specialist"],
  memory_cognition: ["social_connection_befriending", "peer_support"],
  food_insecurity: ["practical_support"],
  practical_transport_digital: ["practical_support", "learning_skills"],
  frailty_falls: ["physical_activity", "practical_support"],
};

/** The needs a kind of support meets (those `supportForNeed` sends to it), in the order listed there. */
export function needsMetBy(activity: SupportCategory): NeedCategory[] {
  return Object.entries(supportForNeed)
    .filter(([, supports]) => supports.includes(activity))
    .map(([need]) => need);
}

/** Needs a referrer names that a link worker's conversation brings out as well, more often than not. */
export const needsOftenFoundTogether: Readonly<Record<string, NeedCategory>> = {
  loneliness: "social_isolation",
  social_isolation: "loneliness",
  money_debt_benefits: "food_insecurity",
  bereavement: "loneliness",
  long_term_condition: "physical_activity_lifestyle",
  frailty_falls: "social_isolation",
  mental_wellbeing: "physical_activity_lifestyle",
};
