import { createSecretKey, type KeyObject } from "node:crypto";
import type { DataKey } from "./data-keys.js";

/**
 * node:crypto's KeyObject of each data key `dataKeys` hands out, made once per key rather than once
 * per event: given raw bytes, createCipheriv and createDecipheriv build a key object on every call.
 * Held in a WeakMap on the DataKey, so it lives exactly as long as the key it copies, and is dropped
 * with it when the key is destroyed (`forgetKeyObject`). A DataKey made elsewhere (a test, a tool)
 * has none and is used by its bytes, so changing those bytes always takes effect.
 */
const keyObjects = new WeakMap<DataKey, KeyObject>();

/** Registers the key object of a data key that `dataKeys` made or unwrapped. */
export function withKeyObject(key: DataKey): DataKey {
  keyObjects.set(key, createSecretKey(key.key));
  return key;
}

/** What to give node:crypto for a data key: its key object when it has one, else its bytes. */
export function cipherKeyOf(key: DataKey): KeyObject | Buffer {
  return keyObjects.get(key) ?? key.key;
}

/** Drops a destroyed key's key object, so nothing that still holds the DataKey can open with it. */
export function forgetKeyObject(key: DataKey): void {
  keyObjects.delete(key);
}
