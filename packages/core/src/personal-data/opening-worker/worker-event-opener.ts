// The opener for long replays of sealed events: eventOpener's answers, with the AES-256-GCM work
// (about 2.4 µs a box under Node 20's OpenSSL 3.0, docs/privacy.md) done on a worker thread while
// the calling thread parses and applies other events. Measured on a sealed 3-PCN year (simulator,
// seed 7, 12 months: 89,387 events, 63,801 sealed, opened in 90 lists of 1,000, two at a time),
// the calling thread's CPU (/proc/self/task/<pid>/schedstat) for opening them all: about 300-330 ms
// with eventOpener, about 85-100 ms with this (the keys, the lists sent and answered, JSON.parse of
// the texts, the events rebuilt), best of 7 on the shared machine, 2026-12-05.
import type { Worker } from "node:worker_threads";
import * as E from "fp-ts/lib/Either.js";
import { printable } from "../../history/printable-text.js";
import type { RecordedEvent } from "../../store/event-store.js";
import type { StoreError } from "../../store/store-error.js";
import { isOverwrittenKey, type DataKey, type DataKeys } from "../data-keys.js";
import { batchKeys } from "../event-opener.js";
import { boxObject } from "../open-box.js";
import { openedWith, openEvent, opensWith } from "../sealing.js";
import { answerOf, type OpenRequest } from "./opening-messages.js";
import { startOpeningWorker } from "./start-opening-worker.js";

export interface WorkerEventOpenerOptions {
  /**
   * A list with fewer boxes to open than this is opened on the calling thread, and no worker is
   * started for it. Default 64: lists of a sealed 3-PCN year's events sent one at a time cost the
   * calling thread about as much per box at 4 boxes as opening them there (4.1 against 4.6 µs),
   * half at 16, a third from 64 (1.4 to 1.6 against 4.4 µs). A whole number, 0 or more.
   */
  readonly minBoxesForWorker?: number;
}

/** eventOpener's work with the boxes opened on a worker thread; close() stops the worker. */
export interface WorkerEventOpener {
  /**
   * What eventOpener answers for the list, event for event. Calls may overlap (a replay posts one
   * batch while it applies the one before): each answer is its own list's.
   */
  readonly open: (recorded: readonly RecordedEvent[]) => Promise<E.Either<StoreError, RecordedEvent[]>>;
  /** Stops the worker. Lists opened afterwards are opened on the calling thread. */
  close(): Promise<void>;
}

const DEFAULT_MIN_BOXES = 64;

/** The boxes of one list to send: where each event is in the list, its box, id, type and key. */
interface Boxes {
  readonly at: number[];
  readonly boxes: string[];
  readonly eventIds: string[];
  readonly types: string[];
  readonly keyOf: number[];
  readonly keys: DataKey[];
}

/** A request waiting for the worker's answer. */
interface Waiting {
  readonly boxes: number;
  readonly answer: (texts: E.Either<StoreError, readonly (string | null)[]>) => void;
}

/** STORE_UNAVAILABLE for a worker that stopped answering; never retried blindly: the next list starts a new worker. */
function workerFailed(reason: string): StoreError {
  return {
    code: "STORE_UNAVAILABLE",
    message: `the worker opening sealed events failed: ${printable(reason).slice(0, 200)}`,
    retryable: false,
  };
}

/**
 * Opens recorded events as eventOpener(keys) does, with the AES-256-GCM work on a worker thread,
 * started on the first list with at least `minBoxesForWorker` boxes to open. The keys each list
 * needs are looked up on the calling thread, once per (person, key version), and copied into one
 * buffer transferred with the list, which the worker zeroes once the list is done (docs/privacy.md,
 * "Key handling"). A worker that fails (it throws, exits or answers something else) fails the
 * lists it held with STORE_UNAVAILABLE and is stopped; never a hang or a throw.
 */
export function workerEventOpener(keys: DataKeys, options: WorkerEventOpenerOptions = {}): WorkerEventOpener {
  return openerOverWorker(keys, options, startOpeningWorker);
}

/** workerEventOpener over any worker start (tests give workers that fail). */
export function openerOverWorker(keys: DataKeys, options: WorkerEventOpenerOptions, start: () => Worker): WorkerEventOpener {
  const minBoxes = options.minBoxesForWorker ?? DEFAULT_MIN_BOXES;
  // A programming error of the embedder's setup, not input a user can send: fail at start-up, as dataKeys does.
  if (!Number.isSafeInteger(minBoxes) || minBoxes < 0) throw new TypeError("minBoxesForWorker must be a whole number, 0 or more");
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 0;
  const waiting = new Map<number, Waiting>();

  /** Fails every waiting list and stops the worker, once (later events of a stopped worker change nothing). */
  function fail(from: Worker, reason: string): void {
    if (from !== worker) return;
    worker = null;
    const failed = E.left(workerFailed(reason));
    for (const request of waiting.values()) request.answer(failed);
    waiting.clear();
    void from.terminate();
  }

  function running(): Worker {
    if (worker !== null) return worker;
    const started = start();
    worker = started;
    // Held open only while a list waits (ref in request): an idle opener never keeps a process alive.
    started.unref();
    started.on("message", (message: unknown) => {
      if (started !== worker) return;
      const answer = answerOf(message, (id) => waiting.get(id)?.boxes);
      if (answer === null) return fail(started, "it answered something that is not an answer to a waiting list");
      // A list it could not read is a fault of the worker's, not of the list: it is stopped as for any other.
      if (answer.kind === "failed") return fail(started, `it could not read a list: ${answer.message}`);
      const request = waiting.get(answer.id)!;
      waiting.delete(answer.id);
      if (waiting.size === 0) started.unref();
      request.answer(E.right(answer.texts));
    });
    started.on("error", (thrown: Error) => fail(started, `it threw: ${thrown.message}`));
    started.on("messageerror", () => fail(started, "one of its messages could not be read"));
    started.on("exit", (code: number) => fail(started, `it exited (code ${code})`));
    return started;
  }

  function request(boxes: Boxes): Promise<E.Either<StoreError, readonly (string | null)[]>> {
    let to: Worker;
    try {
      to = running();
    } catch (thrown) {
      return Promise.resolve(E.left(workerFailed(`it could not be started: ${thrown instanceof Error ? thrown.message : "unknown"}`)));
    }
    const keyStarts = new Int32Array(boxes.keys.length + 1);
    for (let key = 0; key < boxes.keys.length; key++) keyStarts[key + 1] = keyStarts[key]! + boxes.keys[key]!.key.length;
    const keyBytes = new Uint8Array(keyStarts[boxes.keys.length]!);
    for (let key = 0; key < boxes.keys.length; key++) keyBytes.set(boxes.keys[key]!.key, keyStarts[key]);
    const keyOf = Int32Array.from(boxes.keyOf);
    const message: OpenRequest = {
      id: nextId++,
      boxes: boxes.boxes,
      eventIds: boxes.eventIds,
      types: boxes.types,
      keyOf,
      keyPeople: boxes.keys.map((key) => key.personId),
      keyVersions: Float64Array.from(boxes.keys, (key) => key.version),
      keys: keyBytes,
      keyStarts,
    };
    return new Promise((answer) => {
      waiting.set(message.id, { boxes: boxes.boxes.length, answer });
      to.ref();
      try {
        // Transferred: this thread's copy of the keys is gone once posted; the worker zeroes its own.
        to.postMessage(message, [keyBytes.buffer, keyOf.buffer]);
      } catch (thrown) {
        keyBytes.fill(0);
        fail(to, `a list could not be sent to it: ${thrown instanceof Error ? thrown.message : "unknown"}`);
      }
    });
  }

  return {
    open: async (recorded) => {
      const found = await batchKeys(keys, recorded);
      if (E.isLeft(found)) return found;
      const out = new Array<RecordedEvent>(recorded.length);
      const boxes: Boxes = { at: [], boxes: [], eventIds: [], types: [], keyOf: [], keys: [] };
      const keyIndex = new Map<DataKey, number>();
      for (let index = 0; index < recorded.length; index++) {
        const record = recorded[index]!;
        const sealed = record.event.metadata.sealed;
        if (sealed === undefined) {
          out[index] = record;
          continue;
        }
        const key = found.right.get(sealed.personId)?.get(sealed.keyVersion) ?? null;
        if (!opensWith(record.event, key)) {
          out[index] = { ...record, event: openEvent(record.event, null) };
          continue;
        }
        let keyAt = keyIndex.get(key);
        if (keyAt === undefined) keyIndex.set(key, (keyAt = boxes.keys.push(key) - 1));
        boxes.at.push(index);
        boxes.boxes.push(sealed.box);
        boxes.eventIds.push(record.event.metadata.eventId);
        boxes.types.push(record.event.type);
        boxes.keyOf.push(keyAt);
      }
      if (closed || boxes.at.length < minBoxes) {
        for (let box = 0; box < boxes.at.length; box++) {
          const record = recorded[boxes.at[box]!]!;
          out[boxes.at[box]!] = { ...record, event: openEvent(record.event, boxes.keys[boxes.keyOf[box]!]!) };
        }
        return E.right(out);
      }
      const texts = await request(boxes);
      if (E.isLeft(texts)) return texts;
      // The worker was sent a copy of the keys: a person erased while their list was with it (destroy,
      // or an erasure seen through the key cache's time-to-live, overwrites the keys held here) gets
      // the erased form, as eventOpener answers once the erasure is done; never their opened details.
      const erased = boxes.keys.map(isOverwrittenKey);
      for (let box = 0; box < boxes.at.length; box++) {
        const record = recorded[boxes.at[box]!]!;
        const text = erased[boxes.keyOf[box]!] === true ? null : texts.right[box]!;
        out[boxes.at[box]!] = { ...record, event: openedWith(record.event, boxObject(text)) };
      }
      return E.right(out);
    },
    close: async () => {
      closed = true;
      const stopping = worker;
      worker = null;
      const stopped = E.left(workerFailed("the opener was closed before it answered"));
      for (const request of waiting.values()) request.answer(stopped);
      waiting.clear();
      if (stopping !== null) await stopping.terminate();
    },
  };
}
