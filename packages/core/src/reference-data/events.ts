import { z } from "zod";
import { LinkWorkerId, PcnCode } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";

/** A PCN's registered list size, effective from the event's occurredAt. */
export const PcnListSizeRecorded = eventSchema(
  "PcnListSizeRecorded",
  1,
  z.object({ pcnId: PcnCode, registeredPatients: z.number().int().min(0).max(2_000_000) }),
);

export const Fte = z.number().gt(0, "fte must be above 0").max(1, "fte is at most 1.0");

/** Link workers as capacity: joining, hours changing, leaving (effective at occurredAt). */
export const LinkWorkerJoined = eventSchema("LinkWorkerJoined", 1, z.object({ linkWorkerId: LinkWorkerId, pcnId: PcnCode, fte: Fte }));
export const LinkWorkerFteChanged = eventSchema("LinkWorkerFteChanged", 1, z.object({ linkWorkerId: LinkWorkerId, fte: Fte }));
export const LinkWorkerLeft = eventSchema("LinkWorkerLeft", 1, z.object({ linkWorkerId: LinkWorkerId }));

export const ReferenceEvent = z.discriminatedUnion("type", [PcnListSizeRecorded, LinkWorkerJoined, LinkWorkerFteChanged, LinkWorkerLeft]);
export type ReferenceEvent = z.infer<typeof ReferenceEvent>;
