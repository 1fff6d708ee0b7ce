/**
 * What is due to happen, in order: a binary heap keyed by time, then by the order things were
 * put on it. The sequence number breaks ties deterministically, so two runs of the same seed
 * take simultaneous actions in the same order.
 */
export class Agenda<Action> {
  readonly #times: number[] = [];
  readonly #sequences: number[] = [];
  readonly #actions: Action[] = [];
  #nextSequence = 0;

  get size(): number {
    return this.#actions.length;
  }

  add(at: number, action: Action): void {
    const times = this.#times;
    const sequences = this.#sequences;
    const actions = this.#actions;
    const sequence = this.#nextSequence++;
    let index = actions.length;
    times.push(at);
    sequences.push(sequence);
    actions.push(action);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!earlier(at, sequence, times[parent]!, sequences[parent]!)) break;
      this.#place(index, times[parent]!, sequences[parent]!, actions[parent]!);
      index = parent;
    }
    this.#place(index, at, sequence, action);
  }

  /** The earliest entry, removed; undefined when nothing is due. */
  next(): { readonly at: number; readonly action: Action } | undefined {
    const actions = this.#actions;
    if (actions.length === 0) return undefined;
    const at = this.#times[0]!;
    const action = actions[0]!;
    const lastTime = this.#times.pop()!;
    const lastSequence = this.#sequences.pop()!;
    const lastAction = actions.pop()!;
    const size = actions.length;
    if (size > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= size) break;
        const right = left + 1;
        const child =
          right < size && earlier(this.#times[right]!, this.#sequences[right]!, this.#times[left]!, this.#sequences[left]!) ? right : left;
        if (!earlier(this.#times[child]!, this.#sequences[child]!, lastTime, lastSequence)) break;
        this.#place(index, this.#times[child]!, this.#sequences[child]!, actions[child]!);
        index = child;
      }
      this.#place(index, lastTime, lastSequence, lastAction);
    }
    return { at, action };
  }

  #place(index: number, at: number, sequence: number, action: Action): void {
    this.#times[index] = at;
    this.#sequences[index] = sequence;
    this.#actions[index] = action;
  }
}

function earlier(at: number, sequence: number, otherAt: number, otherSequence: number): boolean {
  return at < otherAt || (at === otherAt && sequence < otherSequence);
}
