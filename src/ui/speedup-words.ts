/**
 * A measured speedup in words that cannot mislead: below 1 the speculative run was slower, and
 * "0.58× speedup" would read as a gain. Then it says "(slower)" and by how much.
 */
export interface SpeedupWords {
  /** "1.72×", "0.58×". */
  figure: string;
  /** After the figure in the race's verdict: "speedup over autoregressive", "(slower): 1.72× slower than autoregressive". */
  verdict: string;
  /** After the figure in the stats bar: "over autoregressive", "(slower) than autoregressive". */
  short: string;
}

export function speedupWords(speedup: number): SpeedupWords {
  const figure = `${speedup.toFixed(2)}×`;
  if (!(speedup < 1) || speedup <= 0)
    return { figure, verdict: 'speedup over autoregressive', short: 'over autoregressive' };
  return {
    figure,
    verdict: `(slower): ${(1 / speedup).toFixed(2)}× slower than autoregressive`,
    short: '(slower) than autoregressive',
  };
}
