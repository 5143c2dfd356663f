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
 * `batchSize` distinct items drawn uniformly (without replacement within the batch; across steps
 * every draw is fresh, so over k·n/batchSize steps each item is seen k times on average). The
 * whole data-order state is `rng`'s, so a checkpoint's rngState resumes the same batch sequence,
 * which an epoch's permutation plus a position could not do with one number.
 */
export function sampleBatch<T>(items: readonly T[], batchSize: number, rng: TrainingRng): T[] {
  const picked = Math.min(batchSize, items.length);
  const order = Array.from({ length: items.length }, (_, i) => i);
  for (let i = 0; i < picked; i++) {
    const j = i + Math.floor(rng.next() * (items.length - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, picked).map((k) => items[k]);
}
