import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { fieldInvalid, formatPath, validationFailed, type DomainError } from "../errors.js";
import { ReferralReceivedV1, ReferralReceivedV2 } from "../case/events.js";
import { compiledEventSchema, currentSchemaVersion, isEventType, type LinkworkEvent } from "./catalogue.js";

/**
 * One step of an event's history: the schema of an older version and how to lift an event of that
 * version to the next one. Steps chain, so a v1 line is lifted v1 -> v2 -> ... -> current on read.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly schema: z.ZodType;
  readonly lift: (event: never) => unknown;
}

function upcaster<S extends z.ZodType>(type: string, fromVersion: number, schema: S, lift: (event: z.infer<S>) => unknown): Upcaster {
  return { type, fromVersion, schema, lift: lift };
}

/** Every retired schema version in the catalogue. Add a step here whenever a version is bumped. */
export const upcasters: readonly Upcaster[] = [
  // v2 split the single consent flag: consent to contact, and consent to share the outcome back.
  upcaster("ReferralReceived", 1, ReferralReceivedV1, (event) => ({
    ...event,
    schemaVersion: 2,
    data: { ...event.data, consent: { contact: event.data.consent, shareOutcomeWithReferrer: event.data.consent } },
  })),
  // v3 added consent to use in evaluation. A v2 referral never asked, and consent is never presumed
  // (UK GDPR Article 7(1)), so it reads as not given; a later ConsentGiven records it (docs/privacy.md).
  upcaster("ReferralReceived", 2, ReferralReceivedV2, (event) => ({
    ...event,
    schemaVersion: 3,
    data: { ...event.data, consent: { ...event.data.consent, evaluation: false } },
  })),
];

const upcasterIndex = new Map(upcasters.map((step) => [`${step.type}@${step.fromVersion}`, step]));

const EventHeader = z.object({ type: z.string().min(1), schemaVersion: z.number().int().min(1) });

/**
 * Validates an event of any known type and version (`{ type, schemaVersion, data, metadata }`) and
 * lifts it to the current version. Unknown types and versions are validation errors, never throws.
 * `pathPrefix` names where the event sits in a larger document (e.g. a history line).
 */
export function parseEvent(raw: unknown, pathPrefix = ""): E.Either<DomainError, LinkworkEvent> {
  // The usual event has a well-formed header: check it by hand, and ask zod only to explain a bad one.
  const candidate = raw as { readonly type?: unknown; readonly schemaVersion?: unknown } | null;
  const wellFormed =
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.type === "string" &&
    candidate.type !== "" &&
    typeof candidate.schemaVersion === "number" &&
    Number.isInteger(candidate.schemaVersion) &&
    candidate.schemaVersion >= 1;
  if (!wellFormed) {
    const header = EventHeader.safeParse(raw);
    return E.left(
      header.success
        ? fieldInvalid("event", pathPrefix || "(root)", "is not an event")
        : validationFailed("event", header.error, pathPrefix),
    );
  }
  const type = candidate.type;
  const schemaVersion = candidate.schemaVersion;
  if (!isEventType(type)) {
    return E.left(fieldInvalid("event", formatPath(["type"], pathPrefix), `unknown event type "${type}"`));
  }
  const current = currentSchemaVersion(type);
  let event: unknown = raw;
  let version = schemaVersion;
  while (version < current) {
    const step = upcasterIndex.get(`${type}@${version}`);
    if (step === undefined) break;
    const parsed = step.schema.safeParse(event);
    if (!parsed.success) return E.left(validationFailed("event", parsed.error, pathPrefix));
    event = step.lift(parsed.data as never);
    version += 1;
  }
  if (version !== current) {
    const message = `${type} has no schema version ${schemaVersion} (current is ${current})`;
    return E.left(fieldInvalid("event", formatPath(["schemaVersion"], pathPrefix), message));
  }
  const parsed = compiledEventSchema(type).safeParse(event);
  return parsed.success ? E.right(parsed.data) : E.left(validationFailed("event", parsed.error, pathPrefix));
}
