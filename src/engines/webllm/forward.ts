import { MlcRuntimeError, MlcShapeError } from './errors.ts';
import { withGpuErrorScopes } from './gpu-guard.ts';
import type { MlcPipelineSurface, MlcTensor, MlcTuple, PackedFunc } from './surface.ts';

/**
 * The raw forwards on sequence 0 of web-llm's paged KV cache, the way LLMChatPipeline.embedAndForward
 * does them (embed → begin_forward → model function → end_forward), plus the two things web-llm's
 * public API lacks: batch_verify (logits for every fed position) and kv_state_popn (rollback).
 * Each forward copies its logits to the CPU and returns them flat, [rows × vocab].
 * Cache-length bookkeeping is the caller's (MlcCausalLM); this layer only talks to TVM.
 */

export type ForwardKind = 'prefill' | 'decode' | 'verify';

/** TVM throws plain objects and strings; rebuild them as errors that carry a message and a name. */
export function asError(label: string, thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const text =
    typeof thrown === 'string'
      ? thrown
      : typeof thrown === 'object' && thrown !== null && 'message' in thrown
        ? String((thrown as { message: unknown }).message)
        : String(thrown);
  return new MlcRuntimeError(`${label} failed in the TVM runtime: ${text}`, { cause: thrown });
}

export class MlcForward {
  private readonly s: MlcPipelineSurface;

  constructor(surface: MlcPipelineSurface) {
    this.s = surface;
  }

  /**
   * Feeds `tokens` (1 ≤ n ≤ prefillChunkSize) and returns the logits the function produces:
   * prefill → the last position only, decode → its one position, verify → every position.
   */
  async forward(kind: ForwardKind, tokens: readonly number[]): Promise<Float32Array> {
    const label = `${kind} of ${tokens.length} token(s)`;
    return withGpuErrorScopes(this.s.gpu, label, async () => {
      const gpuLogits = this.run(kind, tokens, label);
      try {
        return await this.toHost(gpuLogits, kind === 'verify' ? tokens.length : 1, label);
      } finally {
        gpuLogits.dispose();
      }
    });
  }

  /** Drops the last n cached positions of sequence 0. */
  popn(n: number): void {
    const { tvm, fns, kvCache } = this.s;
    this.inScope('kv_state_popn', () => fns.popn(kvCache, tvm.scalar(0, 'int64'), tvm.scalar(n, 'int32')));
  }

  /** Empties the cache through web-llm's own reset (clear + add sequence 0). */
  clear(): void {
    this.inScope('resetKVCache', () => this.s.pipeline.resetKVCache());
  }

  /** Encodes, embeds and forwards inside one scope; returns the logits tensor detached from it. */
  private run(kind: ForwardKind, tokens: readonly number[], label: string): MlcTensor {
    const { tvm, fns, params, kvCache, device } = this.s;
    const fn: PackedFunc = kind === 'prefill' ? fns.prefill : kind === 'decode' ? fns.decode : fns.batchVerify;
    return this.inScope(label, () => {
      const ids = tvm.empty([tokens.length], 'int32', device).copyFrom(tokens);
      const flat = fns.embed(ids, params) as MlcTensor;
      const embeds = flat.view([1, ...flat.shape]); // [1, n, hidden]
      fns.beginForward(kvCache, tvm.makeShapeTuple([0]), tvm.makeShapeTuple([tokens.length]));
      const out = fn(embeds, kvCache, params) as MlcTuple;
      fns.endForward(kvCache);
      return tvm.detachFromCurrentScope(out.get(0) as MlcTensor);
    });
  }

  /** GPU → CPU: only the rows the function produced; the sync also flushes web-llm's pending encoder. */
  private async toHost(logits: MlcTensor, rows: number, label: string): Promise<Float32Array> {
    const { tvm, device, vocabSize } = this.s;
    const shape = logits.shape;
    const vocab = shape[shape.length - 1];
    const count = shape.reduce((a, b) => a * b, 1) / vocab;
    if (vocab !== vocabSize || count !== rows || logits.dtype !== 'float32') {
      throw new MlcShapeError(
        `${label} returned ${logits.dtype} logits of shape [${shape.join(', ')}]; expected float32 with ${rows} row(s) of ${vocabSize}`,
      );
    }
    const host = this.inScope(`${label} (copy to CPU)`, () =>
      tvm.detachFromCurrentScope(tvm.empty(shape, 'float32', tvm.cpu()).copyFrom(logits)),
    );
    try {
      await this.call(`${label} (sync)`, () => device.sync());
      const data = host.toArray(); // already a fresh copy out of wasm memory
      return data instanceof Float32Array ? data : Float32Array.from(data);
    } finally {
      host.dispose();
    }
  }

  private inScope<T>(label: string, body: () => T): T {
    const { tvm } = this.s;
    tvm.beginScope();
    try {
      return body();
    } catch (error) {
      throw asError(label, error);
    } finally {
      tvm.endScope();
    }
  }

  private async call<T>(label: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw asError(label, error);
    }
  }
}
