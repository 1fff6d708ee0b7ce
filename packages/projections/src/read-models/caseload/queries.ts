import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { SchemePolicy } from "@linkwork/core";
import { DAY_MS, type DomainError } from "@linkwork/core";
import { openAt } from "../shared/case-milestones.js";
import { AsOfOptions, happenedBy, reportPeriod } from "../shared/report-period.js";
import { asOfRetained } from "../shared/retention.js";
import {
  type OpenCaseRow,
  type CaseloadStage,
  type CaseloadFigures,
  caseloadStages,
  type CaseloadReport,
  type LinkWorkerCaseloadRow,
  type LinkWorkerEmployment,
  type PcnCaseloadRow,
} from "./reports.js";
import type { CaseloadCase, CaseloadState, LinkWorkerTenure } from "./state.js";

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

export function report<Row>(state: CaseloadState, asOf: number, rows: readonly Row[]): CaseloadReport<Row> {
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
 * Every case open at asOf (referred, not rejected, declined or closed), by case id: an operational
 * list for the team running the service, never for sharing (the CLI shows it only in its
 * `--caseload-view operational`). Like the other caseload reports, refuses an asOf before the
 * retention horizon (cases ended then are forgotten).
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
