import type { CaseCommandInput } from "@linkwork/core";
import { DAY_MS, instantAt } from "@linkwork/core/testing";

// A case's commands written one by one for examples: each with a fresh command id and a day of the episode.

const start = Date.parse("2025-03-03T09:00:00Z");
let commandNumber = 0;

type Body<T extends CaseCommandInput["type"]> = Omit<
  Extract<CaseCommandInput, { type: T }>,
  "type" | "caseId" | "commandId" | "occurredAt" | "recordedBy"
>;

/** The command of type `type` on `caseId`, on day `day` of the episode. */
export function command<T extends CaseCommandInput["type"]>(caseId: string, type: T, day: number, body: Body<T>): CaseCommandInput {
  const commandId = `0195b000-0000-7000-8000-${(++commandNumber).toString(16).padStart(12, "0")}`;
  return { type, caseId, commandId, occurredAt: instantAt(start + day * DAY_MS), recordedBy: "lw_ana1", ...body } as CaseCommandInput;
}

/** A referral, acceptance, conversation, baseline WEMWBS and ONS4, a plan, a connection: a case in progress. */
export function caseInProgress(caseId: string, shareOutcome: boolean): CaseCommandInput[] {
  return [
    command(caseId, "ReceiveReferral", 0, {
      personId: "person_7f3a",
      pcnId: "U00009",
      practiceId: "E00006",
      source: "gp",
      referrerId: "ref_gp12",
      reasons: ["loneliness"],
      consent: { contact: true, shareOutcomeWithReferrer: shareOutcome },
    }),
    command(caseId, "AcceptReferral", 1, { linkWorkerId: "lw_ana1" }),
    command(caseId, "HoldConversation", 3, { mode: "face_to_face", minutes: 50, needs: ["loneliness"], strengths: [] }),
    command(caseId, "AssessWellbeing", 3, {
      instrument: "WEMWBS",
      timepoint: "baseline",
      items: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    }),
    command(caseId, "AssessWellbeing", 3, { instrument: "ONS4", timepoint: "baseline", items: [5, 6, 4, 7] }),
    command(caseId, "AgreePlan", 4, { goals: [{ goalId: "goal-1", need: "loneliness" }] }),
    command(caseId, "MakeConnection", 5, {
      connectionId: "conn-1",
      goalId: "goal-1",
      providerId: "prov_choir1",
      activity: "arts_culture",
      mode: "accompanied",
    }),
  ];
}
