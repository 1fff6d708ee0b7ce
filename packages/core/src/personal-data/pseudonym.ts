import { randomBytes } from "node:crypto";
import { issuedIdPattern } from "../identifiers.js";

/** Crockford's base32 alphabet in lower case: no i, l, o or u, so a pseudonym never spells a word by accident. */
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
const tokenLength = 26;
const personIdPattern = issuedIdPattern("person");

/**
 * A new person pseudonym, `person_` and 26 random base32 characters (130 bits from the system's
 * secure random source): unlinkable to anything about the person. A draw without both a letter and
 * a digit, which the issued-id shape refuses, is drawn again (about once in 16,000 draws).
 */
export function issuePersonId(random: (size: number) => Uint8Array = randomBytes): string {
  for (;;) {
    // 256 is a multiple of 32, so each byte taken mod 32 is uniform over the alphabet.
    const token = Array.from(random(tokenLength), (byte) => alphabet.charAt(byte % 32)).join("");
    const id = `person_${token}`;
    if (personIdPattern.test(id)) return id;
  }
}
