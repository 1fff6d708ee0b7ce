/**
 * What the opening worker is sent: one list's boxes to open and their events' ids and types (arrays
 * of strings: packing each into one string and its lengths measured no gain), and the keys they need, each once: their people and
 * versions, and their bytes packed in one buffer that is transferred (not copied) and that the
 * worker zeroes once the list is done. Box `i` opens with key keyOf[i], whose bytes run from
 * keyStarts[keyOf[i]] to keyStarts[keyOf[i] + 1], under the context sealedBoxContext(eventIds[i],
 * types[i], keyPeople[keyOf[i]], keyVersions[keyOf[i]]).
 */
export interface OpenRequest {
  readonly id: number;
  readonly boxes: readonly string[];
  readonly eventIds: readonly string[];
  readonly types: readonly string[];
  readonly keyOf: Int32Array;
  readonly keyPeople: readonly string[];
  readonly keyVersions: Float64Array;
  readonly keys: Uint8Array;
  readonly keyStarts: Int32Array;
}

/** The worker's answer to one request: each box's opened text (null: it did not open), or why it could not answer. */
export type OpenAnswer =
  | { readonly kind: "opened"; readonly id: number; readonly texts: readonly (string | null)[] }
  | { readonly kind: "failed"; readonly id: number; readonly message: string };

/**
 * The answer a message from the worker is, for a request of `expected(id)` boxes (undefined: no
 * such request is waiting), or null when it is no such answer: the worker is then taken for broken.
 */
export function answerOf(message: unknown, expected: (id: number) => number | undefined): OpenAnswer | null {
  if (typeof message !== "object" || message === null) return null;
  const { kind, id, texts, message: reason } = message as Partial<Record<string, unknown>>;
  if (typeof id !== "number") return null;
  const boxes = expected(id);
  if (boxes === undefined) return null;
  if (kind === "failed") return typeof reason === "string" ? { kind, id, message: reason } : null;
  if (kind !== "opened" || !Array.isArray(texts) || texts.length !== boxes) return null;
  for (const text of texts as unknown[]) if (text !== null && typeof text !== "string") return null;
  return { kind, id, texts: texts as (string | null)[] };
}
