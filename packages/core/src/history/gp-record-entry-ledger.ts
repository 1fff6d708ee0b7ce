import type { CaseEvent } from "../case/events.js";
import { gpRecordEntryId, gpRecordEntryKind } from "../case/gp-record-entries.js";
import { streamEntityId } from "../events/streams.js";
import type { RuleRefusal } from "./stream-rule.js";

/**
 * Words a node of the arena holds: an id of 128 bits in four words (the causing event's UUID, or,
 * once its case is hashed, the entry id's 32 hex digits), then the link: the next node of its case
 * (or of the free list) shifted left by two, the bit `HASHED` and the bit `ACKNOWLEDGED`.
 */
const NODE_WORDS = 5;
const LINK = 4;
const ACKNOWLEDGED = 1;
const HASHED = 2;
/** Nodes before the arena's first doubling. */
const INITIAL_NODES = 1024;
/** The link's 30 bits of node index: the arena never holds more (20 GB of nodes). */
const MAX_NODES = 2 ** 30;

/**
 * What the checker needs to give a `GpRecordEntriesSent` line the verdict the handler gives
 * `AcknowledgeGpRecordEntries`: each id names an entry the case caused (UNKNOWN_REFERENCE otherwise)
 * and not yet acknowledged (INVALID_TRANSITION otherwise); and once a case has ended with every
 * entry acknowledged, no acknowledgement follows it (INVALID_TRANSITION naming the first id, as the
 * handler refuses the command: case/decide.ts). Entry ids come from the one function the handler
 * uses (gpRecordEntryId of the case id and the causing event's id, case/gp-record-entries.ts).
 *
 * That last rule is what bounds this ledger: an ended case whose entries are all acknowledged is
 * dropped, and what the checker still knows of it (that it ended: StreamHistories) gives the same
 * verdict as its entries would. So the ledger holds the cases with an entry not yet acknowledged:
 * open cases, and ended ones until the GP record outbox's drain acknowledges their last entries (the
 * simulator drains every week). It grows with history only for a service that never drains its
 * outbox, or drains some cases and never others: about 20 bytes a case in a Map (stream id to its
 * last node; the id string is the one StreamHistories keeps) and 20 bytes an entry in one typed
 * arena (outside the JavaScript heap), so about 140 bytes for a case with 6 entries (was about 340
 * before: a record, a typed array and its buffer each). A case holds causing event ids until its
 * first acknowledgement (no hashing for cases never acknowledged), then its entry ids, same size.
 * Nodes of dropped cases are reused, so the arena is as large as the most entries held at once.
 *
 * Measured (node --expose-gc, HistoryChecker alone, retained after a full collection, process CPU;
 * /tmp scripts in the h62 report): a simulated 10-PCN year with the weekly GP record sync (seed 7,
 * 338,537 lines): heap 13.0-13.2 MB with the ledger that kept every case, 5.95 MB now, array buffers
 * 11.6 and 11.2 MB, CPU 2.31-2.32 and 2.28-2.30 s. The 50-PCN year of before the sync (never
 * acknowledged), first 300,000 lines: heap 11.1-11.4 MB to 9.1-9.6 MB, array buffers 11.5 to 11.6 MB.
 *
 * Hashing stays lazy: each entry is hashed once either way (at its case's first acknowledgement, or
 * when caused after it), and hashing every entry when caused costs the histories never acknowledged.
 * Measured (h69, HistoryChecker alone, process CPU of runs 2-3 of 3, 3 alternations under the bench
 * lock): hashing when caused, 10-PCN year with the sync 1,319 ms against 1,304 lazy; the 50-PCN year
 * of before the sync, first 300,000 lines, 1,159 ms against 1,121. A digest read as a Buffer instead
 * of hex costs more (0.80-0.86 us an id against 0.55-0.57, Buffer allocation: /tmp/h69 micro-benchmark).
 */
export class GpRecordEntryLedger {
  /** Each case's last node; its nodes form a ring (the last links to the first), in the order they came. */
  readonly #cases = new Map<string, number>();
  #nodes: Uint32Array;
  /** Nodes handed out from the top of the arena so far. */
  #top = 0;
  /** The first node of the free list (dropped cases' nodes), or -1. */
  #free = -1;
  /** Causing event ids not in lower-case UUID form (the schema reads any case), by node, until hashed. */
  readonly #unusual = new Map<number, string>();
  readonly #words = new Uint32Array(4);
  /**
   * The nodes `refusal` found for the acknowledgement it passed last (its entry id list, case and
   * last node), so `follow` of the same event marks them without finding them again (ack lines cost
   * about twice an ordinary line in the checker, most of it here).
   */
  #passedIds: readonly string[] | null = null;
  #passedCase = -1;
  readonly #passedNodes: number[] = [];

  /** `initialNodes`: the arena's first size (tests start small so that its growth runs). */
  constructor(initialNodes = INITIAL_NODES) {
    this.#nodes = new Uint32Array(Math.max(1, initialNodes) * NODE_WORDS);
  }

  /** The cases held: those with an entry and not ended with every entry acknowledged. */
  get size(): number {
    return this.#cases.size;
  }

  /** The nodes the arena has handed out: the most entries held at once, since dropped cases' nodes are reused. */
  get arenaNodes(): number {
    return this.#top;
  }

  /**
   * Why the acknowledgement cannot follow the case's events, naming the first entry at fault; or
   * null. `ended`: the case has ended (its stage before this line).
   */
  refusal(streamId: string, entryIds: readonly string[], ended: boolean): RuleRefusal | null {
    const last = this.#cases.get(streamId);
    if (ended && (last === undefined || this.#allAcknowledged(last))) {
      return {
        code: "INVALID_TRANSITION",
        path: "data.entryIds[0]",
        message: "the case has ended and every GP record entry it caused is acknowledged: none is left to acknowledge",
      };
    }
    if (last !== undefined) this.#hash(streamId, last);
    const found = this.#passedNodes;
    found.length = 0;
    this.#passedIds = null;
    for (let index = 0; index < entryIds.length; index++) {
      const entryId = entryIds[index]!;
      const node = last === undefined ? -1 : this.#find(last, entryId);
      if (node === -1) {
        const path = `data.entryIds[${index}]`;
        return { code: "UNKNOWN_REFERENCE", path, message: `GP record entry ${entryId} was not caused by an earlier event of this case` };
      }
      if ((this.#nodes[node * NODE_WORDS + LINK]! & ACKNOWLEDGED) !== 0) {
        return {
          code: "INVALID_TRANSITION",
          path: `data.entryIds[${index}]`,
          message: `GP record entry ${entryId} was already acknowledged`,
        };
      }
      found.push(node);
    }
    this.#passedIds = entryIds;
    this.#passedCase = last ?? -1;
    return null;
  }

  /**
   * Takes in an event the case's stream accepted: an entry it caused, or the entries it
   * acknowledged. `ended`: the case has ended (its stage after the event); an ended case with every
   * entry acknowledged is dropped.
   */
  follow(streamId: string, event: CaseEvent, ended: boolean): void {
    if (event.type === "GpRecordEntriesSent") {
      const last = this.#cases.get(streamId);
      if (last === undefined) return;
      this.#hash(streamId, last);
      const entryIds = event.data.entryIds;
      const passed = entryIds === this.#passedIds && last === this.#passedCase;
      this.#passedIds = null;
      for (let index = 0; index < entryIds.length; index++) {
        const node = passed ? this.#passedNodes[index]! : this.#find(last, entryIds[index]!);
        if (node !== -1) this.#nodes[node * NODE_WORDS + LINK]! |= ACKNOWLEDGED;
      }
    } else if (gpRecordEntryKind(event) !== null) {
      this.#add(streamId, event.metadata.eventId);
    }
    if (ended) this.#dropIfDone(streamId);
  }

  /** Appends a node for the entry the event caused, hashed at once if its case's are. */
  #add(streamId: string, eventId: string): void {
    const [node, hashed] = this.#append(streamId);
    const at = node * NODE_WORDS;
    if (hashed) this.#writeEntryId(at, gpRecordEntryId(streamEntityId(streamId), eventId));
    else if (uuidWords(eventId, this.#words)) this.#nodes.set(this.#words, at);
    else this.#unusual.set(node, eventId);
  }

  /** A new node at the end of the case's ring (its id and flags for the caller to write), and whether the case is hashed. */
  #append(streamId: string): [node: number, hashed: boolean] {
    const last = this.#cases.get(streamId);
    const node = this.#allocate();
    const nodes = this.#nodes;
    this.#cases.set(streamId, node);
    if (last === undefined) {
      nodes[node * NODE_WORDS + LINK] = node << 2;
      return [node, false];
    }
    const lastLink = nodes[last * NODE_WORDS + LINK]!;
    nodes[node * NODE_WORDS + LINK] = lastLink & ~3;
    nodes[last * NODE_WORDS + LINK] = (node << 2) | (lastLink & 3);
    return [node, (lastLink & HASHED) !== 0];
  }

  #allocate(): number {
    if (this.#free !== -1) {
      const node = this.#free;
      const next = this.#nodes[node * NODE_WORDS + LINK]! >>> 2;
      this.#free = next === node ? -1 : next;
      return node;
    }
    if (this.#top * NODE_WORDS === this.#nodes.length) {
      if (this.#top >= MAX_NODES) throw new RangeError("the GP record entry ledger holds 2^30 entries");
      const grown = new Uint32Array(this.#nodes.length * 2);
      grown.set(this.#nodes);
      this.#nodes = grown;
    }
    return this.#top++;
  }

  /** Works out the case's entry ids from its causing event ids, once: from its first acknowledgement on, it keeps those. */
  #hash(streamId: string, last: number): void {
    const nodes = this.#nodes;
    if ((nodes[last * NODE_WORDS + LINK]! & HASHED) !== 0) return;
    const caseId = streamEntityId(streamId);
    let node = last;
    do {
      node = nodes[node * NODE_WORDS + LINK]! >>> 2;
      const at = node * NODE_WORDS;
      const unusual = this.#unusual.get(node);
      if (unusual !== undefined) this.#unusual.delete(node);
      this.#writeEntryId(at, gpRecordEntryId(caseId, unusual ?? uuidText(nodes, at)));
    } while (node !== last);
  }

  #writeEntryId(at: number, entryId: string): void {
    const words = this.#words;
    // gpRecordEntryId's form (`gpr_` and 32 lower-case hex digits), or a snapshot's checked the same way.
    hexInto(entryId, 4, false, words);
    this.#nodes.set(words, at);
    this.#nodes[at + LINK]! |= HASHED;
  }

  /** The node of the (hashed) case holding the entry id, or -1. */
  #find(last: number, entryId: string): number {
    const words = this.#words;
    if (!entryIdWords(entryId, words)) return -1;
    const nodes = this.#nodes;
    let node = last;
    do {
      node = nodes[node * NODE_WORDS + LINK]! >>> 2;
      const at = node * NODE_WORDS;
      if (nodes[at] === words[0] && nodes[at + 1] === words[1] && nodes[at + 2] === words[2] && nodes[at + 3] === words[3]) return node;
    } while (node !== last);
    return -1;
  }

  #allAcknowledged(last: number): boolean {
    const nodes = this.#nodes;
    let node = last;
    do {
      const link = nodes[node * NODE_WORDS + LINK]!;
      if ((link & ACKNOWLEDGED) === 0) return false;
      node = link >>> 2;
    } while (node !== last);
    return true;
  }

  /** Drops an (ended) case whose entries are all acknowledged, its ring joining the free list. */
  #dropIfDone(streamId: string): void {
    const last = this.#cases.get(streamId);
    if (last === undefined || !this.#allAcknowledged(last)) return;
    const nodes = this.#nodes;
    const first = nodes[last * NODE_WORDS + LINK]! >>> 2;
    nodes[last * NODE_WORDS + LINK] = (this.#free === -1 ? last : this.#free) << 2;
    // The free list ends at a node linking to itself.
    this.#free = first;
    this.#cases.delete(streamId);
  }

  /**
   * Every case as `[case stream id, hashed, [ids], [indexes of acknowledged entries]]`, for the
   * checker's snapshot: the ids are the causing event ids, or the entry ids once hashed.
   */
  encode(): unknown[] {
    const cases: unknown[] = [];
    const nodes = this.#nodes;
    for (const [streamId, last] of this.#cases) {
      const hashed = (nodes[last * NODE_WORDS + LINK]! & HASHED) !== 0;
      const ids: string[] = [];
      const acknowledged: number[] = [];
      let node = last;
      do {
        node = nodes[node * NODE_WORDS + LINK]! >>> 2;
        const at = node * NODE_WORDS;
        if ((nodes[at + LINK]! & ACKNOWLEDGED) !== 0) acknowledged.push(ids.length);
        ids.push(hashed ? `gpr_${hexWords(nodes, at)}` : (this.#unusual.get(node) ?? uuidText(nodes, at)));
      } while (node !== last);
      cases.push([streamId, hashed, ids, acknowledged]);
    }
    return cases;
  }

  /** Restores `encode`'s cases; a message naming the first entry that is not one. */
  decode(cases: readonly unknown[]): string | null {
    for (const [index, entry] of cases.entries()) {
      const wrong = `gpRecordEntries[${index}] is not [streamId, hashed, [ids], [acknowledged indexes]]`;
      if (!Array.isArray(entry) || entry.length !== 4) return wrong;
      const [streamId, hashed, ids, acknowledged] = entry as readonly unknown[];
      if (typeof streamId !== "string" || !streamId.startsWith("case-") || this.#cases.has(streamId)) return wrong;
      if (typeof hashed !== "boolean" || !isStrings(ids) || ids.length === 0 || !isIndexes(acknowledged, ids.length)) return wrong;
      if (!hashed && acknowledged.length > 0) return `gpRecordEntries[${index}]: acknowledged entries of a case not hashed`;
      if (!ids.every((id) => (hashed ? entryIdWords(id, this.#words) : anyCaseUuid.test(id))))
        return `gpRecordEntries[${index}]: an id is not ${hashed ? "a GP record entry id" : "a UUID"}`;
      if (hashed && new Set(ids).size !== ids.length) return `gpRecordEntries[${index}]: an entry id appears twice`;
      for (const [at, id] of ids.entries()) {
        if (!hashed) {
          this.#add(streamId, id);
          continue;
        }
        const [node] = this.#append(streamId);
        this.#writeEntryId(node * NODE_WORDS, id);
        if (acknowledged.includes(at)) this.#nodes[node * NODE_WORDS + LINK]! |= ACKNOWLEDGED;
      }
    }
    return null;
  }
}

const anyCaseUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isStrings = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((id) => typeof id === "string");
const isIndexes = (value: unknown, length: number): value is readonly number[] =>
  Array.isArray(value) &&
  value.every((at, index) => Number.isSafeInteger(at) && at >= 0 && at < length && (index === 0 || at > (value[index - 1] as number)));

/** The value of a lower-case hex digit, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Reads 32 lower-case hex digits from `start` of `text`, skipping a dash where `dashes` has one, into four words; false if it is not that. */
function hexInto(text: string, start: number, dashes: boolean, words: Uint32Array): boolean {
  let at = start;
  for (let word = 0; word < 4; word++) {
    let value = 0;
    for (let digit = 0; digit < 8; digit++) {
      if (dashes && (at === start + 8 || at === start + 13 || at === start + 18 || at === start + 23)) {
        if (text.charCodeAt(at) !== 45) return false;
        at++;
      }
      const nibble = hexValue(text.charCodeAt(at++));
      if (nibble === -1) return false;
      value = value * 16 + nibble;
    }
    words[word] = value;
  }
  return true;
}

/** A lower-case UUID's 128 bits, or false for any other text. */
function uuidWords(text: string, words: Uint32Array): boolean {
  return text.length === 36 && hexInto(text, 0, true, words);
}

/** A GP record entry id's 128 bits (`gpr_` and 32 lower-case hex digits), or false for any other text. */
function entryIdWords(text: string, words: Uint32Array): boolean {
  return text.length === 36 && text.startsWith("gpr_") && hexInto(text, 4, false, words);
}

/** Two lower-case hex digits for each byte value. */
const byteHex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** A word as 8 hex digits, a table read per byte (a UUID 0.17 us, where toString(16) + padStart took 1.3 us: /tmp/h62 micro-benchmark). */
function wordHex(word: number): string {
  return byteHex[word >>> 24]! + byteHex[(word >>> 16) & 255]! + byteHex[(word >>> 8) & 255]! + byteHex[word & 255]!;
}

function hexWords(nodes: Uint32Array, at: number): string {
  return wordHex(nodes[at]!) + wordHex(nodes[at + 1]!) + wordHex(nodes[at + 2]!) + wordHex(nodes[at + 3]!);
}

/** The node's id as a lower-case UUID. */
function uuidText(nodes: Uint32Array, at: number): string {
  const second = wordHex(nodes[at + 1]!);
  const third = wordHex(nodes[at + 2]!);
  return `${wordHex(nodes[at]!)}-${second.slice(0, 4)}-${second.slice(4)}-${third.slice(0, 4)}-${third.slice(4)}${wordHex(nodes[at + 3]!)}`;
}
