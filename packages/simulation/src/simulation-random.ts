import { unsafeSkipN, unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from "pure-rand";

/**
 * The simulator's only source of randomness: pure-rand's xoroshiro128+, seeded. Nothing in the
 * simulator reads Math.random or a clock, so the same seed always yields the same history.
 */

/** Outputs skipped after seeding: xoroshiro128+'s first outputs from small seeds are nearly linear in the seed. */
const WARM_UP_OUTPUTS = 32;
const TWO_POW_26 = 2 ** 26;
const TWO_POW_27 = 2 ** 27;
const TWO_POW_53 = 2 ** 53;
const HEX: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
// A local binding: test runners that rewrite imports into property reads would otherwise pay a lookup per draw.
const uniformInt = unsafeUniformIntDistribution;

export class SimulationRandom {
  readonly #generator: RandomGenerator;

  private constructor(generator: RandomGenerator) {
    this.#generator = generator;
  }

  static fromSeed(seed: number): SimulationRandom {
    const generator = xoroshiro128plus(seed);
    unsafeSkipN(generator, WARM_UP_OUTPUTS);
    return new SimulationRandom(generator);
  }

  /**
   * An independent stream: the child keeps the current position and this generator jumps 2^64
   * draws ahead. Separate streams keep, say, the usage draws unchanged when the case flow changes.
   */
  split(): SimulationRandom {
    const child = this.#generator.clone();
    if (this.#generator.unsafeJump === undefined) unsafeSkipN(this.#generator, 1_000_003);
    else this.#generator.unsafeJump();
    return new SimulationRandom(child);
  }

  /** A whole number from min to max inclusive. */
  integer(min: number, max: number): number {
    return min >= max ? min : uniformInt(min, max, this.#generator);
  }

  /** A number in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = uniformInt(0, TWO_POW_26 - 1, this.#generator);
    const low = uniformInt(0, TWO_POW_27 - 1, this.#generator);
    return (high * TWO_POW_27 + low) / TWO_POW_53;
  }

  /** A number in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  chance(probability: number): boolean {
    return probability > 0 && this.uniform() < probability;
  }

  /** A standard normal draw (Box–Muller). */
  standardNormal(): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    return radius * Math.cos(2 * Math.PI * this.uniform());
  }

  normal(mean: number, standardDeviation: number): number {
    return mean + standardDeviation * this.standardNormal();
  }

  /** A gamma draw with the given shape and mean (Marsaglia–Tsang), so its variance is mean² / shape. */
  gamma(shape: number, mean: number): number {
    const scale = mean / shape;
    if (shape < 1) return this.gamma(shape + 1, (shape + 1) * scale) * Math.pow(1 - this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.standardNormal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = 1 - this.uniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }

  /** A Poisson count: Knuth's product method for small means, a rounded normal for large ones. */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 40) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = 1 - this.uniform();
    while (product > limit) {
      count += 1;
      product *= 1 - this.uniform();
    }
    return count;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("cannot pick from an empty list");
    return items[this.integer(0, items.length - 1)]!;
  }

  /** `count` distinct items in random order (all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      const index = this.integer(0, pool.length - 1);
      out.push(pool[index]!);
      pool.splice(index, 1);
    }
    return out;
  }

  /** A random RFC 4122 version 4 UUID, for command and correlation ids. */
  uuid(): string {
    const generator = this.#generator;
    const a = generator.unsafeNext();
    const b = generator.unsafeNext();
    const c = generator.unsafeNext();
    const d = generator.unsafeNext();
    // Byte by byte through a table: this runs once per command, so it avoids toString and padStart.
    const hex = (word: number, shift: number): string => HEX[(word >>> shift) & 0xff]!;
    const version = HEX[0x40 | ((b >>> 8) & 0x0f)]!;
    const variant = HEX[0x80 | ((c >>> 24) & 0x3f)]!;
    return `${hex(a, 24)}${hex(a, 16)}${hex(a, 8)}${hex(a, 0)}-${hex(b, 24)}${hex(b, 16)}-${version}${hex(b, 0)}-${variant}${hex(c, 16)}-${hex(c, 8)}${hex(c, 0)}${hex(d, 24)}${hex(d, 16)}${hex(d, 8)}${hex(d, 0)}`;
  }
}

/** A weighted choice among fixed options, with its cumulative table built once. */
export class WeightedChoice<T> {
  readonly #options: readonly T[];
  readonly #cumulative: readonly number[];
  readonly #total: number;

  constructor(weights: readonly (readonly [T, number])[]) {
    const positive = weights.filter(([, weight]) => weight > 0);
    if (positive.length === 0) throw new RangeError("a weighted choice needs at least one positive weight");
    this.#options = positive.map(([option]) => option);
    let running = 0;
    this.#cumulative = positive.map(([, weight]) => (running += weight));
    this.#total = running;
  }

  /** The options with a positive weight, in the order given. */
  get options(): readonly T[] {
    return this.#options;
  }

  draw(random: SimulationRandom): T {
    const target = random.uniform() * this.#total;
    const cumulative = this.#cumulative;
    for (let index = 0; index < cumulative.length; index++) {
      if (target < cumulative[index]!) return this.#options[index]!;
    }
    return this.#options[this.#options.length - 1]!;
  }

  /** The options and their shares of the total weight. */
  shares(): readonly (readonly [T, number])[] {
    return this.#options.map(
      (option, index) => [option, (this.#cumulative[index]! - (this.#cumulative[index - 1] ?? 0)) / this.#total] as const,
    );
  }
}
