import { InvalidArgumentError } from '../../errors.ts';
import { argmax } from '../../speculative/sampling.ts';
import type { BindingCheck } from './gpu-guard.ts';
import type { MlcCausalLM } from './mlc-causal-lm.ts';

/**
 * The self-check: does batch_verify compute what decode computes? On software WebGPU the compiled
 * library gave wrong logits for every multi-token forward on a non-empty cache while decode was
 * right; nobody knows yet which real GPUs do the same. Speculative output is only the target's
 * output if the verify pass agrees with the one-token pass, so that is checked on the user's GPU
 * before speculation is switched on.
 *
 * Comparisons (reference first):
 *   prefill-vs-decode   the prompt's last row: prefill on an empty cache vs token-by-token decode
 *   verify-vs-decode    the k tail rows: one batch_verify vs k decodes (after a popn of the verify)
 *   popn-rollback       the k tail rows: batch_verify again after popn vs the first batch_verify
 * A row pair "disagrees" when the argmaxes differ. Batched and single-row kernels reduce in other
 * orders, so a greedy choice may flip where the top two logits are nearly tied: a flip whose gap
 * (how far apart the two tokens are, in either row) is below ε is noise, not disagreement.
 */

export interface Thresholds {
  /** Largest max-abs logit difference still taken as floating-point noise. */
  tolerance: number;
  /** Top-2 gap below which an argmax flip is a near-tie (noise). */
  epsilon: number;
}

/**
 * Defaults by the dtype the library computes in. Set well above rounding noise of that dtype over
 * 32 layers and well below the O(1) errors of a wrong kernel; not yet calibrated on many GPUs, so
 * the report prints them next to what was measured.
 */
export const DEFAULT_THRESHOLDS: Record<'f16' | 'f32', Thresholds> = {
  f16: { tolerance: 0.5, epsilon: 0.25 },
  f32: { tolerance: 0.05, epsilon: 0.02 },
};

export interface Disagreement {
  /** Index of the row within the compared block. */
  position: number;
  referenceToken: number;
  candidateToken: number;
  gap: number;
  nearTie: boolean;
}

export interface Comparison {
  name: 'prefill-vs-decode' | 'verify-vs-decode' | 'popn-rollback';
  rows: number;
  maxAbsDiff: number;
  argmaxAgreements: number;
  disagreements: Disagreement[];
  /** Why the rows cannot be compared (NaN, ±∞, an all-zero row), or null. */
  invalid: string | null;
}

export type Verdict = 'ok' | 'noise' | 'disagree' | 'rollback' | 'broken' | 'binding';

export interface Decision {
  /** batch_verify trusted: speculative decoding on. */
  speculation: boolean;
  /** prefill trusted; otherwise prompts go through decode token by token. */
  prefill: boolean;
  verdict: Verdict;
  message: string;
}

export interface SelfCheckReport extends Decision {
  comparisons: Comparison[];
  binding: BindingCheck;
  thresholds: Thresholds;
  timing: { verifyMs: number; decodeMs: number; tail: number };
}

export function compareRows(
  name: Comparison['name'],
  reference: readonly Float32Array[],
  candidate: readonly Float32Array[],
  { epsilon }: Thresholds,
): Comparison {
  if (reference.length !== candidate.length) {
    throw new InvalidArgumentError(`${name}: ${reference.length} reference rows vs ${candidate.length} candidate rows`);
  }
  const invalid = invalidRows(reference, 'reference') ?? invalidRows(candidate, 'candidate');
  let maxAbsDiff = 0;
  let argmaxAgreements = 0;
  const disagreements: Disagreement[] = [];
  reference.forEach((ref, position) => {
    const cand = candidate[position];
    for (let i = 0; i < ref.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(ref[i] - cand[i]));
    const a = argmax(ref);
    const b = argmax(cand);
    if (a === b) {
      argmaxAgreements++;
      return;
    }
    const gap = Math.max(ref[a] - ref[b], cand[b] - cand[a]);
    disagreements.push({ position, referenceToken: a, candidateToken: b, gap, nearTie: gap < epsilon });
  });
  return { name, rows: reference.length, maxAbsDiff, argmaxAgreements, disagreements, invalid };
}

function invalidRows(rows: readonly Float32Array[], which: string): string | null {
  for (let r = 0; r < rows.length; r++) {
    let allZero = true;
    for (const v of rows[r]) {
      if (!Number.isFinite(v)) return `${which} row ${r} holds ${v}`;
      if (v !== 0) allZero = false;
    }
    // The symptom of an over-limit binding: the dispatch is dropped and the buffer stays zero.
    if (allZero) return `${which} row ${r} is all zeros`;
  }
  return null;
}

function summary(c: Comparison): string {
  return `${c.name}: max |Δ| ${c.maxAbsDiff.toPrecision(3)}, argmax ${c.argmaxAgreements}/${c.rows}`;
}

/** The decision rule, on comparisons alone (tested on synthetic logits). */
export function decide(comparisons: readonly Comparison[], binding: BindingCheck, t: Thresholds): Decision {
  const byName = (name: Comparison['name']): Comparison | undefined => comparisons.find((c) => c.name === name);
  const bad = (c: Comparison | undefined): boolean =>
    c !== undefined && (c.invalid !== null || c.maxAbsDiff > t.tolerance || c.disagreements.some((d) => !d.nearTie));
  const prefillOk = !bad(byName('prefill-vs-decode'));
  const prefillNote = prefillOk
    ? ''
    : ' Prefill also disagrees with decode, so prompts are fed token by token through decode (slow but correct).';
  const off = (verdict: Verdict, why: string): Decision => ({
    speculation: false,
    prefill: prefillOk,
    verdict,
    message: `Speculative decoding is OFF for this model: ${why} Translations run autoregressively.${prefillNote}`,
  });

  if (!binding.ok) return off('binding', binding.message);
  const broken = comparisons.find((c) => c.invalid !== null && c.name !== 'prefill-vs-decode');
  if (broken) return off('broken', `${broken.name} produced unusable logits (${broken.invalid}).`);
  const verify = byName('verify-vs-decode');
  if (!verify) return off('broken', 'the verify-vs-decode comparison did not run.');
  if (bad(verify)) {
    const real = verify.disagreements.filter((d) => !d.nearTie).length;
    return off(
      'disagree',
      `batch_verify and decode disagree beyond noise (${summary(verify)}, ${real} real disagreement(s); tolerance ${t.tolerance}, ε ${t.epsilon}).`,
    );
  }
  const rollback = byName('popn-rollback');
  if (bad(rollback))
    return off(
      'rollback',
      `re-verifying after kv_state_popn gave different logits (${summary(rollback!)}): the rollback is not exact.`,
    );

  const flips = comparisons.flatMap((c) => c.disagreements).length;
  const stats = comparisons.map(summary).join('; ');
  if (flips > 0) {
    return {
      speculation: true,
      prefill: prefillOk,
      verdict: 'noise',
      message:
        `Speculative decoding is ON. ${flips} argmax flip(s) at near-ties (top-2 gap < ε = ${t.epsilon}): ` +
        `floating-point noise between batched and single-row kernels, not disagreement (${stats}). At such a token ` +
        'greedy speculative output may pick the other of two equally likely tokens.' +
        prefillNote,
    };
  }
  return {
    speculation: true,
    prefill: prefillOk,
    verdict: 'ok',
    message: `Speculative decoding is ON: batch_verify matches decode (${stats}).${prefillNote}`,
  };
}

export interface SelfCheckOptions {
  /** Prompt tokens (BOS first); the last `tail` are the compared positions. */
  tokens: readonly number[];
  /** Positions verified at once, like γ + 1 in the loop. Default 6. */
  tail?: number;
  thresholds: Thresholds;
  binding: BindingCheck;
  /** Clock in milliseconds, for the verify/decode timing. */
  now?: () => number;
  /** Each step as it starts (a slow GPU can take minutes per step): for progress lines. */
  onStage?: (text: string) => void;
  /** Each comparison as soon as it is measured: a run cut short still has these. */
  onComparison?: (comparison: Comparison) => void;
}

/**
 * Runs the comparisons on the loaded target, leaves it empty, and switches its paths to the
 * decision. Skips batch_verify entirely when the binding check failed (it would return zeros); a
 * batch_verify that throws (a captured GPU error, a TVM error) counts as broken, not as a crash:
 * decode may still serve the model.
 */
export async function runSelfCheck(target: MlcCausalLM, options: SelfCheckOptions): Promise<SelfCheckReport> {
  const { tokens, thresholds: t, binding } = options;
  const k = options.tail ?? 6;
  if (k < 2 || tokens.length < k + 1 || tokens.length - k > target.chunkSize) {
    throw new InvalidArgumentError(
      `the self-check needs a tail of at least 2 after a prefix of at most ${target.chunkSize} tokens (got ${tokens.length} tokens, tail ${k})`,
    );
  }
  const prefix = tokens.slice(0, -k);
  const tail = tokens.slice(-k);
  const comparisons: Comparison[] = [];
  const measured = (...done: Comparison[]) => {
    for (const c of done) {
      comparisons.push(c);
      options.onComparison?.(c);
    }
  };
  const stage = (text: string) => options.onStage?.(text);
  const timing = { verifyMs: 0, decodeMs: 0, tail: k };
  try {
    await target.reset();
    target.setPaths({ batchVerify: true, prefill: true });
    stage(`prefill of the ${prefix.length}-token prompt`);
    const [prefillRow] = await target.append(prefix, 'last');
    if (binding.ok) {
      stage(`batch_verify of ${k} tokens vs ${k} decodes, then popn and batch_verify again`);
      measured(...(await compareVerify(target, prefix.length, tail, t, timing, options.now)));
    }
    await target.reset();
    target.setPaths({ batchVerify: false, prefill: false });
    stage(`the ${prefix.length}-token prompt through decode, one token at a time`);
    const [decodedLast] = await target.append(prefix, 'last');
    measured(compareRows('prefill-vs-decode', [decodedLast], [prefillRow], t));
  } finally {
    await target.reset();
  }
  const decision = decide(comparisons, binding, t);
  target.setPaths({ batchVerify: decision.speculation, prefill: decision.prefill });
  return { ...decision, comparisons, binding, thresholds: t, timing };
}

/** verify → popn → k decodes → popn → verify again, on a cache holding the prefix. */
async function compareVerify(
  target: MlcCausalLM,
  keep: number,
  tail: readonly number[],
  t: Thresholds,
  timing: SelfCheckReport['timing'],
  now: () => number = () => performance.now(),
): Promise<Comparison[]> {
  const verify = async (): Promise<Float32Array[] | string> => {
    target.setPaths({ batchVerify: true, prefill: true });
    try {
      return await target.append(tail, 'all');
    } catch (error) {
      return `batch_verify raised ${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  const failed = (name: Comparison['name'], why: string): Comparison[] => [
    { name, rows: tail.length, maxAbsDiff: Infinity, argmaxAgreements: 0, disagreements: [], invalid: why },
  ];
  let t0 = now();
  const verified = await verify();
  timing.verifyMs = now() - t0;
  if (typeof verified === 'string') return failed('verify-vs-decode', verified);
  target.truncate(keep);
  target.setPaths({ batchVerify: false, prefill: true });
  t0 = now();
  const decoded = await target.append(tail, 'all');
  timing.decodeMs = now() - t0;
  const result = [compareRows('verify-vs-decode', decoded, verified, t)];
  target.truncate(keep);
  const again = await verify();
  if (typeof again === 'string') return [...result, ...failed('popn-rollback', again)];
  return [...result, compareRows('popn-rollback', verified, again, t)];
}
