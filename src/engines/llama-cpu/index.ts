export { createLlamaCpu, loadLlamaCpu, LlamaCpu, type LlamaCpuOptions } from './llama-cpu.ts';
export { createForwardState, forward, type ForwardState } from './forward.ts';
