import * as E from "fp-ts/lib/Either.js";
import { gpRecordOutboxProjection, gpRecordOutboxSummary, type GpRecordOutboxSummary } from "@linkwork/projections";
import { defineReport } from "./define-report.js";
import { words } from "./figure-format.js";
import { column } from "./report-view.js";

/** What the GP record outbox holds, counted by practice, kind and sharing: what a drain would send. */
export const gpRecordOutboxReport = defineReport({
  name: "gp-record-outbox",
  readModel: () => gpRecordOutboxProjection(),
  query: (state) => E.right<{ readonly message: string }, GpRecordOutboxSummary>(gpRecordOutboxSummary(state)),
  view: (report, figures) => ({
    description:
      "GP record entries not yet acknowledged as sent: the coded entries (the PRSB message back to the GP) each practice's system should hold.",
    asOf: report.asOf ?? "no events yet",
    summary: [`${figures.count(report.entries)} entries waiting to be written to GP systems.`],
    notes: [
      "Referral accepted carries SNOMED CT 871731000000106 (once per episode), a decline 871711000000103; outcome measures, needs, support and closure have no code Linkwork can cite and go as summaries (docs/gp-record.md).",
      "With the person's consent to share the outcome an entry carries its detail (summary); without it, only its code, and uncoded entries are withheld.",
      "The outbox shows what is waiting now: --as-of does not apply to it.",
    ],
    tables: [
      {
        id: "by-practice",
        title: "Entries waiting, by practice",
        columns: [
          column("practice", "Practice", "text"),
          column("entry", "Entry", "text"),
          column("snomed_code", "SNOMED CT", "text"),
          column("sharing", "Sharing", "text"),
          column("entries", "Entries", "count"),
        ],
        rows: report.rows.map((row) => [row.practiceId, words(row.kind), row.snomedCode ?? "uncoded", words(row.sharing), row.entries]),
      },
    ],
  }),
});
