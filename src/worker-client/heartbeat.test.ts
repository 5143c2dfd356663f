import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeat } from './heartbeat.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const options = { intervalMs: 100, timeoutMs: 1_000, now: () => Date.now() };

describe('the worker heartbeat', () => {
  it('stays quiet while every ping is answered', async () => {
    const ping = vi.fn(async () => 'pong');
    const onSilent = vi.fn();
    const stop = startHeartbeat(ping, onSilent, options);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ping.mock.calls.length).toBeGreaterThanOrEqual(40);
    expect(onSilent).not.toHaveBeenCalled();
    stop();
  });

  it('reports a worker that stops answering, once, after the timeout', async () => {
    let answering = true;
    const ping = vi.fn(() => (answering ? Promise.resolve('pong') : new Promise<never>(() => {})));
    const onSilent = vi.fn();
    startHeartbeat(ping, onSilent, options);
    await vi.advanceTimersByTimeAsync(1_000);
    answering = false;
    await vi.advanceTimersByTimeAsync(900);
    expect(onSilent).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(onSilent).toHaveBeenCalledTimes(1);
    expect(onSilent.mock.calls[0][0]).toBeGreaterThanOrEqual(1_000);
    const pingsSoFar = ping.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    expect(ping.mock.calls.length).toBe(pingsSoFar); // it stopped asking
  });

  it('keeps one ping in flight: a slow answer within the timeout is not silence', async () => {
    const ping = vi.fn(() => new Promise((resolve) => setTimeout(resolve, 800)));
    const onSilent = vi.fn();
    const stop = startHeartbeat(ping, onSilent, options);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onSilent).not.toHaveBeenCalled();
    expect(ping.mock.calls.length).toBeLessThanOrEqual(13); // about one per answer (10 s / 0.8 s), not one per interval (100)
    stop();
  });

  it('does not count a ping that fails as silence', async () => {
    const onSilent = vi.fn();
    const stop = startHeartbeat(() => Promise.reject(new Error('busy')), onSilent, options);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onSilent).not.toHaveBeenCalled();
    stop();
  });

  it('stops pinging when stopped', async () => {
    const ping = vi.fn(async () => 'pong');
    const stop = startHeartbeat(ping, vi.fn(), options);
    await vi.advanceTimersByTimeAsync(250);
    stop();
    const count = ping.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ping.mock.calls.length).toBe(count);
  });
});
