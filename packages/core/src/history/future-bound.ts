import { defaultMaxClockSkewMs } from "../events/occurred-at.js";

/**
 * The checker's "not in the future" rule: an event dated after the checking machine's clock plus
 * the command handler's allowance (defaultMaxClockSkewMs) is one the handler would have refused as
 * OCCURRED_IN_FUTURE, so the checker refuses it too.
 *
 * Cost on the hot path: one string comparison per event. The latest accepted second is kept as text
 * (`YYYY-MM-DDTHH:MM:SS`); a canonical instant that sorts before it is an earlier second, so surely
 * not in the future. Only an event in or after that second parses its date and reads the clock
 * again (the clock moves on during a long live replay, so the bound is refreshed, never frozen).
 */
export class FutureBound {
  readonly #clock: () => number;
  #latestMs = -Infinity;
  #latestSecond = "";

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** The latest instant accepted now, as ISO text, when `occurredAt` is after it; null when it is not. */
  refusal(occurredAt: string): string | null {
    if (occurredAt < this.#latestSecond) return null;
    const ms = Date.parse(occurredAt);
    if (ms <= this.#latestMs) return null;
    this.#refresh();
    if (!(ms > this.#latestMs)) return null;
    return new Date(this.#latestMs).toISOString();
  }

  #refresh(): void {
    const latest = this.#clock() + defaultMaxClockSkewMs;
    if (!Number.isFinite(latest)) {
      this.#latestMs = Infinity;
      this.#latestSecond = "\u{10FFFF}";
      return;
    }
    this.#latestMs = latest;
    this.#latestSecond = new Date(latest).toISOString().slice(0, 19);
  }
}
