import type { CausalLM } from '../../../speculative/causal-lm.ts';

/**
 * A small fake of the web-llm 0.2.86 pipeline / TVM surface the adapter touches, backed by any
 * CausalLM (the tests use llama-cpu, so logits are real). It behaves like the real thing where the
 * adapter could get it wrong:
 *  - TVM objects must be created inside a scope, and end with it unless detached;
 *  - integers must be Scalars of the right dtype (plain numbers are rejected), errors are thrown
 *    as plain objects, not Errors;
 *  - model functions only enqueue work, as a GPU does: logits exist after device.sync(), a CPU copy
 *    read before the sync reads zeros;
 *  - forwards need a matching begin_forward, and end_forward after; popn past the cached length fails;
 *  - the GPU device has error scopes and limits.
 * Every call is logged in `calls` so tests can check order.
 */

export interface FakeOptions {
  vocabSize: number;
  hidden?: number;
  prefillChunkSize?: number;
  contextWindowSize?: number;
  maxStorageBufferBindingSize?: number;
  /** VM functions the "library" does not export. */
  omitFunctions?: string[];
  /** Pipeline fields to delete (e.g. 'fKVCacheBeginForward'). */
  omitFields?: string[];
  /** Rewrites batch_verify rows, to play a library whose batched kernels are wrong. */
  corruptVerify?: (rows: Float32Array[]) => void;
  /** A WebGPU validation error raised by every batch_verify (captured only inside a scope). */
  verifyGpuError?: string;
}

class TvmThrow {
  constructor(readonly message: string) {}
}

export class FakeScalar {
  constructor(
    readonly value: number,
    readonly dtype: string,
  ) {}
}

interface FakeShape {
  shape: number[];
}

export class FakeTensor {
  data: Float32Array;
  disposed = false;
  constructor(
    private readonly fake: FakePipeline,
    readonly shape: number[],
    readonly dtype: string,
    readonly onGpu: boolean,
    /** token ids an embedding stands for (the fake "hidden state") */
    readonly tokens: number[] = [],
  ) {
    this.data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  }
  copyFrom(src: FakeTensor | ArrayLike<number>): FakeTensor {
    this.fake.alive(this);
    if (src instanceof FakeTensor) {
      this.fake.alive(src);
      this.fake.enqueue(() => this.data.set(src.data)); // GPU→CPU lands at sync
    } else {
      this.tokens.splice(0, this.tokens.length, ...Array.from(src));
    }
    return this;
  }
  toArray(): Float32Array {
    this.fake.alive(this);
    if (this.onGpu) throw new TvmThrow('Can only sync copy CPU array');
    return new Float32Array(this.data);
  }
  view(shape: number[]): FakeTensor {
    this.fake.alive(this);
    const v = this.fake.tensor(shape, this.dtype, this.onGpu, this.tokens);
    v.data = this.data;
    return v;
  }
  dispose(): void {
    this.disposed = true;
    this.fake.detached.delete(this);
  }
}

export class FakePipeline {
  readonly calls: string[] = [];
  readonly detached = new Set<FakeTensor>();
  readonly model: CausalLM;
  readonly options: Required<Omit<FakeOptions, 'corruptVerify' | 'verifyGpuError'>> & FakeOptions;
  /** Positions the fake cache holds, as known when work is enqueued. */
  length = 0;
  /** Uncaptured GPU errors (raised outside any error scope). */
  readonly uncaptured: string[] = [];
  private scopes: FakeTensor[][] = [];
  private queue: Promise<void> = Promise.resolve();
  private pendingForward: number | undefined;
  private readonly errorScopes: { filter: GPUErrorFilter; error: GPUError | null }[] = [];
  /** The object handed to the adapter, shaped like LLMChatPipeline. */
  readonly pipeline: Record<string, unknown>;

  constructor(model: CausalLM, options: FakeOptions) {
    this.model = model;
    this.options = {
      hidden: 4,
      prefillChunkSize: 16,
      contextWindowSize: 1024,
      maxStorageBufferBindingSize: 1 << 30,
      omitFunctions: [],
      omitFields: [],
      ...options,
    };
    this.pipeline = this.buildPipeline();
    for (const field of this.options.omitFields) delete this.pipeline[field];
  }

  get scopeDepth(): number {
    return this.scopes.length;
  }

  alive(t: FakeTensor): void {
    if (t.disposed) throw new TvmThrow('use of a disposed tensor');
  }

  tensor(shape: number[], dtype: string, onGpu: boolean, tokens: number[] = []): FakeTensor {
    const scope = this.scopes[this.scopes.length - 1];
    if (!scope) throw new TvmThrow('Must call beginScope to use functions that returns TVM objects');
    const t = new FakeTensor(this, shape, dtype, onGpu, [...tokens]);
    scope.push(t);
    return t;
  }

  enqueue(op: () => void | Promise<void>): void {
    this.queue = this.queue.then(op);
  }

  private buildPipeline(): Record<string, unknown> {
    const o = this.options;
    const tvm = {
      beginScope: () => void this.scopes.push([]),
      endScope: () => {
        const scope = this.scopes.pop();
        if (!scope) throw new TvmThrow('endScope without beginScope');
        for (const t of scope) if (!this.detached.has(t)) t.disposed = true;
      },
      detachFromCurrentScope: <T>(obj: T): T => {
        if (obj instanceof FakeTensor) this.detached.add(obj);
        return obj;
      },
      scalar: (value: number, dtype: string) => new FakeScalar(value, dtype),
      makeShapeTuple: (shape: number[]): FakeShape => ({ shape: [...shape] }),
      empty: (shape: number[], dtype: string, device: unknown) => this.tensor(shape, dtype, device !== 'cpu'),
      cpu: () => 'cpu',
      getGlobalFunc: (name: string) => {
        if (name === 'vm.builtin.kv_state_popn' && !o.omitFunctions.includes(name)) return this.fn('popn', this.popn);
        throw new TvmThrow(`Cannot find global function ${name}`);
      },
      lib: { webGPUContext: { device: this.gpuDevice() } },
    };
    const functions: Record<string, (...args: unknown[]) => unknown> = {
      prefill: (e, kv, p) => this.forward('prefill', e, kv, p),
      decode: (e, kv, p) => this.forward('decode', e, kv, p),
      batch_verify: (e, kv, p) => this.forward('batch_verify', e, kv, p),
    };
    return {
      tvm,
      vm: {
        getFunction: (name: string) => {
          if (!functions[name] || o.omitFunctions.includes(name)) throw new TvmThrow(`Cannot find function ${name}`);
          return this.fn(name, functions[name]);
        },
      },
      device: { sync: () => this.sync() },
      params: { fake: 'params' },
      kvCache: { fake: 'kv' },
      embed: this.fn('embed', (ids: unknown) => this.embed(ids as FakeTensor)),
      fKVCacheBeginForward: this.fn('begin_forward', this.beginForward),
      fKVCacheEndForward: this.fn('end_forward', this.endForward),
      filledKVCacheLength: 0,
      resetKVCache: () => {
        this.calls.push('reset');
        this.length = 0;
        this.enqueue(() => this.model.reset());
      },
      prefillChunkSize: o.prefillChunkSize,
      contextWindowSize: o.contextWindowSize,
      slidingWindowSize: -1,
      bosTokenId: 1,
      config: { vocab_size: o.vocabSize },
      resolvedModelABI: { prefillABI: 'single', decodeABI: 'single', needsKVCache: true, needsRNNState: false },
      tokenizer: {
        encode: (text: string) => Int32Array.from(Array.from(text, (c) => 3 + (c.charCodeAt(0) % (o.vocabSize - 3)))),
        decode: (ids: Int32Array) => Array.from(ids, (i) => String.fromCharCode(i)).join(''),
      },
    };
  }

  /** A PackedFunc: needs an open scope, throws plain objects. */
  private fn(name: string, body: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    return (...args: unknown[]) => {
      if (this.scopes.length === 0) throw new TvmThrow(`${name} called outside a scope`);
      return body.apply(this, args);
    };
  }

  private embed(ids: FakeTensor): FakeTensor {
    this.alive(ids);
    if (ids.dtype !== 'int32') throw new TvmThrow('embed expects int32 ids');
    return this.tensor([ids.tokens.length, this.options.hidden], 'float32', true, ids.tokens);
  }

  private beginForward(kv: unknown, seqIds: unknown, lengths: unknown): void {
    const seq = (seqIds as FakeShape).shape;
    const len = (lengths as FakeShape).shape;
    if (kv !== this.pipeline.kvCache && this.pipeline.kvCache !== undefined) throw new TvmThrow('unknown KV state');
    if (seq.length !== 1 || seq[0] !== 0) throw new TvmThrow('sequence 0 only');
    if (this.pendingForward !== undefined) throw new TvmThrow('begin_forward twice');
    this.pendingForward = len[0];
    this.calls.push(`begin_forward(${len[0]})`);
  }

  private endForward(): void {
    if (this.pendingForward !== undefined) throw new TvmThrow('end_forward without a forward');
    this.calls.push('end_forward');
  }

  private forward(kind: string, embeds: unknown, kv: unknown, params: unknown): { get(i: number): unknown } {
    const e = embeds as FakeTensor;
    this.alive(e);
    const n = e.tokens.length;
    if (e.shape.length !== 3 || e.shape[0] !== 1 || e.shape[1] !== n)
      throw new TvmThrow(`${kind}: embeds must be [1, n, hidden]`);
    if (kv !== this.pipeline.kvCache || params !== this.pipeline.params) throw new TvmThrow(`${kind}: wrong arguments`);
    if (this.pendingForward !== n)
      throw new TvmThrow(`${kind}: begin_forward(${this.pendingForward}) does not match ${n} positions`);
    if (kind === 'decode' && n !== 1) throw new TvmThrow('decode takes one position');
    if (n > this.options.prefillChunkSize) throw new TvmThrow(`${kind}: ${n} positions exceed the prefill chunk`);
    this.pendingForward = undefined;
    this.calls.push(`${kind}(${n})`);
    const rows = kind === 'batch_verify' ? n : 1;
    const v = this.options.vocabSize;
    const out = this.tensor([1, rows, v], 'float32', true);
    const tokens = [...e.tokens];
    this.length += n;
    if (kind === 'batch_verify' && this.options.verifyGpuError) this.raiseGpuError(this.options.verifyGpuError);
    this.enqueue(async () => {
      const got = await this.model.append(tokens, kind === 'batch_verify' ? 'all' : 'last');
      if (kind === 'batch_verify') this.options.corruptVerify?.(got);
      got.forEach((row, i) => out.data.set(row, i * v));
    });
    return { get: (i: number) => (i === 0 ? out : undefined) };
  }

  private popn(kv: unknown, seq: unknown, n: unknown): void {
    if (!(seq instanceof FakeScalar) || seq.dtype !== 'int64')
      throw new TvmThrow('popn: seq_id must be an int64 Scalar');
    if (!(n instanceof FakeScalar) || n.dtype !== 'int32') throw new TvmThrow('popn: n must be an int32 Scalar');
    if (kv !== this.pipeline.kvCache) throw new TvmThrow('popn: unknown KV state');
    if (n.value > this.length) throw new TvmThrow(`Check failed: n <= seq.seq_length (${n.value} vs ${this.length})`);
    this.calls.push(`popn(${n.value})`);
    this.length -= n.value;
    const keep = this.length;
    this.enqueue(() => this.model.truncate(keep));
  }

  private async sync(): Promise<void> {
    this.calls.push('sync');
    await this.queue;
  }

  private raiseGpuError(message: string): void {
    const scope = [...this.errorScopes].reverse().find((s) => s.filter === 'validation');
    const error = { message } as GPUError;
    if (!scope) this.uncaptured.push(message);
    else scope.error ??= error;
  }

  private gpuDevice(): Record<string, unknown> {
    return {
      pushErrorScope: (filter: GPUErrorFilter) => void this.errorScopes.push({ filter, error: null }),
      popErrorScope: async () => {
        const scope = this.errorScopes.pop();
        if (!scope) throw new Error('popErrorScope with an empty stack');
        return scope.error;
      },
      limits: { maxStorageBufferBindingSize: this.options.maxStorageBufferBindingSize },
    };
  }
}
