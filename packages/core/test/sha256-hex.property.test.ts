import * as crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex, sha256HexByCreateHash } from "../src/hashing/sha256-hex.js";

describe("sha256Hex", () => {
  it("gives the text createHash gives, for any string (lone surrogates, NULs and astral characters too)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string()), (text) => {
        expect(sha256Hex(text)).toBe(sha256HexByCreateHash(text));
      }),
    );
  });

  it("gives the digest of FIPS 180-2's one-block example ('abc', Appendix B.1)", () => {
    // https://csrc.nist.gov/csrc/media/publications/fips/180/2/archive/2002-08-01/documents/fips180-2.pdf
    const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(sha256Hex("abc")).toBe(abc);
    expect(sha256HexByCreateHash("abc")).toBe(abc);
  });

  it("takes the one-shot path where this Node has crypto.hash", () => {
    const oneShot: unknown = Reflect.get(crypto, "hash");
    expect(sha256Hex === sha256HexByCreateHash).toBe(typeof oneShot !== "function");
  });
});
