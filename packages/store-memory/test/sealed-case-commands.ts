import { randomUUID } from "node:crypto";

// The commands of one sealed case, shared by the sealing store's tests (one thread and worker opening).
const at = (minute: number) => new Date(Date.UTC(2025, 0, 6, 9, minute)).toISOString().replace(".000Z", "Z");
export const command = (type: string, caseId: string, minute: number, fields: Record<string, unknown>) => ({
  type,
  caseId,
  commandId: randomUUID(),
  occurredAt: at(minute),
  recordedBy: "lw_w1",
  ...fields,
});

/** A case with a referral, an acceptance, a conversation and a closure: sealed fields in most events. */
export function caseCommands(caseId: string, personId: string) {
  return [
    command("ReceiveReferral", caseId, 0, {
      personId,
      pcnId: "U00001",
      practiceId: "B82005",
      source: "gp",
      reasons: ["domestic_abuse", "loneliness"],
      consent: { contact: true, shareOutcomeWithReferrer: false },
    }),
    command("AcceptReferral", caseId, 1, { linkWorkerId: "lw_w1" }),
    command("HoldConversation", caseId, 2, { mode: "phone", minutes: 30, needs: ["bereavement"], strengths: ["motivation"] }),
    command("CloseCase", caseId, 3, { reason: "died" }),
  ];
}
