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
  /** How a provider takes people: direct referral or signposting only. */
  ProviderReferralRoute,
  /** What a provider reported on a connection. */
  ProviderUpdate,
  /** Why a provider declined a connection. */
  ProviderDeclineReason,
  /** How a provider is funded: grant or commission. */
  FundingKind,
} from "../events/vocabulary.js";

// The person register's equity fields (docs/privacy.md)
export {
  /** NHS ethnic category (2001 census, 16+1 codes, 99 not known). */
  EthnicCategory,
  /** Sex as the NHS Data Dictionary codes it: 0 not known, 1 male, 2 female, 9 not specified. */
  PersonSex,
  /** Linkwork's age bands for equity breakdowns. */
  AgeBand,
  /** Index of Multiple Deprivation decile, 1 most deprived to 10 least. */
  DeprivationDecile,
  /** One person's equity fields as the register holds them (each optional): what equity reports group by. */
  EquityFields,
} from "../personal-data/person-details.js";
export {
  /** The census's high-level ethnic groups (White, Mixed, Asian, Black, Other, and not stated). */
  CensusEthnicGroup,
  /** The census high-level group of an NHS ethnic category letter. */
  censusEthnicGroup,
} from "../personal-data/census-ethnic-group.js";
export {
  /** Deprivation deciles as the keys of a list composition: "1" to "10". */
  DecileKey,
} from "../reference-data/list-composition.js";
