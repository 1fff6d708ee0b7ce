import * as E from "fp-ts/lib/Either.js";
import { linkwork, openSchemePolicy } from "@linkwork/core";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { buildReports, type ReportView } from "../src/index.js";

let counter = 0;
function command(type: string, occurredAt: string, fields: Record<string, unknown>): Record<string, unknown> {
  counter += 1;
  const commandId = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
  return { type, commandId, occurredAt, recordedBy: "admin-1", ...fields };
}

/**
 * The capacity report, exact and shared, as of the end of March 2024, of one PCN of 10,000 patients
 * (list size recorded at `listSizeAt`) with no link worker and one GP referral at each of `referralTimes`.
 */
export async function capacityReportOf(
  listSizeAt: string,
  referralTimes: readonly string[],
): Promise<{ readonly exact: ReportView; readonly shared: ReportView }> {
  const store = memoryEventStore();
  const app = linkwork(store, { policy: openSchemePolicy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
  const commands = [
    command("RecordPcnListSize", listSizeAt, { pcnId: "U00001", registeredPatients: 10_000 }),
    ...referralTimes.map((at, index) =>
      command("ReceiveReferral", at, {
        caseId: `case_capacity${index}`,
        personId: `person_capacity${index}`,
        pcnId: "U00001",
        practiceId: "P00004",
        source: "gp",
        reasons: ["loneliness"],
        consent: { contact: true, shareOutcomeWithReferrer: false },
      }),
    ),
  ];
  for (const input of commands) {
    const handled = await app.handle(input);
    if (E.isLeft(handled)) throw new Error(handled.left.message);
  }
  const built = await buildReports(readAllSource(store), { reports: ["capacity"], settings: { asOf: "2024-03-31T23:59:59.999Z" } });
  await store.close();
  if (E.isLeft(built)) throw new Error(built.left.message);
  const report = built.right.reports[0]!;
  return { exact: report.view, shared: report.sharedView };
}
