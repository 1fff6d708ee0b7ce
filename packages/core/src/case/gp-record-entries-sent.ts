import { z } from "zod";
import { eventSchema } from "../events/envelope.js";

/**
 * The id of one GP record entry: `gpr_` and 32 hex digits of SHA-256 over the case id and the id of
 * the event that caused the entry, so the same history always yields the same ids (an embedder can
 * send an entry, crash, and know it again on restart) and no two entries share one.
 */
export const GpRecordEntryId = z.string().regex(/^gpr_[0-9a-f]{32}$/, "must be a GP record entry id: gpr_ and 32 hex digits");
export type GpRecordEntryId = z.infer<typeof GpRecordEntryId>;

/** The most entries one acknowledgement names: a drain acknowledges in batches of at most this. */
export const maxEntriesPerAcknowledgement = 100;

/**
 * The entries one acknowledgement names: 1 to `maxEntriesPerAcknowledgement`, each once. One schema
 * for the command and the event, so the handler and a history file's checker refuse the same list.
 */
export const GpRecordEntryIds = z
  .array(GpRecordEntryId)
  .min(1)
  .max(maxEntriesPerAcknowledgement)
  .superRefine((ids, context) => {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      if (seen.has(id)) context.addIssue({ code: "custom", path: [index], message: "names the same GP record entry as an earlier one" });
      seen.add(id);
    });
  });

/**
 * The embedder wrote these entries to the GP system (EMIS, SystmOne): the outbox leaves them out from
 * now on, so nothing is sent twice, and an entry not yet acknowledged is still there after a restart.
 */
export const GpRecordEntriesSent = eventSchema("GpRecordEntriesSent", 1, z.object({ entryIds: GpRecordEntryIds }));
