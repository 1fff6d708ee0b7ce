// The opening worker's thread (worker-event-opener.ts starts it): for each batch it is sent, it
// opens the boxes with the keys sent along (the AES-256-GCM work, off the thread that applies
// events), answers their texts, and zeroes the keys' bytes.
import { parentPort } from "node:worker_threads";
import { openBoxText, sealedBoxContext } from "../open-box.js";
import type { OpenAnswer, OpenRequest } from "./opening-messages.js";

/** The answer to one request; the request's keys are zeroed whatever happens. */
export function answer(request: OpenRequest): OpenAnswer {
  try {
    const { boxes, eventIds, types } = request;
    const count = boxes.length;
    if (eventIds.length !== count || types.length !== count || request.keyOf.length !== count)
      return { kind: "failed", id: request.id, message: "the list's boxes, events and keys do not match" };
    const keys: Uint8Array[] = [];
    for (let key = 0; key + 1 < request.keyStarts.length; key++)
      keys.push(request.keys.subarray(request.keyStarts[key], request.keyStarts[key + 1]));
    const texts = new Array<string | null>(count);
    for (let index = 0; index < texts.length; index++) {
      const keyAt = request.keyOf[index]!;
      const key = keys[keyAt];
      const person = request.keyPeople[keyAt];
      const version = request.keyVersions[keyAt];
      // A key index out of range is the sender's fault; the box reads as not opened, as without a key.
      texts[index] =
        key === undefined || person === undefined || version === undefined
          ? null
          : openBoxText(boxes[index]!, sealedBoxContext(eventIds[index]!, types[index]!, person, version), key);
    }
    return { kind: "opened", id: request.id, texts };
  } catch (thrown) {
    // Not a box that fails to open (openBoxText answers null): a request this code cannot read.
    return { kind: "failed", id: request.id, message: thrown instanceof Error ? thrown.message : "the request could not be read" };
  } finally {
    // The only copy of the keys this thread was sent; node:crypto keeps none once a decipher is done.
    if (request.keys instanceof Uint8Array) request.keys.fill(0);
  }
}

parentPort?.on("message", (request: OpenRequest) => parentPort?.postMessage(answer(request)));
