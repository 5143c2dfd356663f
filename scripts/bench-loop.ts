/**
 * npm run bench:loop — how much of the theoretical speedup the speculative loop delivers.
 * (a) synthetic models with known costs vs the Leviathan formula; (b) the CPU reference engine on
 * the fixture pair, every draft-length policy against autoregressive decoding, in one run.
 * The last line is `loop efficiency: X.XX`, the lowest efficiency over (a).
 */
import os from 'node:os';
import { benchCpuEngine } from './bench/loop-cpu.ts';
import { benchSynthetic } from './bench/loop-synthetic.ts';

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`);
const efficiency = await benchSynthetic();
console.log('');
await benchCpuEngine();
console.log('');
console.log(`loop efficiency: ${efficiency.toFixed(2)}`);
