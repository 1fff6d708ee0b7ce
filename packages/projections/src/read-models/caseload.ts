import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import { openSchemePolicy, SchemePolicy, validationFailed, type CaseEvent, type DomainError, type RecordedEvent } from "@linkwork/core";
import type { Projection } from "../projection.js";
import { CaseMilestonesJson, endedAt, openAt, recordMilestone, referralMilestones, type CaseMilestones } from "./case-milestones.js";
import { AsOfOptions, happenedBy, reportPeriod } from "./report-period.js";
import {
  applyRetaining,
  asOfRetained,
  createRetention,
  noteCaseEnded,
  restoreRetention,
  RetentionDays,
  type Retention,
} from "./retention.js";
import { snapshotCodec } from "./snapshot-codec.js";
import { occurredAtMs } from "./occurred-at.js";
import { streamEntity } from "./stream-entity.js";

const DAY_MS = 86_400_000;

export const CaseloadSettings = z.strictObject({
  /** The scheme's policy: its maximum contacts and episode length are what caseloads are held against. */
  policy: SchemePolicy.default(openSchemePolicy),
  /**
   * Days a case's detail is kept after it ended (default 92), or "all". Caseloads count open cases,
   * so a case that ended before the horizon counts in no report the model still answers: it is dropped.
   */
  retentionDays: RetentionDays,
});
export type CaseloadSettings = z.output<typeof CaseloadSettings>;
export type CaseloadSettingsInput = z.input<typeof CaseloadSettings>;

interface FollowUp {
  readonly followUpId: string;
  readonly dueOn: string;
  readonly scheduledAt: number;
  completedAt: number | null;
}

interface Holder {
  readonly at: number;
  readonly linkWorkerId: string;
}

/** A case's detail. The lists are absent until their first entry: many cases end with few or none. */
interface CaseloadCase {
  readonly milestones: CaseMilestones;
  /** Who held the case from when: the accepting link worker, then each reassignment. */
  holders?: Holder[];
  /** When each contact happened: conversations and completed follow-ups, as the policy counts them. */
  contacts?: number[];
  followUps?: FollowUp[];
}

interface LinkWorkerTenure {
  readonly pcnId: string;
  readonly joinedAt: number;
  leftAt: number | null;
}

/**
 * Every open case and every case that ended within the retention (so a caseload can be asked for as
 * of any instant from the horizon on), and every registered link worker (so one in post with no
 * cases still gets a row).
 */
export interface CaseloadState {
  readonly settings: CaseloadSettings;
  readonly cases: Map<string, CaseloadCase>;
  readonly linkWorkers: Map<string, LinkWorkerTenure>;
  latestOccurredAt: number | null;
  readonly retention: Retention;
}

/** Where an open case stands. `connected` is a plan with at least one connection made. */
export type CaseloadStage = "awaiting_acceptance" | "awaiting_first_contact" | "in_conversation" | "plan_agreed" | "connected";
export const caseloadStages: readonly CaseloadStage[] = [
  "awaiting_acceptance",
  "awaiting_first_contact",
  "in_conversation",
  "plan_agreed",
  "connected",
];

/** One open case as of the report's instant. */
export interface OpenCaseRow {
  readonly caseId: string;
  readonly pcnId: string;
  /** The link worker holding the case; null while it awaits acceptance. */
  readonly linkWorkerId: string | null;
  readonly stage: CaseloadStage;
  readonly referredAt: string;
  /** Calendar days (UTC) since the referral. */
  readonly daysOpen: number;
  /** True while no conversation has been held. */
  readonly waitingForFirstContact: boolean;
  /** Calendar days from the referral to the first conversation, or to asOf while still waiting. */
  readonly daysToFirstContact: number;
  readonly contactsUsed: number;
  readonly contactsRemaining: number;
  /** Scheduled, uncompleted follow-ups due on or before asOf's date. */
  readonly followUpsDue: number;
  /** Of those, the ones due before asOf's date. */
  readonly followUpsOverdue: number;
  /** Open longer than the policy's episode length (the decider's rule: referral + length < asOf). */
  readonly beyondEpisodeLength: boolean;
}

/** Figures of a group of open cases (one link worker's, one PCN's). */
export interface CaseloadFigures {
  readonly openCases: number;
  readonly byStage: Readonly<Record<CaseloadStage, number>>;
  /** Cases with at least one follow-up due. */
  readonly followUpDue: number;
  /** Follow-ups (not cases) past their due date. */
  readonly overdueFollowUps: number;
  readonly waitingForFirstContact: number;
  /** Mean and longest days since referral of the cases still waiting; null when none wait. */
  readonly meanDaysWaiting: number | null;
  readonly longestDaysWaiting: number | null;
  /** Mean days from referral to first conversation of the open cases that have had one. */
  readonly meanDaysToFirstContact: number | null;
  readonly contactsUsed: number;
  /** Open cases times the policy's maximum contacts. */
  readonly contactsAllowed: number;
  readonly casesAtContactLimit: number;
  readonly beyondEpisodeLength: number;
}

export type LinkWorkerEmployment = "in_post" | "left" | "not_registered";

export interface LinkWorkerCaseloadRow extends CaseloadFigures {
  readonly linkWorkerId: string;
  /** The PCN the link worker joined; null when they were never registered. */
  readonly pcnId: string | null;
  /** A worker who left but still holds open cases shows up as `left`: those cases need a new holder. */
  readonly employment: LinkWorkerEmployment;
}

export interface PcnCaseloadRow extends CaseloadFigures {
  readonly pcnId: string;
}

export interface CaseloadReport<Row> {
  readonly asOf: string;
  readonly maxContacts: number;
  readonly episodeLengthDays: number;
  readonly rows: readonly Row[];
}

/** Applies a case event after its referral; contact, follow-up and holder facts on top of the milestones. */
function applyCaseEvent(record: CaseloadCase, event: Exclude<CaseEvent, { type: "ReferralReceived" }>): void {
  recordMilestone(record.milestones, event);
  const at = occurredAtMs(event.metadata);
  switch (event.type) {
    case "ReferralAccepted":
      (record.holders ??= []).push({ at, linkWorkerId: event.data.linkWorkerId });
      return;
    case "LinkWorkerReassigned":
      (record.holders ??= []).push({ at, linkWorkerId: event.data.toLinkWorkerId });
      return;
    case "ConversationHeld":
      (record.contacts ??= []).push(at);
      return;
    case "FollowUpScheduled":
      (record.followUps ??= []).push({ followUpId: event.data.followUpId, dueOn: event.data.dueOn, scheduledAt: at, completedAt: null });
      return;
    case "FollowUpCompleted": {
      (record.contacts ??= []).push(at);
      const followUp = record.followUps?.find((candidate) => candidate.followUpId === event.data.followUpId);
      if (followUp !== undefined) followUp.completedAt ??= at;
      return;
    }
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionMade":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FeedbackSentToReferrer":
    case "CaseClosed":
      return;
  }
}

/** Caseloads count open cases only: a case that ended before the horizon is open at no instant a report may ask for. */
function forgetCase(state: CaseloadState, caseId: string): void {
  state.cases.delete(caseId);
}

function applyEvent(state: CaseloadState, recorded: RecordedEvent, at: number): CaseloadState {
  const { event } = recorded;
  switch (event.type) {
    case "LinkWorkerJoined":
      if (!state.linkWorkers.has(event.data.linkWorkerId)) {
        state.linkWorkers.set(event.data.linkWorkerId, { pcnId: event.data.pcnId, joinedAt: at, leftAt: null });
      }
      return state;
    case "LinkWorkerLeft": {
      const tenure = state.linkWorkers.get(event.data.linkWorkerId);
      if (tenure !== undefined) tenure.leftAt ??= at;
      return state;
    }
    case "LinkWorkerFteChanged":
    case "PcnListSizeRecorded":
    case "HealthcareUsageRecorded":
    case "ComparisonCohortEnrolled":
      return state;
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (!state.cases.has(caseId)) state.cases.set(caseId, { milestones: referralMilestones(event) });
      return state;
    }
    case "ReferralAccepted":
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ContactAttempted":
    case "ConversationHeld":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionMade":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "CaseClosed": {
      const caseId = streamEntity(recorded.streamId);
      const record = state.cases.get(caseId);
      if (record === undefined) return state;
      const wasOpen = endedAt(record.milestones) === null;
      applyCaseEvent(record, event);
      const ended = endedAt(record.milestones);
      if (wasOpen && ended !== null) noteCaseEnded(state.retention, caseId, ended);
      return state;
    }
  }
}

/** Whole calendar days (UTC) from one instant's date to another's. */
function calendarDays(from: number, to: number): number {
  return Math.floor(to / DAY_MS) - Math.floor(from / DAY_MS);
}

function openCaseRow(caseId: string, record: CaseloadCase, asOf: number, policy: SchemePolicy): OpenCaseRow {
  const { milestones } = record;
  const asOfDate = new Date(asOf).toISOString().slice(0, 10);
  const stage: CaseloadStage = happenedBy(milestones.firstConnectionAt, asOf)
    ? "connected"
    : happenedBy(milestones.planAgreedAt, asOf)
      ? "plan_agreed"
      : happenedBy(milestones.firstConversationAt, asOf)
        ? "in_conversation"
        : happenedBy(milestones.acceptedAt, asOf)
          ? "awaiting_first_contact"
          : "awaiting_acceptance";
  const holder = record.holders?.filter((entry) => entry.at <= asOf).at(-1);
  const firstConversation = happenedBy(milestones.firstConversationAt, asOf) ? milestones.firstConversationAt : null;
  const contactsUsed = record.contacts?.filter((at) => at <= asOf).length ?? 0;
  const pending = (record.followUps ?? []).filter((followUp) => followUp.scheduledAt <= asOf && !happenedBy(followUp.completedAt, asOf));
  return {
    caseId,
    pcnId: milestones.pcnId,
    linkWorkerId: holder?.linkWorkerId ?? null,
    stage,
    referredAt: new Date(milestones.referredAt).toISOString(),
    daysOpen: calendarDays(milestones.referredAt, asOf),
    waitingForFirstContact: firstConversation === null,
    daysToFirstContact: calendarDays(milestones.referredAt, firstConversation ?? asOf),
    contactsUsed,
    contactsRemaining: Math.max(0, policy.maxContacts - contactsUsed),
    followUpsDue: pending.filter((followUp) => followUp.dueOn <= asOfDate).length,
    followUpsOverdue: pending.filter((followUp) => followUp.dueOn < asOfDate).length,
    beyondEpisodeLength: asOf > milestones.referredAt + policy.episodeLengthDays * DAY_MS,
  };
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function caseloadFigures(rows: readonly OpenCaseRow[], maxContacts: number): CaseloadFigures {
  const waiting = rows.filter((row) => row.waitingForFirstContact).map((row) => row.daysToFirstContact);
  const contacted = rows.filter((row) => !row.waitingForFirstContact).map((row) => row.daysToFirstContact);
  const byStage = Object.fromEntries(caseloadStages.map((stage) => [stage, rows.filter((row) => row.stage === stage).length])) as Record<
    CaseloadStage,
    number
  >;
  return {
    openCases: rows.length,
    byStage,
    followUpDue: rows.filter((row) => row.followUpsDue > 0).length,
    overdueFollowUps: rows.reduce((sum, row) => sum + row.followUpsOverdue, 0),
    waitingForFirstContact: waiting.length,
    meanDaysWaiting: mean(waiting),
    longestDaysWaiting: waiting.length === 0 ? null : Math.max(...waiting),
    meanDaysToFirstContact: mean(contacted),
    contactsUsed: rows.reduce((sum, row) => sum + row.contactsUsed, 0),
    contactsAllowed: rows.length * maxContacts,
    casesAtContactLimit: rows.filter((row) => row.contactsUsed >= maxContacts).length,
    beyondEpisodeLength: rows.filter((row) => row.beyondEpisodeLength).length,
  };
}

function report<Row>(state: CaseloadState, asOf: number, rows: readonly Row[]): CaseloadReport<Row> {
  const { policy } = state.settings;
  return { asOf: new Date(asOf).toISOString(), maxContacts: policy.maxContacts, episodeLengthDays: policy.episodeLengthDays, rows };
}

function openRowsAt(state: CaseloadState, asOf: number): OpenCaseRow[] {
  const rows: OpenCaseRow[] = [];
  for (const [caseId, record] of state.cases) {
    if (openAt(record.milestones, asOf)) rows.push(openCaseRow(caseId, record, asOf, state.settings.policy));
  }
  return rows.sort((a, b) => byKey(a.caseId, b.caseId));
}

function inPostAt(tenure: LinkWorkerTenure, asOf: number): boolean {
  return tenure.joinedAt <= asOf && !happenedBy(tenure.leftAt, asOf);
}

/**
 * Every case open at asOf (referred, not rejected, declined or closed), by case id. Like the other
 * caseload reports, refuses an asOf before the retention horizon (cases ended then are forgotten).
 */
export function caseloadOpenCases(state: CaseloadState, options: AsOfOptions = {}): E.Either<DomainError, CaseloadReport<OpenCaseRow>> {
  return pipe(
    reportPeriod(AsOfOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => asOfRetained(state.retention, period)),
    E.map((period) => report(state, period.asOf, openRowsAt(state, period.asOf))),
  );
}

/**
 * One row per link worker holding open cases at asOf or in post at asOf (with no cases: zeros). A
 * case counts for the worker holding it at asOf: reassignment moves it. Cases awaiting acceptance
 * have no holder, so `byStage.awaiting_acceptance` is always 0 here; they appear in the PCN rows.
 */
export function caseloadByLinkWorker(
  state: CaseloadState,
  options: AsOfOptions = {},
): E.Either<DomainError, CaseloadReport<LinkWorkerCaseloadRow>> {
  return pipe(
    reportPeriod(AsOfOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => asOfRetained(state.retention, period)),
    E.map(({ asOf }) => {
      const held = new Map<string, OpenCaseRow[]>();
      for (const [linkWorkerId, tenure] of state.linkWorkers) if (inPostAt(tenure, asOf)) held.set(linkWorkerId, []);
      for (const row of openRowsAt(state, asOf)) {
        if (row.linkWorkerId === null) continue;
        const rows = held.get(row.linkWorkerId) ?? [];
        rows.push(row);
        held.set(row.linkWorkerId, rows);
      }
      const rows = [...held.keys()].sort(byKey).map((linkWorkerId): LinkWorkerCaseloadRow => {
        const tenure = state.linkWorkers.get(linkWorkerId);
        const employment: LinkWorkerEmployment =
          tenure === undefined || tenure.joinedAt > asOf ? "not_registered" : inPostAt(tenure, asOf) ? "in_post" : "left";
        return {
          linkWorkerId,
          pcnId: employment === "not_registered" ? null : (tenure?.pcnId ?? null),
          employment,
          ...caseloadFigures(held.get(linkWorkerId) ?? [], state.settings.policy.maxContacts),
        };
      });
      return report(state, asOf, rows);
    }),
  );
}

/** One row per PCN with open cases or a link worker in post at asOf; the case's PCN is its referral's. */
export function caseloadByPcn(state: CaseloadState, options: AsOfOptions = {}): E.Either<DomainError, CaseloadReport<PcnCaseloadRow>> {
  return pipe(
    reportPeriod(AsOfOptions, options, state.latestOccurredAt),
    E.flatMap(({ period }) => asOfRetained(state.retention, period)),
    E.map(({ asOf }) => {
      const byPcn = new Map<string, OpenCaseRow[]>();
      for (const tenure of state.linkWorkers.values()) if (inPostAt(tenure, asOf)) byPcn.set(tenure.pcnId, []);
      for (const row of openRowsAt(state, asOf)) {
        const rows = byPcn.get(row.pcnId) ?? [];
        rows.push(row);
        byPcn.set(row.pcnId, rows);
      }
      const rows = [...byPcn.keys()]
        .sort(byKey)
        .map((pcnId): PcnCaseloadRow => ({ pcnId, ...caseloadFigures(byPcn.get(pcnId) ?? [], state.settings.policy.maxContacts) }));
      return report(state, asOf, rows);
    }),
  );
}

const CaseloadCaseJson = z.object({
  milestones: CaseMilestonesJson,
  holders: z.array(z.object({ at: z.number().int(), linkWorkerId: z.string() })).optional(),
  contacts: z.array(z.number().int()).optional(),
  followUps: z
    .array(z.object({ followUpId: z.string(), dueOn: z.string(), scheduledAt: z.number().int(), completedAt: z.number().int().nullable() }))
    .optional(),
});

/** The snapshot's form; it records the retention it was taken with, as the state depends on it. */
function caseloadJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([z.string(), CaseloadCaseJson])),
    linkWorkers: z.array(
      z.tuple([z.string(), z.object({ pcnId: z.string(), joinedAt: z.number().int(), leftAt: z.number().int().nullable() })]),
    ),
    latestOccurredAt: z.number().int().nullable(),
  });
}
type CaseloadJson = z.infer<ReturnType<typeof caseloadJson>>;

function initialState(settings: CaseloadSettings): CaseloadState {
  return { settings, cases: new Map(), linkWorkers: new Map(), latestOccurredAt: null, retention: createRetention(settings.retentionDays) };
}

/** A decoded case as the state holds it: empty lists stay absent. */
function caseFromJson(json: z.infer<typeof CaseloadCaseJson>): CaseloadCase {
  const record: CaseloadCase = { milestones: json.milestones };
  if (json.holders !== undefined && json.holders.length > 0) record.holders = json.holders;
  if (json.contacts !== undefined && json.contacts.length > 0) record.contacts = json.contacts;
  if (json.followUps !== undefined && json.followUps.length > 0) record.followUps = json.followUps;
  return record;
}

/**
 * The caseload read model: open cases per link worker and per PCN as of any instant from the
 * retention horizon on, by stage, with first-contact waits, contacts used against the policy's
 * maximum, follow-ups due and overdue, and cases open beyond the episode length. Bad settings are a
 * VALIDATION_FAILED error.
 */
export function caseloadProjection(settings: CaseloadSettingsInput = {}): E.Either<DomainError, Projection<CaseloadState>> {
  const parsed = CaseloadSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("caseload settings", parsed.error));
  const resolved = parsed.data;
  return E.right({
    name: "caseload",
    version: 2,
    initialState: () => initialState(resolved),
    apply: applyRetaining(applyEvent, forgetCase),
    // The policy only shapes the queries, so a restored state takes today's; the retention shapes the
    // state itself, so a snapshot taken with another retentionDays is refused.
    codec: snapshotCodec(
      caseloadJson(resolved.retentionDays),
      (state): CaseloadJson => ({
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        cases: [...state.cases],
        linkWorkers: [...state.linkWorkers],
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => {
        const cases = new Map(json.cases.map(([caseId, record]): [string, CaseloadCase] => [caseId, caseFromJson(record)]));
        const ended = [...cases].flatMap(([caseId, record]): [string, number][] => {
          const at = endedAt(record.milestones);
          return at === null ? [] : [[caseId, at]];
        });
        return {
          settings: resolved,
          cases,
          linkWorkers: new Map(json.linkWorkers),
          latestOccurredAt: json.latestOccurredAt,
          retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
        };
      },
    ),
  });
}
