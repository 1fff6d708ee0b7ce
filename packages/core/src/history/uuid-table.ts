import { randomInt } from "node:crypto";

/**
 * A hash table of 128-bit ids (four 32-bit words) with the line that first used each: the part of an
 * EventIdSet that holds the ids its time-ordered run cannot (ids out of time order, a crowded
 * millisecond's overflow). Nothing for the garbage collector: two words a slot (the id's hash, 0 for
 * an empty slot, and its entry), open addressing with linear probing at most three quarters full, and
 * the entries (four words of id, one of line) in the order they came, room grown by half: 31 to 51
 * bytes an id.
 */
export class UuidTable {
  #table: Uint32Array;
  #mask: number;
  /** Five words an entry: the id's four, then its line. */
  #entries: Uint32Array;
  #size = 0;

  /** `initialSlots`: the table's first size, a power of two (tests start small so that every growth runs). */
  constructor(initialSlots: number) {
    const slots = 2 ** Math.max(2, Math.ceil(Math.log2(initialSlots)));
    this.#table = new Uint32Array(2 * slots);
    this.#mask = slots - 1;
    this.#entries = new Uint32Array(5 * Math.max(1, slots / 4));
  }

  /** Ids held. */
  get size(): number {
    return this.#size;
  }

  /** The line that first used the id, or 0 if none did, in which case `line` is recorded as its first use. */
  firstUse(a: number, b: number, c: number, d: number, line: number): number {
    const h = uuidHash(a, b, c, d);
    const table = this.#table;
    const mask = this.#mask;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = table[2 * slot]!;
      if (found === 0) {
        const entry = this.#size++;
        table[2 * slot] = h;
        table[2 * slot + 1] = entry;
        if (5 * entry >= this.#entries.length) this.#growEntries();
        const entries = this.#entries;
        const at = 5 * entry;
        entries[at] = a;
        entries[at + 1] = b;
        entries[at + 2] = c;
        entries[at + 3] = d;
        entries[at + 4] = line;
        if (this.#size * 4 > mask * 3) this.#growTable();
        return 0;
      }
      if (found === h) {
        const entries = this.#entries;
        const at = 5 * table[2 * slot + 1]!;
        if (entries[at] === a && entries[at + 1] === b && entries[at + 2] === c && entries[at + 3] === d) return entries[at + 4]!;
      }
    }
  }

  /** The entries in the order they came: five words each (the id's four, then its line). */
  entries(): Uint32Array {
    return this.#entries.subarray(0, 5 * this.#size);
  }

  #growEntries(): void {
    const entries = new Uint32Array(5 * Math.ceil((this.#entries.length / 5) * 1.5 + 1));
    entries.set(this.#entries);
    this.#entries = entries;
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

/**
 * A number drawn once a process, mixed in first, so that which ids share a hash cannot be known
 * ahead: the table holds every id past a crowded millisecond's first 64, so a file could otherwise
 * bring a million ids of one hash and make each new one probe past all the others (the first hash,
 * of `d ^ (c >>> 7)` and `a ^ b`, let such ids be written down: history-uuid-table-hash.test.ts).
 * Nothing the table hands out depends on it (entries come back in the order they came).
 */
const SEED = randomInt(0, 2 ** 32);

/** MurmurHash3's 32-bit finalizer: a bijection whose every input bit flips each output bit about half the time. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A nonzero 32-bit hash of the id's words, each mixed in after the seed and the words before it, so
 * a difference in one word is not cancelled by a chosen difference in the next without the seed.
 * Only ids the EventIdSet's run cannot hold are hashed, a few in a history in time order.
 */
export function uuidHash(a: number, b: number, c: number, d: number): number {
  return fmix32(fmix32(fmix32(fmix32(SEED ^ a) ^ b) ^ c) ^ d) >>> 0 || 1;
}
