import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork, openSchemePolicy } from "@linkwork/core";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { buildReports, type ReportView } from "../src/index.js";

// The decline rate is declines among the referrals whose person decided (docs/reports.md): a person
// who accepted and later declined decided once. Shared, it is recomputed from the published counts,
// so its denominator must be the referrals decided, not accepted + declined (which counts them twice).

let counter = 0;
function command(type: string, occurredAt: string, fields: Record<string, unknown>): Record<string, unknown> {
  counter += 1;
  const commandId = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
  return { type, commandId, occurredAt, recordedBy: "admin-1", ...fields };
}

/** 20 GP referrals in March 2024, all accepted; the first 10 people then decline. */
async function referralSourceViews(): Promise<{ readonly exact: ReportView; readonly shared: ReportView }> {
  const store = memoryEventStore();
  const app = linkwork(store, { policy: openSchemePolicy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
  const commands: Record<string, unknown>[] = [
    command("RegisterLinkWorker", "2024-03-01T08:00:00Z", { linkWorkerId: "lw_w1", pcnId: "U00001", fte: 1 }),
  ];
  for (let index = 0; index < 20; index += 1) {
    const caseId = `case_decide${index}`;
    commands.push(
      command("ReceiveReferral", "2024-03-02T09:00:00Z", {
        caseId,
        personId: `person_decide${index}`,
        pcnId: "U00001",
        practiceId: "P00004",
        source: "gp",
        reasons: ["loneliness"],
        consent: { contact: true, shareOutcomeWithReferrer: false },
      }),
      command("AcceptReferral", "2024-03-03T09:00:00Z", { caseId, linkWorkerId: "lw_w1" }),
    );
    if (index < 10) commands.push(command("DeclineSocialPrescribing", "2024-03-04T09:00:00Z", { caseId, reason: "not_interested" }));
  }
  for (const input of commands) {
    const handled = await app.handle(input);
    if (E.isLeft(handled)) throw new Error(handled.left.message);
  }
  const built = await buildReports(readAllSource(store), { reports: ["referral-sources"] });
  await store.close();
  if (E.isLeft(built)) throw new Error(built.left.message);
  const report = built.right.reports[0]!;
  return { exact: report.view, shared: report.sharedView };
}

const declineRates = (view: ReportView) => {
  const table = view.tables[0]!;
  const at = table.columns.findIndex((column) => column.key === "decline_rate");
  return table.rows.map((row) => row[at]);
};

describe("the referral-source report's decline rate", () => {
  it("is declines among people who decided, shared as exact: 10 of the 20 who decided, not 10 of 30", async () => {
    const { exact, shared } = await referralSourceViews();
    // By hand: 20 accepted, 10 of them later declined: 20 decided, 10 declined, 50%.
    expect(declineRates(exact)).toEqual([0.5, 0.5]);
    // Every count is 10 or 20, published as it is, so the shared rate is the same 50%.
    expect(declineRates(shared)).toEqual([0.5, 0.5]);
  });
});
