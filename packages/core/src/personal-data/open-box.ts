// Hand-tuned: opening runs once per sealed event read, and a sealed file's replay pays it on about
// two events in three. Decoding the box and its context into one scratch buffer, with plain
// Uint8Array views rather than Buffer.subarray, and buffer output rather than a string (which makes
// node:crypto build a StringDecoder per call): openEvent on the 8,125 sealed events of `pnpm bench
// --only sealing`'s file took 39.1 ms before, 34.3 ms after (CPU, best of 13, both in one process,
// alternating); the AES-GCM calls alone, on bytes decoded beforehand, take 19.8 ms of it.
// test/open-box.property.test.ts holds it to a plain reference.
import { createDecipheriv } from "node:crypto";

/** 96-bit IVs, as NIST SP 800-38D (section 8.2) recommends for GCM. */
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/**
 * Shared scratch space: the box's bytes from 0, its context from CONTEXT_AT. Safe to share:
 * node:crypto copies or consumes what it is given before returning, nothing here awaits, and it
 * holds ciphertext and context only (the plaintext is update()'s own new buffer).
 */
const scratch = Buffer.alloc(4096);
const CONTEXT_AT = 3072;
/** base64 decodes to at most 3 bytes per 4 characters: a box this long fits before CONTEXT_AT. */
const MAX_SCRATCH_BOX = 4096;
/** At most 3 UTF-8 bytes per UTF-16 unit: a context this long fits the 1,024 bytes after CONTEXT_AT. */
const MAX_SCRATCH_CONTEXT = 300;

/** A view of part of a buffer, without Buffer.subarray's cost. */
function view(bytes: Buffer, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

/**
 * The additional data a box is sealed under: the event's id and type, the person and the key
 * version, so a box moved onto another event (or person, or key version) does not open.
 */
export function sealedBoxContext(eventId: string, type: string, personId: string, keyVersion: number): string {
  return `linkwork sealed\u0000${eventId}\u0000${type}\u0000${personId}\u0000${keyVersion}`;
}

/**
 * The JSON object sealed in a base64 box (IV, AES-256-GCM ciphertext, tag) under `context` as
 * additional data, or null when it does not authenticate or holds no JSON object.
 */
export function openBox(box: string, context: string, key: Uint8Array): Record<string, unknown> | null {
  return boxObject(openBoxText(box, context, key));
}

/**
 * The text sealed in a base64 box under `context` (its UTF-8 decoded), or null when it does not
 * authenticate. The half of openBox that the opening worker runs (opening-worker/).
 */
export function openBoxText(box: string, context: string, key: Uint8Array): string | null {
  const bytes = box.length <= MAX_SCRATCH_BOX ? scratch : Buffer.from(box, "base64");
  const length = bytes === scratch ? scratch.write(box, 0, CONTEXT_AT, "base64") : bytes.length;
  if (length < IV_BYTES + TAG_BYTES) return null;
  const aad =
    context.length <= MAX_SCRATCH_CONTEXT
      ? view(scratch, CONTEXT_AT, CONTEXT_AT + scratch.write(context, CONTEXT_AT, "utf8"))
      : Buffer.from(context, "utf8");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, view(bytes, 0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(view(bytes, length - TAG_BYTES, length));
    const text = decipher.update(view(bytes, IV_BYTES, length - TAG_BYTES));
    // GCM's final() adds no bytes; it checks the tag.
    decipher.final();
    return text.toString("utf8");
  } catch {
    // node:crypto throws when the tag does not authenticate: a box that cannot be opened reads as erased.
    return null;
  }
}

/** The JSON object an opened box's text holds, or null (not opened, not JSON, or not an object). */
export function boxObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof plain === "object" && plain !== null ? (plain as Record<string, unknown>) : null;
}
