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
import { defineReport } from "./define-report.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { formatNumber } from "./figure-format.js";
import { column, type Cell, type Column, type ReportView } from "./report-view.js";

const figureColumns: readonly Column[] = [
  column("open_cases", "Open", "count"),
  column("awaiting_acceptance", "Awaiting acceptance", "count", false),
  column("awaiting_first_contact", "Awaiting first contact", "count", false),
  column("in_conversation", "In conversation", "count", false),
  column("plan_agreed", "Plan agreed", "count", false),
  column("connected", "Connected", "count", false),
  column("waiting_for_first_contact", "Waiting", "count"),
  column("mean_days_waiting", "Mean days waiting", "decimal"),
  column("longest_days_waiting", "Longest wait (days)", "count"),
  column("mean_days_to_first_contact", "Mean days to 1st contact", "decimal"),
  column("contacts_used", "Contacts used", "count", false),
  column("contacts_allowed", "Contacts allowed", "count", false),
  column("cases_at_contact_limit", "At contact limit", "count"),
  column("cases_follow_up_due", "Follow-up due", "count"),
  column("overdue_follow_ups", "Overdue follow-ups", "count"),
  column("beyond_episode_length", "Beyond episode", "count"),
];

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

const plural = (count: number, noun: string) => `${formatNumber(count, 0)} ${noun}${count === 1 ? "" : "s"}`;

function view(byPcn: CaseloadReport<PcnCaseloadRow>, byLinkWorker: CaseloadReport<LinkWorkerCaseloadRow>): Omit<ReportView, "title"> {
  const open = byPcn.rows.reduce((total, row) => total + row.openCases, 0);
  const waiting = byPcn.rows.reduce((total, row) => total + row.waitingForFirstContact, 0);
  const overdue = byPcn.rows.reduce((total, row) => total + row.overdueFollowUps, 0);
  const leftWithCases = byLinkWorker.rows.filter((row) => row.employment !== "in_post" && row.openCases > 0);
  const summary = [
    `${plural(open, "open case")}, ${formatNumber(waiting, 0)} still waiting for a first conversation, ${plural(overdue, "follow-up")} overdue.`,
    `Scheme limits: ${byPcn.maxContacts} contacts per case, episodes of ${byPcn.episodeLengthDays} days.`,
  ];
  if (leftWithCases.length > 0) {
    summary.push(
      `${leftWithCases.length} link worker${leftWithCases.length === 1 ? "" : "s"} no longer in post still hold${leftWithCases.length === 1 ? "s" : ""} open cases: reassign them.`,
    );
  }
  return {
    description:
      "Open cases as of the report's date, by PCN and by link worker: where each case stands, first-contact waits, contacts used and follow-ups due.",
    asOf: byPcn.asOf,
    summary,
    notes: [
      "A case is open from its referral until it is rejected, declined or closed. Waiting means no conversation has been held yet; its days count from the referral.",
      "Cases awaiting acceptance have no link worker yet, so they appear in the PCN table only.",
    ],
    tables: [
      {
        id: "by-pcn",
        title: "Open cases by PCN",
        columns: [column("pcn", "PCN", "text"), ...figureColumns],
        rows: byPcn.rows.map((row) => [row.pcnId, ...figureCells(row)]),
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
      },
    ],
  };
}

/** The caseload report's data: its read model's three queries. */
export interface CaseloadData {
  readonly byPcn: CaseloadReport<PcnCaseloadRow>;
  readonly byLinkWorker: CaseloadReport<LinkWorkerCaseloadRow>;
  readonly openCases: CaseloadReport<OpenCaseRow>;
}

/** Open cases by PCN and by link worker. */
export const caseloadReport = defineReport({
  name: "caseload",
  readModel: (settings) => caseloadProjection({ ...settings.caseload, ...retentionOf(settings) }),
  query: (state, settings): E.Either<DomainError, CaseloadData> =>
    sequenceS(E.Apply)({
      byPcn: caseloadByPcn(state, asOfOf(settings)),
      byLinkWorker: caseloadByLinkWorker(state, asOfOf(settings)),
      openCases: caseloadOpenCases(state, asOfOf(settings)),
    }),
  view: ({ byPcn, byLinkWorker }) => view(byPcn, byLinkWorker),
});
