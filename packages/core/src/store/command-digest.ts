import { sha256Hex } from "../hashing/sha256-hex.js";

/**
 * Fields left out of the digest, as a retry may legitimately change them: `commandId` is the key
 * the digest is compared under; `correlationId` names the request or conversation, new on a retried
 * request; `occurredAt` is often stamped "now" at sending (the HTTP example does so when the client
 * leaves it out), so a retry carries a later one. What is recorded (type, stream, data, recordedBy)
 * must match.
 */
const outsideDigest = new Set(["commandId", "correlationId", "occurredAt"]);

/** JSON with every object's keys sorted and undefined fields dropped, so equal commands print alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const fields = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * SHA-256 (hex) of a parsed command, without the fields a retry may change. Parsed, so input that
 * parses to the same command (extra fields stripped, defaults filled) digests alike.
 */
export function commandDigest(command: object): string {
  const kept = Object.fromEntries(Object.entries(command).filter(([key]) => !outsideDigest.has(key)));
  return sha256Hex(canonicalJson(kept));
}
