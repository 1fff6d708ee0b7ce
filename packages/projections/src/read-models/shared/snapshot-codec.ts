import * as E from "fp-ts/lib/Either.js";
import type { z } from "zod";
import { formatPath } from "@linkwork/core";
import type { StateCodec } from "../../projection.js";

/**
 * A JSON snapshot codec for a read model's state. The state holds Maps (JSON has none), so each read
 * model says how to turn its state into plain JSON and back; decoding validates the text against the
 * JSON form's schema, so a damaged or foreign snapshot is a readable error, never a throw.
 */
export function snapshotCodec<State, Json>(
  schema: z.ZodType<Json>,
  toJson: (state: State) => Json,
  fromJson: (json: Json) => State,
): StateCodec<State> {
  return {
    encode: (state) => JSON.stringify(toJson(state)),
    decode: (text) => {
      const raw = parseSnapshotJson(text);
      if (E.isLeft(raw)) return raw;
      const parsed = schema.safeParse(raw.right);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return E.left(
          `snapshot does not match the state: ${issue === undefined ? "invalid" : `${formatPath(issue.path)}: ${issue.message}`}`,
        );
      }
      return E.right(fromJson(parsed.data));
    },
  };
}

/**
 * A snapshot's text as JSON, or why not naming only the parser's position: V8's message quotes the
 * text around the fault, and a snapshot may hold ids or free text (the reason is printed and logged).
 */
export function parseSnapshotJson(text: string): E.Either<string, unknown> {
  try {
    return E.right(JSON.parse(text));
  } catch (error) {
    const at = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
    return E.left(`snapshot is not JSON${at === undefined ? "" : ` (at character ${at})`}`);
  }
}
