import { expose, proxy, wrap, type Remote } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { installErrorTransfer } from '../protocol/error-transfer.ts';
import type { TandemWorkerApi, TranslateEvent } from '../protocol/protocol.ts';
import { TandemService } from './tandem-service.ts';
import { exposedApi } from './worker-api.ts';
import { fixtureDemoSources } from './testing/fixture-demo-sources.ts';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** The worker's exposed API over a real MessageChannel: the page ⇄ worker path, in one thread. */
function connect(): Remote<TandemWorkerApi> {
  installErrorTransfer();
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const service = new TandemService({
    gpu: () => undefined,
    demoSources: fixtureDemoSources,
  });
  expose(exposedApi(service), port1);
  return wrap<TandemWorkerApi>(port2);
}

const request = { text: 'Guten Morgen!', from: 'de', to: 'en', mode: 'speculative', maxNewTokens: 1000 } as const;

describe('the exposed worker API over Comlink', () => {
  it('a stop() message lands mid-run (the loop yields to messages); a second call queues behind it', async () => {
    const remote = connect();
    await remote.loadDemo();
    const events: TranslateEvent[] = [];
    let stopSent = false;
    const running = remote.translate(
      request,
      proxy((event: TranslateEvent) => {
        events.push(event);
        if (event.type === 'step' && !stopSent) {
          stopSent = true;
          void remote.stop();
        }
      }),
    );
    const queued = remote.translate(
      { ...request, maxNewTokens: 4 },
      proxy(() => {}),
    );
    const done = await running;
    await expect(queued).resolves.toMatchObject({ finishReason: 'max-tokens', stats: { emittedTokens: 4 } });
    expect(done.finishReason).toBe('aborted');
    // Without the yield the stop would only be read after all 1 000 tokens.
    expect(done.stats.emittedTokens).toBeLessThan(100);

    const again = await remote.translate(
      { ...request, maxNewTokens: 8 },
      proxy(() => {}),
    );
    expect(again).toMatchObject({ finishReason: 'max-tokens', stats: { emittedTokens: 8 } });
  });
});
