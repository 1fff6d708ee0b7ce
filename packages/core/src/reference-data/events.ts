import { z } from "zod";
import { LinkWorkerId, PcnCode, PracticeCode } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";
import { LocalCode } from "../events/vocabulary.js";
import { PracticeListCompositionRecorded } from "./list-composition.js";
import { EventDate } from "../events/event-date.js";

/** A PCN's registered list size, effective from the event's occurredAt. */
export const PcnListSizeRecorded = eventSchema(
  "PcnListSizeRecorded",
  1,
  z.object({ pcnId: PcnCode, registeredPatients: z.number().int().min(0).max(2_000_000) }),
);

/**
 * A practice (or, without practiceId, every practice of the PCN) started offering social prescribing
 * on startDate: the staggered design of an evaluation compares practices started with those not yet
 * started (docs/statistics.md). On the PCN's stream.
 */
export const SocialPrescribingStarted = eventSchema(
  "SocialPrescribingStarted",
  1,
  z.object({ pcnId: PcnCode, practiceId: PracticeCode.optional(), startDate: EventDate }),
);

export const Fte = z.number().gt(0, "fte must be above 0").max(1, "fte is at most 1.0");

/** Link workers as capacity: joining, hours changing, leaving (effective at occurredAt). */
export const LinkWorkerJoined = eventSchema("LinkWorkerJoined", 1, z.object({ linkWorkerId: LinkWorkerId, pcnId: PcnCode, fte: Fte }));
export const LinkWorkerFteChanged = eventSchema("LinkWorkerFteChanged", 1, z.object({ linkWorkerId: LinkWorkerId, fte: Fte }));
export const LinkWorkerLeft = eventSchema("LinkWorkerLeft", 1, z.object({ linkWorkerId: LinkWorkerId }));

/** The code lists a scheme may extend with local codes: needs (also referral reasons) and kinds of support. */
export const CodeList = z.enum(["need", "support"]);
export type CodeList = z.infer<typeof CodeList>;

/**
 * A label for a local code, as a report shows it: a category's name, never a person's details.
 * Bounded and free of control characters, like every text a report may echo.
 */
export const CodeLabel = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/, "must not contain control characters");

/** A scheme's local code joins a list, with its label (the stream is `codelist-<list>`). */
export const LocalCodeRegistered = eventSchema("LocalCodeRegistered", 1, z.object({ list: CodeList, code: LocalCode, label: CodeLabel }));

export const ReferenceEvent = z.discriminatedUnion("type", [
  PcnListSizeRecorded,
  LinkWorkerJoined,
  LinkWorkerFteChanged,
  LinkWorkerLeft,
  LocalCodeRegistered,
  SocialPrescribingStarted,
  PracticeListCompositionRecorded,
]);
export type ReferenceEvent = z.infer<typeof ReferenceEvent>;
