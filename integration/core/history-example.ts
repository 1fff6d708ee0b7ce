import * as E from "fp-ts/lib/Either.js";
import { memoryEventStore } from "@linkwork/store-memory";
import {
  exportHistory,
  linkwork,
  openSchemePolicy,
  type EventStore,
  type HistoryExportOptions,
  type LinkworkOptions,
  type RecordedEvent,
} from "@linkwork/core";

/**
 * The example history of the history-file tests and of docs/events.md: one full case episode (every
 * case event), a rejected and a declined referral, healthcare usage, a comparison person, a PCN's
 * list size and a link worker's working life. Every command is accepted in this order.
 */

const commandId = (n: number) => `3f2b8c1e-5d4a-4c7b-9e1f-${n.toString(16).padStart(12, "0")}`;
let counter = 0;
const by = (recordedBy: string, occurredAt: string) => ({ commandId: commandId(++counter), occurredAt, recordedBy });

function exampleCommandsOnce(): readonly Record<string, unknown>[] {
  counter = 0;
  const c1 = { caseId: "case_c0001" };
  return [
    { type: "RecordPcnListSize", pcnId: "U81042", ...by("admin-1", "2025-01-02T09:00:00Z"), registeredPatients: 41250 },
    { type: "RegisterLinkWorker", linkWorkerId: "lw_ana1", ...by("admin-1", "2025-01-02T09:05:00Z"), pcnId: "U81042", fte: 1 },
    {
      type: "ReceiveReferral",
      ...c1,
      ...by("ref_gp0193", "2025-01-06T10:15:00Z"),
      personId: "person_7f3a",
      pcnId: "U81042",
      practiceId: "B82005",
      source: "gp",
      referrerId: "ref_gp0193",
      reasons: ["loneliness", "money_debt_benefits"],
      consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: true },
    },
    { type: "AcceptReferral", ...c1, ...by("lw_ana1", "2025-01-07T09:00:00Z"), linkWorkerId: "lw_ana1" },
    { type: "RecordContactAttempt", ...c1, ...by("lw_ana1", "2025-01-07T09:30:00Z"), channel: "phone", reached: false },
    { type: "RecordContactAttempt", ...c1, ...by("lw_ana1", "2025-01-08T14:00:00Z"), channel: "phone", reached: true },
    {
      type: "HoldConversation",
      ...c1,
      ...by("lw_ana1", "2025-01-14T10:00:00Z"),
      mode: "face_to_face",
      minutes: 55,
      needs: ["loneliness", "money_debt_benefits"],
      strengths: ["interests_hobbies", "motivation"],
      whatMattersRef: "note-wmty-1",
    },
    {
      type: "AssessWellbeing",
      ...c1,
      ...by("lw_ana1", "2025-01-14T10:50:00Z"),
      instrument: "ONS4",
      timepoint: "baseline",
      items: [4, 5, 3, 7],
    },
    {
      type: "AgreePlan",
      ...c1,
      ...by("lw_ana1", "2025-01-14T11:00:00Z"),
      goals: [
        { goalId: "goal-1", need: "loneliness", noteRef: "note-goal-1" },
        { goalId: "goal-2", need: "money_debt_benefits" },
      ],
    },
    { type: "SendFeedbackToReferrer", ...c1, ...by("lw_ana1", "2025-01-14T11:10:00Z") },
    {
      type: "MakeConnection",
      ...c1,
      ...by("lw_ana1", "2025-01-16T13:00:00Z"),
      connectionId: "conn-1",
      goalId: "goal-1",
      providerId: "prov_walkinggroup1",
      activity: "physical_activity",
      mode: "accompanied",
    },
    {
      type: "RecordUnmetNeed",
      ...c1,
      ...by("lw_ana1", "2025-01-16T13:30:00Z"),
      need: "money_debt_benefits",
      reason: "waiting_list",
      providerId: "prov_debtadvice1",
    },
    { type: "ScheduleFollowUp", ...c1, ...by("lw_ana1", "2025-01-16T13:40:00Z"), followUpId: "fu-1" },
    { type: "RecordConnectionOutcome", ...c1, ...by("lw_ana1", "2025-01-30T16:00:00Z"), connectionId: "conn-1", outcome: "attended" },
    { type: "RecordGoalProgress", ...c1, ...by("lw_ana1", "2025-02-13T10:00:00Z"), goalId: "goal-1", progress: "some_progress" },
    { type: "CompleteFollowUp", ...c1, ...by("lw_ana1", "2025-02-13T10:30:00Z"), followUpId: "fu-1", mode: "phone" },
    {
      type: "RevisePlan",
      ...c1,
      ...by("lw_ana1", "2025-02-13T10:40:00Z"),
      goals: [
        { goalId: "goal-1", need: "loneliness", noteRef: "note-goal-1" },
        { goalId: "goal-3", need: "physical_activity_lifestyle" },
      ],
    },
    { type: "ReassignLinkWorker", ...c1, ...by("admin-1", "2025-03-03T09:00:00Z"), toLinkWorkerId: "lw_ben1" },
    {
      type: "AssessWellbeing",
      ...c1,
      ...by("lw_ben1", "2025-04-10T11:00:00Z"),
      instrument: "ONS4",
      timepoint: "closure",
      items: [7, 8, 7, 3],
    },
    { type: "CloseCase", ...c1, ...by("lw_ben1", "2025-04-10T11:30:00Z"), reason: "goals_met" },
    {
      type: "ReceiveReferral",
      caseId: "case_c0002",
      ...by("vcse-worker-9", "2025-01-20T15:00:00Z"),
      personId: "person_22c1",
      pcnId: "U81042",
      practiceId: "B82011",
      source: "vcse",
      reasons: ["housing"],
      consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: true },
    },
    { type: "RejectReferral", caseId: "case_c0002", ...by("lw_ana1", "2025-01-21T09:00:00Z"), reason: "outside_area" },
    {
      type: "ReceiveReferral",
      caseId: "case_c0003",
      ...by("reception-3", "2025-02-03T12:00:00Z"),
      personId: "person_91d0",
      pcnId: "U81042",
      practiceId: "B82005",
      source: "self",
      reasons: ["bereavement", "social_isolation"],
      consent: { contact: true, shareOutcomeWithReferrer: false, evaluation: true },
    },
    { type: "DeclineSocialPrescribing", caseId: "case_c0003", ...by("lw_ana1", "2025-02-05T10:00:00Z"), reason: "not_right_time" },
    {
      type: "RecordHealthcareUsage",
      personId: "person_7f3a",
      ...by("gp-extract", "2025-04-02T06:00:00Z"),
      setting: "gp_appointment",
      periodStart: "2025-01-01",
      periodEnd: "2025-03-31",
      count: 4,
    },
    {
      type: "EnrolInComparisonCohort",
      personId: "person_c3e8",
      ...by("analyst-2", "2025-04-03T09:00:00Z"),
      pcnId: "U81042",
      indexDate: "2025-01-06",
      matchedCaseId: "case_c0001",
    },
    { type: "ChangeLinkWorkerFte", linkWorkerId: "lw_ana1", ...by("admin-1", "2025-04-01T09:00:00Z"), fte: 0.8 },
    { type: "RecordLinkWorkerLeft", linkWorkerId: "lw_ana1", ...by("admin-1", "2025-06-30T17:00:00Z") },
  ];
}

export const exampleCommands: readonly Record<string, unknown>[] = exampleCommandsOnce();

/**
 * The example's scheme: the referrer is told of the acceptance by the explicit SendFeedbackToReferrer
 * the example (and docs/events.md) shows, so acceptance sends nothing by itself.
 */
const examplePolicy = { ...openSchemePolicy, notifyReferrerOnAcceptance: false };

/** A memory store holding the events of `commands`, each handled in order; a refused command fails the test. */
export async function storeWith(commands: readonly unknown[], options: LinkworkOptions = { policy: examplePolicy }): Promise<EventStore> {
  const store = memoryEventStore();
  const app = linkwork(store, options);
  for (const [index, command] of commands.entries()) {
    const handled = await app.handle(command);
    if (E.isLeft(handled)) throw new Error(`command ${index} refused: ${handled.left.message}`);
  }
  return store;
}

/** The whole export of a store as one string. */
export async function exportText(store: EventStore, options: HistoryExportOptions = {}): Promise<string> {
  let text = "";
  for await (const line of exportHistory(store, options)) text += line;
  return text;
}

/** Every event of a store in its global order. */
export async function storedEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll(after === undefined ? { maxCount: 1000 } : { after, maxCount: 1000 });
    if (E.isLeft(page)) throw new Error(page.left.message);
    events.push(...page.right.events);
    const last = page.right.events.at(-1);
    if (page.right.isEnd || last === undefined) return events;
    after = last.position;
  }
}

/** Text as chunks of bytes cut at the given sizes (cycled), as a file or socket delivers it. */
export async function* chunked(text: string, sizes: readonly number[] = [65536]): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const size = Math.max(1, sizes[index % sizes.length] ?? 65536);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

/** The lines of a history text, without their newlines. */
export function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
