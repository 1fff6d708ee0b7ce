import { z } from "zod";

/**
 * What a sealed field holds when its plaintext cannot be read: the person was erased (their data key
 * destroyed), or the event is read straight from the store without its key. Declared in the event
 * schemas (`sealable`), so every reader is made by the compiler to handle it; never a cast.
 * Sealed events are stored in this very form, with their sealed fields in a box in the metadata
 * (sealed-event.ts): erasure is the box becoming unreadable, so erased and at-rest shapes are one.
 */
export const Erased = z.strictObject({ erased: z.literal(true) });
export type Erased = z.infer<typeof Erased>;

/** The one erased value: frozen, so readers may share it. */
export const erased: Erased = Object.freeze({ erased: true });

/** A special-category field of an event: its value, or `Erased` once it can no longer be read. */
export function sealable<T extends z.ZodType>(schema: T) {
  return z.union([schema, Erased]);
}

/** Whether a sealed field's value was erased (or is read without its key). */
export function isErased(value: unknown): value is Erased {
  return typeof value === "object" && value !== null && (value as { erased?: unknown }).erased === true;
}
