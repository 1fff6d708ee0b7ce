import { createHmac } from "node:crypto";

/**
 * Keyed pseudonyms for an evaluation export: HMAC-SHA-256 (node:crypto) of the id under the
 * recipient's key, with the kind of id mixed in so a person id and a case id that happen to be
 * equal get different pseudonyms. The same key gives the same pseudonym every time (a recipient can
 * link their exports); another key gives unrelated ones; without the key no pseudonym can be turned
 * back into an id or checked against a guess.
 *
 * The key must be at least 32 bytes: RFC 2104 (HMAC), section 3, strongly discourages keys shorter
 * than the hash's output (32 bytes for SHA-256). https://www.rfc-editor.org/rfc/rfc2104#section-3
 */

/** The shortest recipient key accepted, in bytes (SHA-256's output length; RFC 2104 section 3). */
export const MIN_RECIPIENT_KEY_BYTES = 32;

/** What kind of id a pseudonym stands for: each kind has its own pseudonyms. */
export type PseudonymKind =
  "person" | "case" | "link-worker" | "goal" | "connection" | "follow-up" | "recorded-by" | "event" | "correlation" | "gp-record-entry";

/** A recipient's key, held so that nothing prints it: no enumerable field, and a redacting toString. */
export interface RecipientKey {
  /** The pseudonym's 32 bytes for an id of a kind. */
  readonly digest: (kind: PseudonymKind, id: string) => Buffer;
  readonly toString: () => string;
  readonly toJSON: () => string;
}

/** Why a key was refused: never the key itself. */
export interface RecipientKeyProblem {
  readonly code: "KEY_TOO_SHORT";
  readonly message: string;
}

/**
 * A recipient key from its bytes (a key file's content, or an environment variable's text as
 * UTF-8), with one trailing newline left out so `openssl rand -base64 48 > key` works as is.
 */
export function recipientKey(bytes: Uint8Array | string): { ok: true; key: RecipientKey } | { ok: false; problem: RecipientKeyProblem } {
  let secret = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes);
  if (secret.length > 0 && secret[secret.length - 1] === 0x0a) secret = secret.subarray(0, secret.length - 1);
  if (secret.length > 0 && secret[secret.length - 1] === 0x0d) secret = secret.subarray(0, secret.length - 1);
  if (secret.length < MIN_RECIPIENT_KEY_BYTES) {
    return {
      ok: false,
      problem: {
        code: "KEY_TOO_SHORT",
        message: `the recipient key has ${secret.length} bytes: it needs at least ${MIN_RECIPIENT_KEY_BYTES} (for example \`openssl rand -base64 48\`)`,
      },
    };
  }
  const held = Buffer.from(secret);
  const redacted = () => "[recipient key]";
  return {
    ok: true,
    key: Object.freeze({
      digest: (kind: PseudonymKind, id: string) =>
        createHmac("sha256", held).update(`linkwork-evaluation-export\u0000${kind}\u0000${id}`).digest(),
      toString: redacted,
      toJSON: redacted,
    }),
  };
}

/** Bytes as a UUID's text. */
function uuidText(bytes: Buffer): string {
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An id's pseudonym as a UUID in version 4 layout (RFC 9562): an HMAC under a key the reader does
 * not hold is indistinguishable from random bits, so it takes the same form as an issued random id.
 */
export function pseudonymUuid(key: RecipientKey, kind: PseudonymKind, id: string): string {
  const bytes = Buffer.from(key.digest(kind, id).subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return uuidText(bytes);
}

/**
 * A UUID version 7 (RFC 9562) for an event: the (coarsened) time in its first 48 bits, as event ids
 * carry, and the rest from the HMAC of the original event id, so ids stay unique and reveal no more
 * of the time than the export's dates do.
 */
export function pseudonymEventId(key: RecipientKey, eventId: string, atMs: number): string {
  const bytes = Buffer.from(key.digest("event", eventId).subarray(0, 16));
  bytes.writeUIntBE(Math.max(0, Math.floor(atMs)), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return uuidText(bytes);
}
