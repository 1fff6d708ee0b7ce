// The formats every event's metadata holds three or four times a line (its UUIDs and the command's
// SHA-256 digest), checked by hand: exactly the strings zod's `z.uuid()`, its v7 pattern and the
// digest's regular expression accept (test/events/id-formats.property.test.ts checks them against
// those expressions), at a fraction of a regular expression's cost. The regular expressions took about
// 12% of `linkwork validate` of a 10-PCN year (CPU profile, 2026-12-05); see docs/projections.md.

/** By character code: bit 1 set for a hexadecimal digit of either case, bit 2 for a digit or lowercase a-f. */
const HEX = new Uint8Array(128);
for (const digit of "0123456789abcdef") HEX[digit.charCodeAt(0)] = 3;
for (const digit of "ABCDEF") HEX[digit.charCodeAt(0)] = 1;

const DASH = 45;

/** Whether `text[from..to)` is all hexadecimal digits with a bit of `mask` set (1: either case, 2: lowercase). */
function hexRun(text: string, from: number, to: number, mask: number): boolean {
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code >= 128 || (HEX[code]! & mask) === 0) return false;
  }
  return true;
}

/** 8-4-4-4-12 hexadecimal digits (either case) with the dashes in place. */
function uuidLayout(text: string): boolean {
  return (
    text.length === 36 &&
    text.charCodeAt(8) === DASH &&
    text.charCodeAt(13) === DASH &&
    text.charCodeAt(18) === DASH &&
    text.charCodeAt(23) === DASH &&
    hexRun(text, 0, 8, 1) &&
    hexRun(text, 9, 13, 1) &&
    hexRun(text, 14, 18, 1) &&
    hexRun(text, 19, 23, 1) &&
    hexRun(text, 24, 36, 1)
  );
}

/** The RFC 9562 variant: 8, 9, a or b (either case) first in the fourth group. */
function rfcVariant(text: string): boolean {
  const code = text.charCodeAt(19) | 0x20;
  return code === 56 || code === 57 || code === 97 || code === 98;
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const MAX_UUID = "ffffffff-ffff-ffff-ffff-ffffffffffff";

/** What `z.uuid()` accepts: versions 1-8 of the RFC variant, either case, and the nil and max UUIDs. */
export function isUuid(text: string): boolean {
  if (!uuidLayout(text)) return false;
  const version = text.charCodeAt(14);
  return (version >= 49 && version <= 56 && rfcVariant(text)) || text === NIL_UUID || text === MAX_UUID;
}

/** What `z.uuid({ version: "v7" })` accepts: version 7 of the RFC variant, either case. */
export function isUuidV7(text: string): boolean {
  return uuidLayout(text) && text.charCodeAt(14) === 55 && rfcVariant(text);
}

/** A SHA-256 digest in lowercase hexadecimal: `^[0-9a-f]{64}$`. */
export function isSha256Hex(text: string): boolean {
  return text.length === 64 && hexRun(text, 0, 64, 2);
}
