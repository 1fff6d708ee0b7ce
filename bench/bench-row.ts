/** One comparison in the benchmark table: a measured figure against a baseline from the same run. */
export interface BenchRow {
  readonly name: string;
  readonly baseline: string;
  readonly ratio: number;
  readonly value: number;
  readonly unit: string;
  readonly baselineValue: number;
  readonly note?: string;
  /**
   * Set on a row that bounds the section's target instead of answering it (a floor, a machine's
   * ceiling, another baseline): the table says "no target" for it, never "yes".
   */
  readonly noTarget?: true;
}
