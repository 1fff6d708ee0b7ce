import { z } from "zod";

/**
 * The domain's controlled vocabularies. Needs and support categories are extensible: a scheme may
 * add local categories as `x-<slug>` without a schema change, so national categories stay comparable.
 * A command may use a local code only once it is registered with a label (RegisterLocalCode).
 */
export const LocalCode = z.string().regex(/^x-[a-z0-9-]{1,40}$/, "local categories are written x-<slug>");
const localExtension = LocalCode;

export const ReferralSource = z.enum([
  "gp",
  "practice_staff",
  "pharmacy",
  "hospital_discharge",
  "mental_health",
  "social_care",
  "local_authority",
  "housing",
  "police",
  "fire",
  "job_centre",
  "vcse",
  "self",
]);
export type ReferralSource = z.infer<typeof ReferralSource>;

/** Sources that count as the "medical route" in national reporting. */
export const medicalReferralSources: readonly ReferralSource[] = [
  "gp",
  "practice_staff",
  "pharmacy",
  "hospital_discharge",
  "mental_health",
];

export const NationalNeed = z.enum([
  "mental_wellbeing",
  "loneliness",
  "social_isolation",
  "money_debt_benefits",
  "housing",
  "employment_training_volunteering",
  "physical_activity_lifestyle",
  "long_term_condition",
  "carer_support",
  "bereavement",
  "relationships_family",
  "domestic_abuse",
  "memory_cognition",
  "food_insecurity",
  "practical_transport_digital",
  "frailty_falls",
]);
export const NeedCategory = z.union([NationalNeed, localExtension]);
export type NeedCategory = z.infer<typeof NeedCategory>;

export const NationalSupport = z.enum([
  "advice_information",
  "social_connection_befriending",
  "arts_culture",
  "physical_activity",
  "green_nature",
  "learning_skills",
  "volunteering",
  "peer_support",
  "practical_support",
  "statutory_specialist",
]);
export const SupportCategory = z.union([NationalSupport, localExtension]);
export type SupportCategory = z.infer<typeof SupportCategory>;

export const StrengthCategory = z.enum([
  "family_support",
  "friends_neighbours",
  "skills_experience",
  "interests_hobbies",
  "faith_community",
  "motivation",
  "digital_access",
  "mobility",
]);
export type StrengthCategory = z.infer<typeof StrengthCategory>;

export const RejectionReason = z.enum([
  "outside_eligibility",
  "outside_area",
  "needs_specialist_service",
  "safeguarding_route",
  "duplicate_referral",
  "source_not_accepted",
  "other",
]);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const DeclineReason = z.enum(["not_interested", "not_right_time", "already_supported", "no_reason_given", "other"]);
export type DeclineReason = z.infer<typeof DeclineReason>;

export const ContactChannel = z.enum(["phone", "text", "email", "letter", "home_visit", "in_person"]);
export type ContactChannel = z.infer<typeof ContactChannel>;

export const ConversationMode = z.enum(["face_to_face", "phone", "video", "home_visit", "group"]);
export type ConversationMode = z.infer<typeof ConversationMode>;

/** How far the link worker went to connect the person: from a leaflet to going with them. */
export const ConnectionMode = z.enum(["signposted", "referred", "accompanied"]);
export type ConnectionMode = z.infer<typeof ConnectionMode>;

export const ConnectionOutcome = z.enum([
  "attended",
  "ongoing",
  "completed",
  "did_not_attend",
  "dropped_out",
  "waiting_list",
  "declined_by_provider",
]);
export type ConnectionOutcome = z.infer<typeof ConnectionOutcome>;

export const UnmetNeedReason = z.enum([
  "no_provision",
  "waiting_list",
  "provider_full",
  "cost",
  "transport",
  "access",
  "eligibility",
  "language",
  "other",
]);
export type UnmetNeedReason = z.infer<typeof UnmetNeedReason>;

export const GoalProgress = z.enum(["not_started", "some_progress", "achieved", "abandoned"]);
export type GoalProgress = z.infer<typeof GoalProgress>;

export const AssessmentTimepoint = z.enum(["baseline", "review", "follow_up", "closure"]);
export type AssessmentTimepoint = z.infer<typeof AssessmentTimepoint>;

export const ClosureReason = z.enum([
  "goals_met",
  "connected_to_support",
  "unreachable",
  "disengaged",
  "moved_away",
  "died",
  "referred_elsewhere",
  "episode_length_reached",
  "other",
]);
export type ClosureReason = z.infer<typeof ClosureReason>;

export const HealthcareSetting = z.enum(["gp_appointment", "ae_attendance", "outpatient", "emergency_admission"]);
export type HealthcareSetting = z.infer<typeof HealthcareSetting>;

export const ReferrerOutcomeStatus = z.enum(["accepted", "declined", "rejected", "in_progress", "closed"]);
export type ReferrerOutcomeStatus = z.infer<typeof ReferrerOutcomeStatus>;

/**
 * How a community provider takes people (docs/events.md, "Providers"): by a referral sent to it
 * (it reports back on each connection), or by signposting only (the person goes on their own).
 */
export const ProviderReferralRoute = z.enum(["direct_referral", "signposting_only"]);
export type ProviderReferralRoute = z.infer<typeof ProviderReferralRoute>;

/**
 * What a provider reported on a connection, in the order it may report it: accepted, declined or
 * waitlisted first (waitlisted then accepted or declined), then attended or did not attend a session
 * (any number of times), then finished. The case decider and the history checker hold that order.
 */
export const ProviderUpdate = z.enum(["accepted", "declined", "waitlisted", "attended", "did_not_attend", "finished"]);
export type ProviderUpdate = z.infer<typeof ProviderUpdate>;

/**
 * Why a provider declined a connection: a small vocabulary of the provider's reasons, none about the
 * person's health. `at_capacity` and `service_paused` are "could not take"; every decline counts as
 * a gap in the unmet-needs report, by its reason.
 */
export const ProviderDeclineReason = z.enum([
  "at_capacity",
  "service_paused",
  "not_eligible",
  "outside_remit",
  "could_not_contact",
  "other",
]);
export type ProviderDeclineReason = z.infer<typeof ProviderDeclineReason>;

/** How a provider is funded: a grant (given for its work), or a commission (bought against a specification). */
export const FundingKind = z.enum(["grant", "commission"]);
export type FundingKind = z.infer<typeof FundingKind>;
