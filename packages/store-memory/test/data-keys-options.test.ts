import { describe, expect, it } from "vitest";
import { dataKeys, newKeyEncryptionKey, type DataKeysOptions } from "@linkwork/core/personal-data";
import { memoryKeyStore } from "@linkwork/store-memory";

// The key cache's options are the embedder's setup: a bad one fails at start-up, naming the option,
// rather than at the first key lookup (or, for a time-to-live, as a cache that never expires).
describe("dataKeys cache options", () => {
  const ring = { current: newKeyEncryptionKey("kek-1") };

  it("refuse a time-to-live that is not a finite number of milliseconds, 0 or more", () => {
    for (const cacheTtlMs of [Number.NaN, -1, Number.POSITIVE_INFINITY, "60000"]) {
      expect(() => dataKeys(memoryKeyStore(), ring, { cacheTtlMs } as unknown as DataKeysOptions), String(cacheTtlMs)).toThrow(
        /cacheTtlMs/,
      );
    }
    for (const cacheTtlMs of [0, 1, 60_000]) expect(() => dataKeys(memoryKeyStore(), ring, { cacheTtlMs })).not.toThrow();
  });

  it("refuse a cache size that is not a whole number, 0 or more", () => {
    for (const cacheSize of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY])
      expect(() => dataKeys(memoryKeyStore(), ring, { cacheSize }), String(cacheSize)).toThrow(/cacheSize/);
  });

  it("refuse a clock that is not a function", () => {
    expect(() => dataKeys(memoryKeyStore(), ring, { now: 5 } as unknown as DataKeysOptions)).toThrow(/dataKeys now/);
  });
});
