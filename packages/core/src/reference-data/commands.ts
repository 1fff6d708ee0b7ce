import { z } from "zod";
import { commandFields } from "../decider/command-fields.js";
import { LinkWorkerId, PcnCode, PracticeCode } from "../identifiers.js";
import { CodeLabel, CodeList, Fte } from "./events.js";
import { LocalCode } from "../events/vocabulary.js";
import { RecordPracticeListComposition } from "./list-composition.js";
import { EventDate } from "../events/event-date.js";

/** Records a PCN's registered list size, effective from occurredAt. */
export const RecordPcnListSize = z.object({
  type: z.literal("RecordPcnListSize"),
  pcnId: PcnCode,
  ...commandFields,
  registeredPatients: z.number().int().min(0).max(2_000_000),
});
/** Records the date a practice (or, without practiceId, the whole PCN) started offering social prescribing. */
export const RecordSocialPrescribingStart = z.object({
  type: z.literal("RecordSocialPrescribingStart"),
  pcnId: PcnCode,
  ...commandFields,
  practiceId: PracticeCode.optional(),
  startDate: EventDate,
});
/** A link worker joins a PCN at some whole-time equivalent. */
export const RegisterLinkWorker = z.object({
  type: z.literal("RegisterLinkWorker"),
  linkWorkerId: LinkWorkerId,
  ...commandFields,
  pcnId: PcnCode,
  fte: Fte,
});
/** A link worker's hours change. */
export const ChangeLinkWorkerFte = z.object({
  type: z.literal("ChangeLinkWorkerFte"),
  linkWorkerId: LinkWorkerId,
  ...commandFields,
  fte: Fte,
});
/** A link worker leaves. */
export const RecordLinkWorkerLeft = z.object({ type: z.literal("RecordLinkWorkerLeft"), linkWorkerId: LinkWorkerId, ...commandFields });

/** Registers a scheme's local code in a list, with its label; a code already in the list is refused. */
export const RegisterLocalCode = z.object({
  type: z.literal("RegisterLocalCode"),
  list: CodeList,
  ...commandFields,
  code: LocalCode,
  label: CodeLabel,
});

/** Any reference-data command (PCN list sizes and compositions, link workers, local codes). */
export const ReferenceCommand = z.discriminatedUnion("type", [
  RecordPcnListSize,
  RegisterLinkWorker,
  ChangeLinkWorkerFte,
  RecordLinkWorkerLeft,
  RegisterLocalCode,
  RecordSocialPrescribingStart,
  RecordPracticeListComposition,
]);
export type ReferenceCommand = z.infer<typeof ReferenceCommand>;
