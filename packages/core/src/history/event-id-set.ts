import { endianness } from "node:os";

import { UuidTable } from "./uuid-table.js";

/** Room for 1,024 ids in the run (16 KiB) and as many in the table before either first grows. */
const INITIAL_ROOM = 1024;

/**
 * Ids of one millisecond the run holds at most. A simulated year's busiest milliseconds hold
 * hundreds (a day's list sizes at midnight) but most hold under 30, so the run holds nearly every id,
 * and a new id is compared with at most this many.
 */
const GROUP_LIMIT = 64;

/**
 * The event ids a checker has seen, with the line that first used each. A file of millions of
 * lines would make a Map of id strings a few hundred megabytes and keep every id string alive for
 * the garbage collector to trace (and a Map holds at most 2^24 entries); ids are UUIDs, so they are
 * kept here as 128-bit numbers in typed arrays, nothing for the collector.
 *
 * Event ids are UUID v7s, whose first 48 bits are the millisecond they were made, and a history's
 * lines come in the order they were recorded, so their ids' times almost never go back (not once in
 * a simulated year). Such ids are kept in a run, in the order they came: an id later than the run's
 * last is new without a look anywhere, and one of the run's last millisecond is compared with that
 * millisecond's few ids, the last ones written (hot in the cache). Only the rest (an id whose time
 * goes back, one past a crowded millisecond's first GROUP_LIMIT) go to a hash table (UuidTable), and
 * an id whose time goes back is also looked for in the run, by binary search. A hash table of every
 * id took a cache miss an id once the file outgrew the caches: with this run, checking the 50-PCN
 * year (1,780,911 lines, `checkHistory`) took 8.23-8.39 s of processor time instead of 8.66-8.79 s
 * (main thread 7.70-7.77 s instead of 7.92-8.07 s; two alternated pairs, 2026-12-05).
 *
 * Memory: 16 bytes an id in the run (room grown by half: 16 to 24), lines not kept one by one: ids
 * come in line order, so an id's line is its index plus an offset that changes only where a line did
 * not add an id to the run, and only those changes are kept; 31 to 51 bytes an id in the table (was
 * 34 bytes an id on average and 45 at most, for every id). UUIDs are compared as numbers, so letter
 * case does not matter. Anything not shaped like a UUID (the schemas refuse such ids, but this set
 * does not rely on them) goes to an ordinary Map. history-event-id-set.test.ts holds it to a Map of
 * strings, for ids in time order and not.
 */
export class EventIdSet {
  /** The run: ids whose times never go back, four words (128 bits) each, in the order they came. */
  #ids: Uint32Array;
  #size = 0;
  /** The time (the first 48 bits) of the run's last id; -1 before the first. */
  #lastTime = -1;
  /** Where the ids of the run's last time begin. */
  #groupStart = 0;
  /** Ids of one time the run holds at most: a crowded millisecond's others go to the table, so no id is compared with more. */
  readonly #groupLimit: number;
  /** Where the line of a run's id stops being its index plus the previous offset: indexes, ascending, and their offsets. */
  readonly #runStarts: number[] = [];
  readonly #runOffsets: number[] = [];
  /** Ids the run does not hold. */
  readonly #table: UuidTable;
  readonly #others = new Map<string, number>();
  readonly #id = new Uint32Array(4);

  /**
   * `initialRoom`: ids the run and the table hold before they first grow; `groupLimit`: ids of one
   * millisecond the run holds at most (tests set both small so that every growth and overflow runs).
   */
  constructor(initialRoom = INITIAL_ROOM, groupLimit = GROUP_LIMIT) {
    this.#ids = new Uint32Array(4 * Math.max(1, initialRoom));
    this.#table = new UuidTable(initialRoom);
    this.#groupLimit = Math.max(1, groupLimit);
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
    const time = a * 65536 + (b >>> 16);
    const last = this.#lastTime;
    if (time > last) {
      // Later than every id of the run, and than every id of the table (each was at or before the run's last time when it came).
      this.#lastTime = time;
      this.#groupStart = this.#size;
      this.#append(a, b, c, d, line);
      return 0;
    }
    // The run's ids of this time, one after another: its last time's at its end (the words before
    // the last three are the same for all of them), an earlier one's found by binary search.
    const ids = this.#ids;
    const size = this.#size;
    if (time === last) {
      const start = this.#groupStart;
      for (let at = 4 * start + 3; at < 4 * size; at += 4) {
        if (ids[at] === d && ids[at - 1] === c && ids[at - 2] === b) return this.#lineOf((at - 3) / 4);
      }
      // The table holds no id of the run's last time until the run holds GROUP_LIMIT of them.
      if (size - start < this.#groupLimit) {
        this.#append(a, b, c, d, line);
        return 0;
      }
    } else {
      for (let index = this.#firstAtOrAfter(time); index < size; index++) {
        const at = 4 * index;
        if (ids[at] !== a || ids[at + 1]! >>> 16 !== b >>> 16) break;
        if (ids[at + 3] === d && ids[at + 2] === c && ids[at + 1] === b) return this.#lineOf(index);
      }
    }
    return this.#table.firstUse(a, b, c, d, line);
  }

  #append(a: number, b: number, c: number, d: number, line: number): void {
    const index = this.#size++;
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
  }

  /** The first index of the run whose id's time is at or after `time` (the run's times never go back). */
  #firstAtOrAfter(time: number): number {
    const ids = this.#ids;
    let low = 0;
    let high = this.#size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ids[4 * middle]! * 65536 + (ids[4 * middle + 1]! >>> 16) < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The line of the run's id at `index`: its index plus the offset of the run of lines it falls in. */
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

  /**
   * The ids and their first lines as data, for a checker's snapshot: little-endian words in base64,
   * in the order of their lines (the run's and the table's merged), and the other ids.
   */
  toSnapshot(): EventIdSnapshot {
    const runLines = new Uint32Array(this.#size);
    for (let run = 0; run < this.#runStarts.length; run++) {
      const end = run + 1 < this.#runStarts.length ? this.#runStarts[run + 1]! : this.#size;
      for (let index = this.#runStarts[run]!; index < end; index++) runLines[index] = index + this.#runOffsets[run]!;
    }
    const table = this.#table.entries();
    const count = this.#size + this.#table.size;
    const ids = new Uint32Array(4 * count);
    const lines = new Uint32Array(count);
    let fromRun = 0;
    let fromTable = 0;
    for (let out = 0; out < count; out++) {
      const takeRun = fromTable * 5 >= table.length || (fromRun < this.#size && runLines[fromRun]! <= table[5 * fromTable + 4]!);
      if (takeRun) {
        ids.set(this.#ids.subarray(4 * fromRun, 4 * fromRun + 4), 4 * out);
        lines[out] = runLines[fromRun]!;
        fromRun++;
      } else {
        ids.set(table.subarray(5 * fromTable, 5 * fromTable + 4), 4 * out);
        lines[out] = table[5 * fromTable + 4]!;
        fromTable++;
      }
    }
    return { ids: base64Words(ids), lines: base64Words(lines), others: [...this.#others] };
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

  /** Room for half as many ids again. */
  #growIds(): void {
    const ids = new Uint32Array(4 * Math.ceil((this.#ids.length / 4) * 1.5 + 1));
    ids.set(this.#ids);
    this.#ids = ids;
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
