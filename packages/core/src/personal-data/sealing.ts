import { createCipheriv, randomBytes } from "node:crypto";
import type { LinkworkEvent } from "../events/catalogue.js";
import type { DataKey } from "./data-keys.js";
import { erased, isErased } from "./erased.js";
import type { SealedBox } from "./sealed-box.js";
import { sealedFieldsOf } from "./sealed-fields.js";
import { IV_BYTES, openBox, sealedBoxContext } from "./open-box.js";

/**
 * The box is bound to its event: moved to another event (or person, or key version) it fails to
 * open, so nobody can graft one person's details onto another's event.
 */
function boxContext(event: LinkworkEvent, personId: string, keyVersion: number): string {
  return sealedBoxContext(event.metadata.eventId, event.type, personId, keyVersion);
}

/**
 * The event with other data and box. `data` is the event's own data with listed fields swapped
 * between their value and `Erased`, which the schema of each listed field accepts (sealed-fields.ts
 * checks the list against the schemas at compile time, and test/personal-data-sealing.test.ts
 * parses sealed and opened events with the catalogue).
 */
function withData<E extends LinkworkEvent>(event: E, data: Record<string, unknown>, sealed: SealedBox | undefined): E {
  const { sealed: _old, ...metadata } = event.metadata;
  return { ...event, data, metadata: sealed === undefined ? metadata : { ...metadata, sealed } };
}

/**
 * Seals an event's special-category fields with the person's key: they move, as JSON, into an
 * AES-256-GCM box in the metadata and read `{ erased: true }` in the data. An event with nothing to
 * seal (no such fields, or all absent) comes back as it was.
 */
export function sealEvent<E extends LinkworkEvent>(event: E, key: DataKey): E {
  const fields = sealedFieldsOf(event.type);
  if (fields.length === 0 || event.metadata.sealed !== undefined) return event;
  const data: Record<string, unknown> = { ...event.data };
  const plain: Record<string, unknown> = {};
  let any = false;
  for (const field of fields) {
    const value = data[field];
    if (value === undefined || isErased(value)) continue;
    plain[field] = value;
    data[field] = erased;
    any = true;
  }
  if (!any) return event;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(boxContext(event, key.personId, key.version), "utf8"));
  const body = cipher.update(JSON.stringify(plain), "utf8");
  const box = Buffer.concat([iv, body, cipher.final(), cipher.getAuthTag()]).toString("base64");
  return withData(event, data, { personId: key.personId, keyVersion: key.version, box });
}

/** Whether an event carries sealed fields (a box in its metadata). */
export function isSealed(event: LinkworkEvent): boolean {
  return event.metadata.sealed !== undefined;
}

/**
 * Opens a sealed event with its key: the fields come back and the box goes. Without the key (null:
 * the person was erased) or when the box does not authenticate, the event reads in its erased form:
 * the box goes and the sealed fields stay `{ erased: true }`. An unsealed event comes back as it was.
 */
export function openEvent<E extends LinkworkEvent>(event: E, key: DataKey | null): E {
  const sealed = event.metadata.sealed;
  if (sealed === undefined) return event;
  return openedWith(
    event,
    opensWith(event, key) ? openBox(sealed.box, boxContext(event, sealed.personId, sealed.keyVersion), key.key) : null,
  );
}

/** Whether `key` is the key a sealed event's box names (its person and version): only then is the box tried. */
export function opensWith(event: LinkworkEvent, key: DataKey | null): key is DataKey {
  const sealed = event.metadata.sealed;
  return sealed !== undefined && key !== null && key.personId === sealed.personId && key.version === sealed.keyVersion;
}

/**
 * A sealed event with its box's object (null: not opened) put back: the sealed fields the object
 * holds come back, the others stay erased, and the box goes. Both openers end here (openEvent here,
 * the worker's opener with the object of the text the worker opened), so they read alike.
 */
export function openedWith<E extends LinkworkEvent>(event: E, plain: Record<string, unknown> | null): E {
  const data: Record<string, unknown> = { ...event.data };
  if (plain !== null) {
    for (const field of sealedFieldsOf(event.type)) {
      if (Object.hasOwn(plain, field)) data[field] = plain[field];
    }
  }
  return withData(event, data, undefined);
}
