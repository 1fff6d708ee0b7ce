import type { EventType } from "@linkwork/core";

/**
 * Plain-words labels for what a history holds, for a person reading their own subject access export:
 * what each event means, what each field is, and each code in words.
 */

/** What each event type records, as a sentence's subject. */
export const eventLabels: { readonly [Type in EventType]: string } = {
  ReferralReceived: "You were referred to social prescribing",
  ReferralAccepted: "Your referral was accepted and a link worker assigned",
  ReferralRejected: "Your referral was not accepted",
  SocialPrescribingDeclined: "You declined social prescribing",
  ContactAttempted: "The link worker tried to contact you",
  ConversationHeld: "You had a conversation with your link worker",
  WellbeingAssessed: "Your wellbeing was measured with a questionnaire",
  PlanAgreed: "You agreed a plan with your link worker",
  PlanRevised: "Your plan was changed",
  GoalProgressRecorded: "Progress on one of your goals was noted",
  ConnectionMade: "You were put in touch with a service or group",
  ConnectionOutcomeRecorded: "What happened with a service or group was noted",
  UnmetNeedRecorded: "A need that no local service could meet was noted",
  FollowUpScheduled: "A follow-up was arranged",
  FollowUpCompleted: "A follow-up took place",
  FeedbackSentToReferrer: "The person who referred you was told the outcome",
  LinkWorkerReassigned: "Your case moved to another link worker",
  CaseClosed: "Your case was closed",
  GpRecordEntriesSent: "Entries about your social prescribing were written to your GP record",
  ConsentGiven: "You gave your consent",
  ConsentWithdrawn: "You withdrew your consent",
  HealthcareUsageRecorded: "Your use of health services was copied from your GP record",
  ComparisonCohortEnrolled: "You were included in a comparison group for evaluating the service",
  PcnListSizeRecorded: "A Primary Care Network's list size was recorded",
  LinkWorkerJoined: "A link worker joined",
  LinkWorkerFteChanged: "A link worker's hours changed",
  LinkWorkerLeft: "A link worker left",
  LocalCodeRegistered: "A local code was registered",
  SocialPrescribingStarted: "A practice started offering social prescribing",
  PracticeListCompositionRecorded: "A practice's list was counted by age, sex, ethnic group and deprivation",
  ProviderUpdateRecorded: "The service or group told us how your referral went",
  ActivityBudgetSpent: "Money was spent on an activity in your plan",
  ProviderRegistered: "A service or group joined the directory",
  ProviderCapacityDeclared: "A service or group said how many people it can take",
  FundingAwarded: "A service or group was funded",
};

/** What each field holds. */
const fieldLabels: Readonly<Record<string, string>> = {
  caseId: "Case number",
  personId: "Your reference number",
  pcnId: "Primary Care Network",
  practiceId: "GP practice",
  source: "Who referred you",
  referrerId: "Referrer's reference",
  reasons: "Reasons for the referral",
  consent: "What you agreed to",
  contact: "The service may contact you",
  shareOutcomeWithReferrer: "The outcome may be shared with the person who referred you",
  evaluation: "Your record, without your name or NHS number, may be used to evaluate the service",
  purpose: "What for",
  linkWorkerId: "Link worker",
  fromLinkWorkerId: "From link worker",
  toLinkWorkerId: "To link worker",
  reason: "Reason",
  channel: "How",
  reached: "Reached you",
  mode: "How",
  minutes: "Minutes",
  needs: "Needs talked about",
  strengths: "Strengths talked about",
  whatMattersRef: "Reference to what matters to you (in the local record)",
  instrument: "Questionnaire",
  instrumentVersion: "Questionnaire version",
  timepoint: "When",
  items: "Your answers",
  scores: "Scores",
  goals: "Goals",
  goalId: "Goal",
  need: "Need",
  noteRef: "Reference to your words (in the local record)",
  progress: "Progress",
  connectionId: "Connection",
  providerId: "Service or group",
  activity: "Kind of support",
  outcome: "Outcome",
  followUpId: "Follow-up",
  dueOn: "Due on",
  status: "Status",
  snomedCode: "Code for your GP record",
  connections: "Services or groups you were put in touch with",
  setting: "Service",
  periodStart: "From",
  periodEnd: "To",
  count: "Number of times",
  indexDate: "Date compared around",
  matchedCaseId: "Case you were matched with",
  update: "What the service or group said",
  amountPence: "Amount (pence)",
  // What a person register may hold (the subject access export's "Your details").
  nhsNumber: "NHS number",
  name: "Name",
  givenName: "Given name",
  familyName: "Family name",
  dateOfBirth: "Date of birth",
  address: "Address",
  postcode: "Postcode",
  phone: "Phone",
  email: "Email",
  ageBand: "Age band",
  sex: "Sex",
  ethnicGroup: "Ethnic group",
  deprivationDecile: "Deprivation decile",
};

/** A field's label: from the table, or its name in words. */
export function fieldLabel(field: string): string {
  return fieldLabels[field] ?? field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Codes whose words alone would not read plainly. */
const codeWords: Readonly<Record<string, string>> = {
  gp: "GP",
  vcse: "voluntary or community organisation",
  job_centre: "Jobcentre",
  ae_attendance: "A&E attendance",
  gp_appointment: "GP appointment",
  outpatient: "outpatient appointment",
  emergency_admission: "emergency admission to hospital",
  face_to_face: "face to face",
  did_not_attend: "did not attend",
  shareOutcomeWithReferrer: "sharing the outcome with the person who referred you",
  evaluation: "using your record to evaluate the service",
  ONS4: "ONS4 personal wellbeing questions",
  WEMWBS: "Warwick-Edinburgh Mental Wellbeing Scale",
  SWEMWBS: "Short Warwick-Edinburgh Mental Wellbeing Scale",
  UCLA3: "UCLA 3-item loneliness scale",
  // SNOMED CT concepts the service sends to GP records (docs/architecture.md).
  "871731000000106": "Referral to social prescribing service (SNOMED CT 871731000000106)",
  "871711000000103": "Social prescribing declined (SNOMED CT 871711000000103)",
};

/** A code in plain words: `money_debt_benefits` → "money debt benefits"; a local `x-` code says it is local. */
export function codeLabel(code: string): string {
  const known = codeWords[code];
  if (known !== undefined) return known;
  if (/^x-[a-z0-9-]+$/.test(code)) return `${code.slice(2).replace(/-/g, " ")} (a local category)`;
  return code.replace(/_/g, " ");
}
