/**
 * mulberry32 (the same stream as src/speculative's seededRng) with its state exposed, so a training
 * run's data order can be checkpointed and resumed exactly.
 */
export class TrainingRng {
  private current: number;

  constructor(seedOrState: number) {
    this.current = seedOrState >>> 0;
  }

  /** The whole state: `new TrainingRng(rng.state)` continues the same stream. */
  get state(): number {
    return this.current;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.current = (this.current + 0x6d2b79f5) >>> 0;
    let t = this.current;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniformly shuffled [0, n) (Fisher–Yates). */
  permutation(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
}

/**
 * Batches for one epoch: examples in a fresh shuffled order, `batchSize` per batch (the last one
 * may be smaller). Draws from `rng`, so the trainer's checkpointed RNG fixes every epoch's order.
 */
export function epochOrder<T>(items: readonly T[], batchSize: number, rng: TrainingRng): T[][] {
  const order = rng.permutation(items.length);
  const batches: T[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize).map((k) => items[k]));
  return batches;
}
