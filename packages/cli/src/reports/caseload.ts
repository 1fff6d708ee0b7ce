import { sequenceS } from "fp-ts/lib/Apply.js";
import * as E from "fp-ts/lib/Either.js";
import type { DomainError } from "@linkwork/core";
import {
  caseloadByLinkWorker,
  caseloadByPcn,
  caseloadOpenCases,
  caseloadProjection,
  type CaseloadFigures,
  type CaseloadReport,
  type LinkWorkerCaseloadRow,
  type OpenCaseRow,
  type PcnCaseloadRow,
} from "@linkwork/projections";
import type { FigureText } from "../disclosure/shared-view.js";
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { words } from "./figure-format.js";
import { column, meanOf, notPeople, perOf, type Cell, type Column, type ReportView, type TableSums } from "./report-view.js";

const stageKeys = ["awaiting_acceptance", "awaiting_first_contact", "in_conversation", "plan_agreed", "connected"];
/** Open cases seen at least once: the cases the mean days to first contact is over. */
const seenKeys = ["in_conversation", "plan_agreed", "connected"];

const figureColumns: readonly Column[] = [
  column("open_cases", "Open", "count"),
  column("awaiting_acceptance", "Awaiting acceptance", "count", false),
  column("awaiting_first_contact", "Awaiting first contact", "count", false),
  column("in_conversation", "In conversation", "count", false),
  column("plan_agreed", "Plan agreed", "count", false),
  column("connected", "Connected", "count", false),
  column("waiting_for_first_contact", "Waiting", "count"),
  column("mean_days_waiting", "Mean days waiting", "decimal", true, meanOf("waiting_for_first_contact")),
  column("longest_days_waiting", "Longest wait (days)", "count", true, meanOf("waiting_for_first_contact")),
  column("mean_days_to_first_contact", "Mean days to 1st contact", "decimal", true, meanOf(...seenKeys)),
  column("contacts_used", "Contacts used", "count", false),
  column("contacts_allowed", "Contacts allowed", "count", false, perOf("open_cases")),
  column("cases_at_contact_limit", "At contact limit", "count"),
  column("cases_follow_up_due", "Follow-up due", "count"),
  column("overdue_follow_ups", "Overdue follow-ups", "count"),
  column("beyond_episode_length", "Beyond episode", "count"),
];

/** The stages add up to the open cases; the summary gives the totals of three columns. */
const figureSums = (summaryTotals: readonly string[]): TableSums => ({
  rows: { parts: stageKeys, total: "open_cases" },
  columns: summaryTotals,
});

/** The operational case list: one row per open case, by case id. */
function caseListTable(openCases: CaseloadReport<OpenCaseRow>): ReportView["tables"][number] {
  return {
    id: "open-cases",
    title: "Open cases (operational view: lists cases by id; not for sharing)",
    columns: [
      column("case_id", "Case", "text"),
      column("pcn", "PCN", "text"),
      column("link_worker", "Link worker", "text"),
      column("stage", "Stage", "text"),
      column("referred_at", "Referred", "text"),
      column("days_open", "Days open", "count", true, notPeople),
      column("waiting_for_first_contact", "Waiting", "yes-no"),
      column("days_to_first_contact", "Days to 1st contact", "count", false, notPeople),
      column("contacts_used", "Contacts used", "count", true, notPeople),
      column("contacts_remaining", "Contacts left", "count", false, notPeople),
      column("follow_ups_due", "Follow-ups due", "count", true, notPeople),
      column("follow_ups_overdue", "Overdue", "count", true, notPeople),
      column("beyond_episode_length", "Beyond episode", "yes-no"),
    ],
    rows: openCases.rows.map((row) => [
      row.caseId,
      row.pcnId,
      row.linkWorkerId,
      words(row.stage),
      row.referredAt.slice(0, 10),
      row.daysOpen,
      row.waitingForFirstContact,
      row.daysToFirstContact,
      row.contactsUsed,
      row.contactsRemaining,
      row.followUpsDue,
      row.followUpsOverdue,
      row.beyondEpisodeLength,
    ]),
  };
}

function figureCells(figures: CaseloadFigures): Cell[] {
  return [
    figures.openCases,
    figures.byStage.awaiting_acceptance,
    figures.byStage.awaiting_first_contact,
    figures.byStage.in_conversation,
    figures.byStage.plan_agreed,
    figures.byStage.connected,
    figures.waitingForFirstContact,
    figures.meanDaysWaiting,
    figures.longestDaysWaiting,
    figures.meanDaysToFirstContact,
    figures.contactsUsed,
    figures.contactsAllowed,
    figures.casesAtContactLimit,
    figures.followUpDue,
    figures.overdueFollowUps,
    figures.beyondEpisodeLength,
  ];
}

function view(data: CaseloadData, figures: FigureText): Omit<ReportView, "title"> {
  const { byPcn, byLinkWorker, openCases } = data;
  const plural = (count: number, noun: string) => `${figures.count(count)} ${noun}${count === 1 && figures.exact ? "" : "s"}`;
  const open = byPcn.rows.reduce((total, row) => total + row.openCases, 0);
  const waiting = byPcn.rows.reduce((total, row) => total + row.waitingForFirstContact, 0);
  const overdue = byPcn.rows.reduce((total, row) => total + row.overdueFollowUps, 0);
  const leftWithCases = byLinkWorker.rows.filter((row) => row.employment !== "in_post" && row.openCases > 0);
  const summary = [
    `${plural(open, "open case")}, ${figures.count(waiting)} still waiting for a first conversation, ${plural(overdue, "follow-up")} overdue.`,
    `Scheme limits: ${byPcn.maxContacts} contacts per case, episodes of ${byPcn.episodeLengthDays} days.`,
  ];
  if (leftWithCases.length > 0) {
    summary.push(
      `${leftWithCases.length} link worker${leftWithCases.length === 1 ? "" : "s"} no longer in post still hold${leftWithCases.length === 1 ? "s" : ""} open cases: reassign them.`,
    );
  }
  if (openCases !== undefined)
    summary.push("Operational view: the last table lists every open case by its id. Keep it within the team; do not share it.");
  return {
    description:
      "Open cases as of the report's date, by PCN and by link worker: where each case stands, first-contact waits, contacts used and follow-ups due.",
    asOf: byPcn.asOf,
    summary,
    notes: [
      "A case is open from its referral until it is rejected, declined or closed. Waiting means no conversation has been held yet; its days count from the referral.",
      "Cases awaiting acceptance have no link worker yet, so they appear in the PCN table only.",
      ...(openCases === undefined ? ["Case ids are listed only in the operational view (`--caseload-view operational`)."] : []),
    ],
    tables: [
      {
        id: "by-pcn",
        title: "Open cases by PCN",
        columns: [column("pcn", "PCN", "text"), ...figureColumns],
        rows: byPcn.rows.map((row) => [row.pcnId, ...figureCells(row)]),
        sums: figureSums(["open_cases", "waiting_for_first_contact", "overdue_follow_ups"]),
      },
      {
        id: "by-link-worker",
        title: "Open cases by link worker",
        columns: [
          column("link_worker", "Link worker", "text"),
          column("pcn", "PCN", "text"),
          column("employment", "Employment", "text"),
          ...figureColumns,
        ],
        rows: byLinkWorker.rows.map((row) => [row.linkWorkerId, row.pcnId, row.employment.replace(/_/g, " "), ...figureCells(row)]),
        sums: figureSums([]),
      },
      ...(openCases === undefined ? [] : [caseListTable(openCases)]),
    ],
  };
}

/** The caseload report's data: its read model's queries; the case list only in the operational view. */
export interface CaseloadData {
  readonly byPcn: CaseloadReport<PcnCaseloadRow>;
  readonly byLinkWorker: CaseloadReport<LinkWorkerCaseloadRow>;
  /** One row per open case, by case id: present only when `caseloadView` is `operational`. */
  readonly openCases?: CaseloadReport<OpenCaseRow>;
}

/** Open cases by PCN and by link worker; in the operational view, every open case by id too. */
export const caseloadReport = defineReport({
  name: "caseload",
  readModel: (settings) => caseloadProjection({ ...settings.caseload, ...retentionOf(settings) }),
  query: (state, settings): E.Either<DomainError, CaseloadData> =>
    sequenceS(E.Apply)({
      byPcn: caseloadByPcn(state, asOfOf(settings)),
      byLinkWorker: caseloadByLinkWorker(state, asOfOf(settings)),
      ...(settings.caseloadView === "operational" ? { openCases: caseloadOpenCases(state, asOfOf(settings)) } : {}),
    }),
  view,
});
