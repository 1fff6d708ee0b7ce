import { endianness } from "node:os";

/**
 * The event ids an import has seen, with the line that first used each. A file of millions of
 * lines would make a Map of id strings a few hundred megabytes and keep every id string alive for
 * the garbage collector to trace (and a Map holds at most 2^24 entries); ids are UUIDs, so they are
 * kept here as 128-bit numbers in typed arrays (open addressing, linear probing): at most 56 bytes
 * an id (36 on average), nothing for the collector.
 * UUIDs are compared as numbers, so letter case does not matter. Anything not shaped like a UUID
 * (the schemas refuse such ids, but this set does not rely on them) goes to an ordinary Map.
 */
/** Room for 8,192 ids before the first doubling: small files never grow it. */
const INITIAL_SLOTS = 16_384;

export class EventIdSet {
  /**
   * The hash table: two words a slot, the id's hash (0 marks an empty slot) and its index in the
   * arrays below. Probing reads only this table, so a new id (the usual case) costs one cache miss.
   */
  #table = new Uint32Array(2 * INITIAL_SLOTS);
  #mask = INITIAL_SLOTS - 1;
  /** The ids in the order they came, four words (128 bits) each, written one after another. */
  #ids = new Uint32Array(4 * INITIAL_SLOTS);
  /** The line that used each id first, in the same order. */
  #lines = new Uint32Array(INITIAL_SLOTS);
  #size = 0;
  readonly #others = new Map<string, number>();
  readonly #id = new Uint32Array(4);

  /** The line that first used `id`, or 0 if none did, in which case `line` is recorded as its first use. */
  firstUse(id: string, line: number): number {
    const words = this.#id;
    if (!uuidWords(id, words)) {
      const key = id.toLowerCase();
      const earlier = this.#others.get(key);
      if (earlier !== undefined) return earlier;
      this.#others.set(key, line);
      return 0;
    }
    return this.#firstUse(words[0]!, words[1]!, words[2]!, words[3]!, line);
  }

  #firstUse(a: number, b: number, c: number, d: number, line: number): number {
    const h = hash(a, b, c, d);
    const table = this.#table;
    const mask = this.#mask;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = table[2 * slot]!;
      if (found === 0) {
        const index = this.#size++;
        table[2 * slot] = h;
        table[2 * slot + 1] = index;
        const ids = this.#ids;
        const at = 4 * index;
        ids[at] = a;
        ids[at + 1] = b;
        ids[at + 2] = c;
        ids[at + 3] = d;
        this.#lines[index] = line;
        if (this.#size * 2 > mask) this.#grow();
        return 0;
      }
      if (found === h) {
        const index = table[2 * slot + 1]!;
        const ids = this.#ids;
        const at = 4 * index;
        if (ids[at] === a && ids[at + 1] === b && ids[at + 2] === c && ids[at + 3] === d) return this.#lines[index]!;
      }
    }
  }

  /** The ids and their first lines as data, for a checker's snapshot: little-endian words in base64, and the other ids. */
  toSnapshot(): EventIdSnapshot {
    return {
      ids: base64Words(this.#ids.subarray(0, 4 * this.#size)),
      lines: base64Words(this.#lines.subarray(0, this.#size)),
      others: [...this.#others],
    };
  }

  /** The set a snapshot holds, or null when the data is not one (lengths that disagree, an id twice). */
  static fromSnapshot(data: EventIdSnapshot): EventIdSet | null {
    const ids = wordsOf(data.ids);
    const lines = wordsOf(data.lines);
    if (ids === null || lines === null || ids.length !== 4 * lines.length) return null;
    const set = new EventIdSet();
    for (let index = 0; index < lines.length; index++) {
      const at = 4 * index;
      const line = lines[index]!;
      if (line === 0 || set.#firstUse(ids[at]!, ids[at + 1]!, ids[at + 2]!, ids[at + 3]!, line) !== 0) return null;
    }
    for (const [id, line] of data.others) {
      if (uuidWords(id, set.#id) || id !== id.toLowerCase() || line < 1 || set.#others.has(id)) return null;
      set.#others.set(id, line);
    }
    return set;
  }

  /** Doubles the table (so it stays at most half full: short probe runs) and the room for ids. */
  #grow(): void {
    const slots = 2 * (this.#mask + 1);
    const mask = slots - 1;
    const table = new Uint32Array(2 * slots);
    const old = this.#table;
    for (let at = 0; at < old.length; at += 2) {
      const h = old[at]!;
      if (h === 0) continue;
      let slot = h & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = old[at + 1]!;
    }
    const ids = new Uint32Array(4 * slots);
    ids.set(this.#ids);
    const lines = new Uint32Array(slots);
    lines.set(this.#lines);
    this.#table = table;
    this.#mask = mask;
    this.#ids = ids;
    this.#lines = lines;
  }
}

/** What `EventIdSet.toSnapshot` gives: JSON data. */
export interface EventIdSnapshot {
  /** Four 32-bit words an id, in the order the ids came, little-endian, base64. */
  readonly ids: string;
  /** The line that first used each id, one 32-bit word each, little-endian, base64. */
  readonly lines: string;
  /** Ids not shaped like UUIDs (lower-cased), with their first lines. */
  readonly others: [string, number][];
}

const bigEndian = endianness() === "BE";

function base64Words(words: Uint32Array): string {
  const bytes = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  // Snapshots are little-endian whatever the machine, so one taken here restores anywhere.
  return (bigEndian ? Buffer.from(bytes).swap32() : bytes).toString("base64");
}

function wordsOf(text: string): Uint32Array | null {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % 4 !== 0 || bytes.toString("base64") !== text) return null;
  if (bigEndian) bytes.swap32();
  const words = new Uint32Array(bytes.length / 4);
  new Uint8Array(words.buffer).set(bytes);
  return words;
}

/** Mixes the UUID's words into a nonzero 32-bit hash; the low words of a v7 UUID are random, so a light mix spreads them. */
function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(d ^ (c >>> 7), 0x9e3779b1);
  h ^= Math.imul(b ^ a, 0x85ebca6b) >>> 13;
  return (h ^ (h >>> 16)) >>> 0 || 1;
}

/** Hex digit values by character code (ASCII), -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX["0123456789abcdef".charCodeAt(digit)] = digit;
  HEX["0123456789ABCDEF".charCodeAt(digit)] = digit;
}

/** The hex digits of `id` from `from` to `to` (at most 8) as a number, or -1 if one is not a hex digit. */
function hexRun(id: string, from: number, to: number): number {
  let value = 0;
  for (let at = from; at < to; at++) {
    const code = id.charCodeAt(at);
    const digit = code < 128 ? HEX[code]! : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** Reads an 8-4-4-4-12 UUID into four 32-bit words; false when `id` is not one. */
function uuidWords(id: string, words: Uint32Array): boolean {
  if (id.length !== 36 || id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45)
    return false;
  const a = hexRun(id, 0, 8);
  const b1 = hexRun(id, 9, 13);
  const b2 = hexRun(id, 14, 18);
  const c1 = hexRun(id, 19, 23);
  const c2 = hexRun(id, 24, 28);
  const d = hexRun(id, 28, 36);
  if (a < 0 || b1 < 0 || b2 < 0 || c1 < 0 || c2 < 0 || d < 0) return false;
  words[0] = a;
  words[1] = b1 * 65536 + b2;
  words[2] = c1 * 65536 + c2;
  words[3] = d;
  return true;
}
