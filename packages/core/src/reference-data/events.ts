import { z } from "zod";
import { OpaqueId } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";

/** A PCN's registered list size, effective from the event's occurredAt. */
export const PcnListSizeRecorded = eventSchema(
  "PcnListSizeRecorded",
  1,
  z.object({ pcnId: OpaqueId, registeredPatients: z.number().int().min(0).max(2_000_000) }),
);

export const Fte = z.number().gt(0, "fte must be above 0").max(1, "fte is at most 1.0");

/** Link workers as capacity: joining, hours changing, leaving (effective at occurredAt). */
export const LinkWorkerJoined = eventSchema("LinkWorkerJoined", 1, z.object({ linkWorkerId: OpaqueId, pcnId: OpaqueId, fte: Fte }));
export const LinkWorkerFteChanged = eventSchema("LinkWorkerFteChanged", 1, z.object({ linkWorkerId: OpaqueId, fte: Fte }));
export const LinkWorkerLeft = eventSchema("LinkWorkerLeft", 1, z.object({ linkWorkerId: OpaqueId }));

export const ReferenceEvent = z.discriminatedUnion("type", [PcnListSizeRecorded, LinkWorkerJoined, LinkWorkerFteChanged, LinkWorkerLeft]);
export type ReferenceEvent = z.infer<typeof ReferenceEvent>;
