import { z } from "zod";
import { OpaqueId } from "../identifiers.js";

/**
 * Where a sealed event keeps its special-category fields: encrypted with one version of its
 * person's data key, in the event's metadata. The person is named so that any reader (a store page,
 * a history file) finds the key without knowing the stream; the id is the register's pseudonym,
 * which the event names in the clear anyway (docs/privacy.md says what that leaves after erasure).
 */
export const SealedBox = z.strictObject({
  personId: OpaqueId,
  keyVersion: z.number().int().min(1),
  /** base64 of the 12-byte IV, the AES-256-GCM ciphertext of the fields as JSON, and the 16-byte tag. */
  box: z
    .string()
    .max(64_000)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64"),
});
export type SealedBox = z.infer<typeof SealedBox>;
