import type { StreamVersion } from "./event-store.js";

/**
 * Where each command handled on a cached stream begins (the stream version of its first event), for
 * idempotent handling, in a few bytes a command: an id is kept as a 30-bit hash, a small integer,
 * not its text. A UUID's string is 56 bytes of heap and its map entry about as much again; a
 * simulated year of 5 PCNs held 136,000 of them (7.6 MB of a 30 MB working heap), and a national
 * year holds tens of millions (docs/simulation.md, Memory).
 *
 * A hash names candidate versions only: the handler reads the events at each back and compares
 * their command id, so two ids sharing a hash are never mistaken for each other.
 */
export class CommandVersions {
  readonly #versions = new Map<number, StreamVersion | StreamVersion[]>();
  readonly #hash: (commandId: string) => number;

  constructor(hash: (commandId: string) => number = commandIdHash) {
    this.#hash = hash;
  }

  /** A command begins at `version`; a version already noted under the id's hash is noted once. */
  add(commandId: string, version: StreamVersion): void {
    const key = this.#hash(commandId);
    const known = this.#versions.get(key);
    if (known === undefined) this.#versions.set(key, version);
    else if (typeof known === "number") {
      if (known !== version) this.#versions.set(key, [known, version]);
    } else if (!known.includes(version)) known.push(version);
  }

  /** Versions where this command may begin, in the order noted: none means it was never handled here. */
  candidates(commandId: string): readonly StreamVersion[] {
    const known = this.#versions.get(this.#hash(commandId));
    return known === undefined ? [] : typeof known === "number" ? [known] : known;
  }
}

/** FNV-1a over the id's UTF-16 code units, cut to 30 bits so it is a small integer on every V8 build. */
export function commandIdHash(commandId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < commandId.length; index++) {
    hash ^= commandId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x3fffffff;
}
