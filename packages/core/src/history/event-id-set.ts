import { endianness } from "node:os";

/**
 * The event ids a checker has seen, with the line that first used each. A file of millions of
 * lines would make a Map of id strings a few hundred megabytes and keep every id string alive for
 * the garbage collector to trace (and a Map holds at most 2^24 entries); ids are UUIDs, so they are
 * kept here as 128-bit numbers in typed arrays, nothing for the collector: 16 bytes an id in the
 * order they came (room grown by half), and a hash table of two words a slot (open addressing,
 * linear probing, at most three quarters full). Lines are not kept one by one: ids come in line
 * order, so an id's line is its index plus an offset that changes only where a line did not add an
 * id, and only those changes are kept. About 34 bytes an id on average, 45 at most after a growth
 * (was 56 to 112 with a line and a full slot of room per table slot; measured in docs/projections.md).
 * UUIDs are compared as numbers, so letter case does not matter. Anything not shaped like a UUID
 * (the schemas refuse such ids, but this set does not rely on them) goes to an ordinary Map.
 * history-event-id-set.test.ts holds it to a Map of strings.
 */
/** Room for 12,288 ids before the table's first doubling: small files never grow it. */
const INITIAL_SLOTS = 16_384;

export class EventIdSet {
  /**
   * The hash table: two words a slot, the id's hash (0 marks an empty slot) and its index in the
   * id list. Probing reads only this table (neighbouring slots share a cache line), so a new id (the
   * usual case) costs about one cache miss here.
   */
  #table: Uint32Array;
  #mask: number;
  /** The ids in the order they came, four words (128 bits) each, written one after another. */
  #ids: Uint32Array;
  #size = 0;
  /** Where the line of an id stops being its index plus the previous offset: indexes, ascending, and their offsets. */
  readonly #runStarts: number[] = [];
  readonly #runOffsets: number[] = [];
  readonly #others = new Map<string, number>();
  readonly #id = new Uint32Array(4);

  /** `initialSlots`: the table's first size, a power of two (tests start small so that every growth runs). */
  constructor(initialSlots = INITIAL_SLOTS) {
    const slots = 2 ** Math.max(2, Math.ceil(Math.log2(initialSlots)));
    this.#table = new Uint32Array(2 * slots);
    this.#mask = slots - 1;
    this.#ids = new Uint32Array(4 * Math.max(1, slots / 16));
  }

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
        if (4 * index >= this.#ids.length) this.#growIds();
        const ids = this.#ids;
        const at = 4 * index;
        ids[at] = a;
        ids[at + 1] = b;
        ids[at + 2] = c;
        ids[at + 3] = d;
        const offsets = this.#runOffsets;
        if (offsets.length === 0 || offsets[offsets.length - 1] !== line - index) {
          this.#runStarts.push(index);
          offsets.push(line - index);
        }
        if (this.#size * 4 > mask * 3) this.#growTable();
        return 0;
      }
      if (found === h) {
        const index = table[2 * slot + 1]!;
        const ids = this.#ids;
        const at = 4 * index;
        if (ids[at] === a && ids[at + 1] === b && ids[at + 2] === c && ids[at + 3] === d) return this.#lineOf(index);
      }
    }
  }

  /** The line of the id at `index`: its index plus the offset of the run it falls in. */
  #lineOf(index: number): number {
    const starts = this.#runStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return index + this.#runOffsets[low]!;
  }

  /** The ids and their first lines as data, for a checker's snapshot: little-endian words in base64, and the other ids. */
  toSnapshot(): EventIdSnapshot {
    const lines = new Uint32Array(this.#size);
    for (let run = 0; run < this.#runStarts.length; run++) {
      const end = run + 1 < this.#runStarts.length ? this.#runStarts[run + 1]! : this.#size;
      for (let index = this.#runStarts[run]!; index < end; index++) lines[index] = index + this.#runOffsets[run]!;
    }
    return {
      ids: base64Words(this.#ids.subarray(0, 4 * this.#size)),
      lines: base64Words(lines),
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

  /** Room for half as many ids again (the table is sized on its own). */
  #growIds(): void {
    const ids = new Uint32Array(4 * Math.ceil((this.#ids.length / 4) * 1.5 + 1));
    ids.set(this.#ids);
    this.#ids = ids;
  }

  /** Doubles the table, so it stays at most three quarters full (short probe runs). */
  #growTable(): void {
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
    this.#table = table;
    this.#mask = mask;
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
