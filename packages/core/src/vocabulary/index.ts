// The public API of @linkwork/core/vocabulary: the national code lists and local-code forms that
// enumerated event fields take (docs/events.md), as zod schemas. For forms, simulators and analyses
// that list the values; commands type-check against them without importing anything from here.

export {
  /** Where a referral came from. */
  ReferralSource,
  /** Referral sources that count as the medical route in national reporting. */
  medicalReferralSources,
  /** A need: a national category or a local `x-<slug>`. */
  NeedCategory,
  /** The national need categories. */
  NationalNeed,
  /** A kind of support: a national category or a local `x-<slug>`. */
  SupportCategory,
  /** The national support categories. */
  NationalSupport,
  /** A strength the person brings. */
  StrengthCategory,
  /** Why a referral was rejected. */
  RejectionReason,
  /** Why the person declined social prescribing. */
  DeclineReason,
  /** How a contact was attempted. */
  ContactChannel,
  /** How a conversation was held. */
  ConversationMode,
  /** How a person was connected to support (signposted, referred, accompanied). */
  ConnectionMode,
  /** What came of a connection. */
  ConnectionOutcome,
  /** Why a need went unmet. */
  UnmetNeedReason,
  /** Progress on a goal of the plan. */
  GoalProgress,
  /** When a wellbeing assessment was taken (baseline, review, ...). */
  AssessmentTimepoint,
  /** Why a case was closed. */
  ClosureReason,
  /** A healthcare setting whose use is counted. */
  HealthcareSetting,
  /** The status fed back to the referrer. */
  ReferrerOutcomeStatus,
} from "../events/vocabulary.js";
