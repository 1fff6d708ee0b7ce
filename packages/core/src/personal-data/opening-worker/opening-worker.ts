// The opening worker's thread (worker-event-opener.ts starts it): for each batch it is sent, it
// opens the boxes with the keys sent along (the AES-256-GCM work, off the thread that applies
// events), answers their texts, and zeroes the keys' bytes.
import { parentPort } from "node:worker_threads";
import { openBoxText } from "../open-box.js";
import type { OpenAnswer, OpenRequest } from "./opening-messages.js";

/** The answer to one request; the request's keys are zeroed whatever happens. */
export function answer(request: OpenRequest): OpenAnswer {
  try {
    const keys: Uint8Array[] = [];
    for (let key = 0; key + 1 < request.keyStarts.length; key++)
      keys.push(request.keys.subarray(request.keyStarts[key], request.keyStarts[key + 1]));
    const texts = new Array<string | null>(request.boxes.length);
    for (let index = 0; index < texts.length; index++) {
      const key = keys[request.keyOf[index]!];
      texts[index] = key === undefined ? null : openBoxText(request.boxes[index]!, request.contexts[index]!, key);
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
