import type { CausalLM } from '../speculative/causal-lm.ts';

/**
 * The CPU engine computes synchronously inside `append`, and awaiting its already-settled promise
 * never lets the worker read a message: a stop() sent mid-run would wait for the whole run. This
 * wrapper yields one macrotask before each forward, so stop() lands within one step. Wrapping the
 * target only costs one yield per step (the drafter's calls happen in between verify passes).
 */
export function yieldingBeforeAppend(model: CausalLM): CausalLM {
  return {
    get vocabSize() {
      return model.vocabSize;
    },
    get vocabId() {
      return model.vocabId;
    },
    get length() {
      return model.length;
    },
    get maxSequenceLength() {
      return model.maxSequenceLength;
    },
    async append(tokens, wanted) {
      await nextMacrotask();
      return model.append(tokens, wanted);
    },
    truncate: (length) => model.truncate(length),
    reset: () => model.reset(),
  };
}

/** A MessageChannel round trip: a real macrotask without setTimeout's 4 ms clamp on nesting. */
function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close(); // an open port would keep a Node test process alive
      resolve();
    };
    port2.postMessage(null);
  });
}
