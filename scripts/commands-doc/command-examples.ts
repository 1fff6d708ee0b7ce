// One worked example per command: the source docs/commands.md is generated from (with the zod
// schemas) and the examples a test runs through the handler (integration/core/commands-doc.test.ts).
// Over 400 lines on purpose: every command's example, rules and events in one place, as the doc shows them.
import { eventIdFor, type EventType } from "@linkwork/core";
import { gpRecordEntryId } from "@linkwork/core/gp-record";

/** A command as written in the doc: every field spelled out. */
export type CommandInput = Readonly<Record<string, unknown>>;

export interface CommandExample {
  /** What the command records, in a sentence. */
  readonly summary: string;
  /** The decider's rules beyond the fields' types (the schema's are listed from the schema itself). */
  readonly rules: readonly string[];
  /** Every event type the command can cause, in the order they are appended. */
  readonly causes: readonly EventType[];
  /** Commands handled first, so the example is accepted (none for a first command). */
  readonly given: readonly CommandInput[];
  /** The worked example. */
  readonly example: CommandInput;
}

const at = (day: number, hour = 9): string => new Date(Date.UTC(2025, 0, 6 + day, hour)).toISOString().replace(".000Z", "Z");
/** Command ids numbered in the example file, so the doc and its events never change between runs. */
const id = (n: number): string => `0194c1a0-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;

const caseId = "case_c0001";
const onCase = (type: string, n: number, day: number, fields: Record<string, unknown> = {}): CommandInput => ({
  type,
  caseId,
  commandId: id(n),
  occurredAt: at(day),
  recordedBy: "lw_ana1",
  ...fields,
});

const referral = onCase("ReceiveReferral", 1, 0, {
  recordedBy: "ref_gp0193",
  personId: "person_7f3a",
  pcnId: "U81042",
  practiceId: "B82005",
  source: "gp",
  referrerId: "ref_gp0193",
  reasons: ["loneliness", "money_debt_benefits"],
  consent: { contact: true, shareOutcomeWithReferrer: true },
});
const acceptance = onCase("AcceptReferral", 2, 1, { linkWorkerId: "lw_ana1" });
const conversation = onCase("HoldConversation", 3, 3, {
  mode: "face_to_face",
  minutes: 55,
  needs: ["loneliness", "money_debt_benefits"],
  strengths: ["interests_hobbies"],
  whatMattersRef: "note-wmty-1",
});
const plan = onCase("AgreePlan", 4, 3, {
  goals: [
    { goalId: "goal-1", need: "loneliness", noteRef: "note-goal-1" },
    { goalId: "goal-2", need: "money_debt_benefits" },
  ],
});
const connection = onCase("MakeConnection", 5, 5, {
  connectionId: "conn-1",
  goalId: "goal-1",
  providerId: "prov_walkinggroup1",
  activity: "physical_activity",
  mode: "accompanied",
});
const followUp = onCase("ScheduleFollowUp", 6, 5, { followUpId: "fu-1", dueOn: "2025-02-03" });
const closure = onCase("CloseCase", 7, 40, { reason: "goals_met", notifyReferrer: true });

const provider: CommandInput = {
  type: "RegisterProvider",
  providerId: "prov_walkinggroup1",
  commandId: id(63),
  occurredAt: at(-4),
  recordedBy: "admin-1",
  directory: "local",
  name: "Riverside walking group",
  supportCategories: ["physical_activity"],
  route: "direct_referral",
};

const referred = [referral];
const accepted = [referral, acceptance];
const talking = [...accepted, conversation];
const planned = [...talking, plan];
const connected = [...planned, connection];

const open = "only while the case is open (referred, accepted, in conversation or plan agreed)";
const engaged = "only after acceptance, while the case is open (accepted, in conversation or plan agreed)";
const forward = "`occurredAt` is not before the case's latest event";
const inEpisode = "falls within the scheme's episode length from the referral (`episodeLengthDays`, 183 by default)";

/** The GP record entry of the example case's acceptance: from the case and the acceptance's event (docs/gp-record.md). */
const acceptanceEntryId = gpRecordEntryId(caseId, eventIdFor(id(2), 0, at(1)));

/** Every command's example, by command type. */
export const commandExamples: Readonly<Record<string, CommandExample>> = {
  ReceiveReferral: {
    summary: "Starts a case: a referral of a person (by pseudonym) to a PCN's social prescribing service.",
    rules: [
      "only for a case not yet referred: a case starts with exactly one referral",
      "`source` is one the scheme accepts (`acceptedSources`; a GP-only scheme takes `gp` alone)",
      "a local need code (`x-...`) in `reasons` must be registered first (`RegisterLocalCode`)",
    ],
    causes: ["ReferralReceived"],
    given: [],
    example: referral,
  },
  AcceptReferral: {
    summary: "The service takes the referral on: the person is allocated a link worker.",
    rules: [
      "only when the case is referred",
      forward,
      inEpisode,
      "with the scheme's `notifyReferrerOnAcceptance` (on by default) and consent to share the outcome, the referrer is told (SNOMED CT 871731000000106)",
    ],
    causes: ["ReferralAccepted", "FeedbackSentToReferrer"],
    given: referred,
    example: acceptance,
  },
  RejectReferral: {
    summary: "The service turns the referral down.",
    rules: [
      "only when the case is referred",
      forward,
      "with `notifyReferrer` and consent to share the outcome, the referrer is told first",
    ],
    causes: ["FeedbackSentToReferrer", "ReferralRejected"],
    given: referred,
    example: onCase("RejectReferral", 20, 1, { reason: "outside_area", notifyReferrer: true }),
  },
  DeclineSocialPrescribing: {
    summary: "The person declines social prescribing (GP record: SNOMED CT 871711000000103).",
    rules: [
      "only when the case is referred or accepted",
      forward,
      "with `notifyReferrer` and consent to share the outcome, the referrer is told first",
    ],
    causes: ["FeedbackSentToReferrer", "SocialPrescribingDeclined"],
    given: referred,
    example: onCase("DeclineSocialPrescribing", 21, 1, { reason: "not_right_time", notifyReferrer: false }),
  },
  RecordContactAttempt: {
    summary: "The link worker tried to reach the person.",
    rules: [
      engaged,
      forward,
      inEpisode,
      "an unanswered attempt is refused once the scheme's `contactAttemptsBeforeUnreachable` (3) unanswered attempts are reached; close the case as unreachable",
    ],
    causes: ["ContactAttempted"],
    given: accepted,
    example: onCase("RecordContactAttempt", 22, 2, { channel: "phone", reached: true }),
  },
  HoldConversation: {
    summary: "A 'what matters to you' conversation, with the needs and strengths it found.",
    rules: [
      engaged,
      forward,
      inEpisode,
      "counts as a contact: refused once the scheme's `maxContacts` (12) are used",
      "local need codes must be registered first",
    ],
    causes: ["ConversationHeld"],
    given: accepted,
    example: conversation,
  },
  AssessWellbeing: {
    summary: "An outcome measure: the instrument's answers, scored by the instrument (ONS4, WEMWBS, SWEMWBS, UCLA3, or a scheme's own).",
    rules: [engaged, forward, "`instrument` is one the service knows, and every answer is inside its item's range"],
    causes: ["WellbeingAssessed"],
    given: talking,
    example: onCase("AssessWellbeing", 23, 3, { instrument: "UCLA3", timepoint: "baseline", items: [2, 3, 2] }),
  },
  AgreePlan: {
    summary: "The personalised plan: its goals, each named by a need category.",
    rules: ["only after a conversation, before any plan (in conversation)", forward, inEpisode, "goal ids are distinct"],
    causes: ["PlanAgreed"],
    given: talking,
    example: plan,
  },
  RevisePlan: {
    summary: "A new version of the plan; goals carried over keep their progress.",
    rules: ["only once a plan is agreed", forward, inEpisode, "goal ids are distinct"],
    causes: ["PlanRevised"],
    given: planned,
    example: onCase("RevisePlan", 24, 10, {
      goals: [
        { goalId: "goal-1", need: "loneliness" },
        { goalId: "goal-3", need: "physical_activity_lifestyle" },
      ],
    }),
  },
  RecordGoalProgress: {
    summary: "Progress on one goal of the plan.",
    rules: ["only once a plan is agreed", forward, "`goalId` names a goal of the current plan"],
    causes: ["GoalProgressRecorded"],
    given: planned,
    example: onCase("RecordGoalProgress", 25, 12, { goalId: "goal-2", progress: "some_progress" }),
  },
  MakeConnection: {
    summary: "The person is connected to community support for one goal: signposted, referred or accompanied.",
    rules: [
      "only once a plan is agreed",
      forward,
      inEpisode,
      "`goalId` names a goal of the plan; `connectionId` is new in the case",
      "a local support code must be registered first",
    ],
    causes: ["ConnectionMade"],
    given: planned,
    example: connection,
  },
  RecordConnectionOutcome: {
    summary: "What happened with a connection (attended, dropped out, waiting list, ...).",
    rules: ["only once a plan is agreed", forward, "`connectionId` names a connection of the case"],
    causes: ["ConnectionOutcomeRecorded"],
    given: connected,
    example: onCase("RecordConnectionOutcome", 26, 14, { connectionId: "conn-1", outcome: "attended" }),
  },
  RecordUnmetNeed: {
    summary: "A need no local service could meet, and why.",
    rules: [engaged, forward, "a local need code must be registered first"],
    causes: ["UnmetNeedRecorded"],
    given: talking,
    example: onCase("RecordUnmetNeed", 27, 4, { need: "money_debt_benefits", reason: "waiting_list", providerId: "prov_cab1" }),
  },
  ScheduleFollowUp: {
    summary: "A follow-up, due on a date (by default the scheme's `followUpIntervalDays`, 28, after `occurredAt`).",
    rules: [
      "only after a conversation (in conversation or plan agreed)",
      forward,
      inEpisode,
      "`followUpId` is new in the case",
      "`dueOn` is from the day it is scheduled to 365 days after",
    ],
    causes: ["FollowUpScheduled"],
    given: talking,
    example: followUp,
  },
  CompleteFollowUp: {
    summary: "A scheduled follow-up took place (a contact).",
    rules: [
      "only after a conversation (in conversation or plan agreed)",
      forward,
      inEpisode,
      "`followUpId` names a scheduled follow-up not yet completed",
      "counts as a contact: refused once the scheme's `maxContacts` are used",
    ],
    causes: ["FollowUpCompleted"],
    given: [...talking, followUp],
    example: onCase("CompleteFollowUp", 28, 28, { followUpId: "fu-1", mode: "phone" }),
  },
  SendFeedbackToReferrer: {
    summary: "Tells the referrer how the case is going (the 'message back to GP and referrer').",
    rules: [
      engaged,
      forward,
      "only with the person's consent to share the outcome (`noConsentToShareOutcome` otherwise)",
      "the first feedback after acceptance carries SNOMED CT 871731000000106; later ones report progress",
    ],
    causes: ["FeedbackSentToReferrer"],
    given: connected,
    example: onCase("SendFeedbackToReferrer", 29, 15),
  },
  ReassignLinkWorker: {
    summary: "Another link worker takes the case over.",
    rules: [engaged, forward, "`toLinkWorkerId` is not the link worker who holds the case"],
    causes: ["LinkWorkerReassigned"],
    given: accepted,
    example: onCase("ReassignLinkWorker", 30, 20, { recordedBy: "admin-1", toLinkWorkerId: "lw_ben1" }),
  },
  CloseCase: {
    summary: "The episode ends, with the reason.",
    rules: [open, forward, "with `notifyReferrer` and consent to share the outcome, the referrer is told first"],
    causes: ["FeedbackSentToReferrer", "CaseClosed"],
    given: connected,
    example: closure,
  },
  AcknowledgeGpRecordEntries: {
    summary: "The embedder wrote these GP record entries (from the `gp-record-outbox` read model) to the GP system.",
    rules: [
      "for any case after its referral, ended ones included (their last entries are sent after they end)",
      forward,
      "each id names a GP record entry of this case (`UNKNOWN_REFERENCE` otherwise), not already acknowledged, and appears once",
      "an ended case with every entry acknowledged (or none caused) takes no acknowledgement (`VALIDATION_FAILED` naming `entryIds[0]`, whatever the ids)",
    ],
    causes: ["GpRecordEntriesSent"],
    given: accepted,
    example: onCase("AcknowledgeGpRecordEntries", 31, 2, { recordedBy: "gp-sync", entryIds: [acceptanceEntryId] }),
  },
  RecordHealthcareUsage: {
    summary: "Healthcare use imported from the GP system for one person over an inclusive period.",
    rules: ["`periodEnd` is not before `periodStart`", "time never runs backwards in the person's stream"],
    causes: ["HealthcareUsageRecorded"],
    given: [],
    example: {
      type: "RecordHealthcareUsage",
      personId: "person_7f3a",
      commandId: id(40),
      occurredAt: at(2),
      recordedBy: "gp-import",
      setting: "gp_appointment",
      periodStart: "2024-10-01",
      periodEnd: "2024-12-31",
      count: 4,
    },
  },
  EnrolInComparisonCohort: {
    summary: "Enrols a person who was not referred in the comparison cohort, with their index date.",
    rules: ["a person is enrolled once", "time never runs backwards in the person's stream"],
    causes: ["ComparisonCohortEnrolled"],
    given: [],
    example: {
      type: "EnrolInComparisonCohort",
      personId: "person_9c2e",
      commandId: id(41),
      occurredAt: at(2),
      recordedBy: "evaluator-1",
      pcnId: "U81042",
      indexDate: "2025-01-07",
      matchedCaseId: caseId,
    },
  },
  RecordPcnListSize: {
    summary: "A PCN's registered list size, effective from `occurredAt`.",
    rules: ["time never runs backwards in the PCN's stream"],
    causes: ["PcnListSizeRecorded"],
    given: [],
    example: {
      type: "RecordPcnListSize",
      pcnId: "U81042",
      commandId: id(50),
      occurredAt: at(-4),
      recordedBy: "admin-1",
      registeredPatients: 41250,
    },
  },
  RegisterLinkWorker: {
    summary: "A link worker joins a PCN at a whole-time equivalent.",
    rules: ["a link worker joins once, and not after leaving", "time never runs backwards in the link worker's stream"],
    causes: ["LinkWorkerJoined"],
    given: [],
    example: {
      type: "RegisterLinkWorker",
      linkWorkerId: "lw_ana1",
      commandId: id(51),
      occurredAt: at(-4),
      recordedBy: "admin-1",
      pcnId: "U81042",
      fte: 1,
    },
  },
  ChangeLinkWorkerFte: {
    summary: "A link worker's hours change.",
    rules: ["only for a link worker who joined and has not left", "time never runs backwards in the link worker's stream"],
    causes: ["LinkWorkerFteChanged"],
    given: [
      {
        type: "RegisterLinkWorker",
        linkWorkerId: "lw_ana1",
        commandId: id(52),
        occurredAt: at(-4),
        recordedBy: "admin-1",
        pcnId: "U81042",
        fte: 1,
      },
    ],
    example: {
      type: "ChangeLinkWorkerFte",
      linkWorkerId: "lw_ana1",
      commandId: id(53),
      occurredAt: at(30),
      recordedBy: "admin-1",
      fte: 0.6,
    },
  },
  RecordLinkWorkerLeft: {
    summary: "A link worker leaves.",
    rules: ["only for a link worker who joined and has not left", "time never runs backwards in the link worker's stream"],
    causes: ["LinkWorkerLeft"],
    given: [
      {
        type: "RegisterLinkWorker",
        linkWorkerId: "lw_ana1",
        commandId: id(54),
        occurredAt: at(-4),
        recordedBy: "admin-1",
        pcnId: "U81042",
        fte: 1,
      },
    ],
    example: { type: "RecordLinkWorkerLeft", linkWorkerId: "lw_ana1", commandId: id(55), occurredAt: at(90), recordedBy: "admin-1" },
  },
  RegisterLocalCode: {
    summary: "Adds a scheme's local need or support code (`x-...`) to its list, with a label for reports.",
    rules: ["a code already in the list is refused", "time never runs backwards in the list's stream"],
    causes: ["LocalCodeRegistered"],
    given: [],
    example: {
      type: "RegisterLocalCode",
      list: "need",
      commandId: id(56),
      occurredAt: at(-5),
      recordedBy: "admin-1",
      code: "x-cost-of-living",
      label: "Cost of living",
    },
  },
  RecordSocialPrescribingStart: {
    summary:
      "A practice (or, without `practiceId`, every practice of the PCN) started offering social prescribing: the staggered design's start date.",
    rules: ["time never runs backwards in the PCN's stream"],
    causes: ["SocialPrescribingStarted"],
    given: [],
    example: {
      type: "RecordSocialPrescribingStart",
      pcnId: "U81042",
      commandId: id(57),
      occurredAt: at(-4),
      recordedBy: "admin-1",
      practiceId: "B82005",
      startDate: "2025-01-06",
    },
  },
  RecordPracticeListComposition: {
    summary:
      "A practice's registered list counted by age band, sex, census ethnic group and deprivation decile: the equity report's denominators.",
    rules: ["no breakdown may count more patients than `registeredPatients`", "time never runs backwards in the PCN's stream"],
    causes: ["PracticeListCompositionRecorded"],
    given: [],
    example: {
      type: "RecordPracticeListComposition",
      pcnId: "U81042",
      practiceId: "B82005",
      commandId: id(58),
      occurredAt: at(-4),
      recordedBy: "admin-1",
      registeredPatients: 9120,
      byAgeBand: { "0-17": 1900, "18-24": 800, "65-74": 1100 },
      bySex: { "1": 4500, "2": 4600 },
      byEthnicGroup: { white: 7000, asian: 1200, black: 400 },
      byDeprivationDecile: { "1": 1500, "2": 1300 },
    },
  },
  GiveConsent: {
    summary: "The person gives consent for one purpose: contact, sharing the outcome with the referrer, or use in evaluation.",
    rules: ["any time after the referral, after the case ended too", "consent already given for the purpose is refused"],
    causes: ["ConsentGiven"],
    given: referred,
    example: onCase("GiveConsent", 59, 1, { purpose: "evaluation" }),
  },
  WithdrawConsent: {
    summary: "The person withdraws consent for one purpose; the handler and the feedback follow it from then on.",
    rules: ["any time after the referral, after the case ended too", "consent not in force for the purpose is refused"],
    causes: ["ConsentWithdrawn"],
    given: referred,
    example: onCase("WithdrawConsent", 60, 1, { purpose: "shareOutcomeWithReferrer" }),
  },
  RecordProviderUpdate: {
    summary:
      "What the community organisation reported on a connection: accepted, declined (with a reason), waitlisted, attended, did not attend, finished.",
    rules: [
      "only once a plan is agreed",
      forward,
      "`connectionId` names a connection of the case",
      "in order: accepted, declined or waitlisted first; attended, did not attend and finished only once accepted; nothing after declined or finished",
      "a reason with `declined` only, and then required",
    ],
    causes: ["ProviderUpdateRecorded"],
    given: connected,
    example: onCase("RecordProviderUpdate", 61, 6, { connectionId: "conn-1", update: "accepted" }),
  },
  RecordActivityBudgetSpend: {
    summary: "Money from the scheme's activity budget spent for a goal of the plan (sealed: personal data).",
    rules: [
      "only once a plan is agreed",
      forward,
      inEpisode,
      "`goalId` names a goal of the plan; `connectionId`, when given, a connection",
    ],
    causes: ["ActivityBudgetSpent"],
    given: connected,
    example: onCase("RecordActivityBudgetSpend", 62, 6, { goalId: "goal-1", connectionId: "conn-1", amountPence: 2400 }),
  },
  RegisterProvider: {
    summary:
      "Lists a community organisation in the directory: an Open Referral UK service (its UUID) or a local `prov_` id, with its support categories and route.",
    rules: ["a provider is registered once", "the id fits its directory", "a local support code must be registered first"],
    causes: ["ProviderRegistered"],
    given: [],
    example: provider,
  },
  DeclareProviderCapacity: {
    summary: "The places a month a provider can take and its waiting list, from `occurredAt`.",
    rules: ["only for a registered provider", "time never runs backwards in the provider's stream"],
    causes: ["ProviderCapacityDeclared"],
    given: [provider],
    example: {
      type: "DeclareProviderCapacity",
      providerId: "prov_walkinggroup1",
      commandId: id(64),
      occurredAt: at(-3),
      recordedBy: "admin-1",
      monthlyPlaces: 20,
      waitingList: 3,
    },
  },
  AwardFunding: {
    summary: "A grant or commission to a provider: the amount in pence, its period (both dates included) and the needs it is for.",
    rules: [
      "only for a registered provider",
      "a funding id is recorded once",
      "the period ends on or after its start, and less than ten years after it (a longer period would fan out to a funding-report row a month)",
      "a local need code must be registered first",
    ],
    causes: ["FundingAwarded"],
    given: [provider],
    example: {
      type: "AwardFunding",
      providerId: "prov_walkinggroup1",
      commandId: id(65),
      occurredAt: at(-3),
      recordedBy: "admin-1",
      fundingId: "fund-2025-1",
      kind: "grant",
      amountPence: 1200000,
      periodStart: "2025-04-01",
      periodEnd: "2026-03-31",
      needs: ["loneliness"],
    },
  },
};
