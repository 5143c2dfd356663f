import { expose, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelConfigError, TandemError, VocabularyMismatchError } from '../errors.ts';
import { installErrorTransfer, registerErrorClass, reviveError, serializeError } from './error-transfer.ts';

class LocalOnlyError extends Error {
  override name = 'LocalOnlyError';
}

interface Thrower {
  fail(kind: string): Promise<void>;
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** A real Comlink round trip over a MessageChannel: the same path as page ⇄ worker. */
function connect(): Thrower {
  installErrorTransfer();
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const impl: Thrower = {
    async fail(kind) {
      if (kind === 'vocab') throw new VocabularyMismatchError('drafter vocab 32000 ≠ target vocab 32001');
      if (kind === 'cause') {
        throw new ModelConfigError('config.json lacks hidden_size', { cause: new RangeError('bad dim') });
      }
      if (kind === 'dom') throw Object.assign(new Error('device lost'), { name: 'OperationError', code: 7 });
      if (kind === 'value') throw 'a plain string';
      throw new TypeError('unknown kind');
    },
  };
  expose(impl, port1);
  return wrap<Thrower>(port2);
}

describe('errors across the Comlink boundary', () => {
  it('arrive as the Tandem error class with their name, message and remote stack', async () => {
    const error = await connect()
      .fail('vocab')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VocabularyMismatchError);
    expect(error).toBeInstanceOf(TandemError);
    expect(error).toMatchObject({
      name: 'VocabularyMismatchError',
      message: 'drafter vocab 32000 ≠ target vocab 32001',
    });
    expect((error as Error).stack).toContain('error-transfer.test.ts');
  });

  it('keep the cause chain and built-in classes', async () => {
    const error = (await connect()
      .fail('cause')
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ModelConfigError);
    expect(error.cause).toBeInstanceOf(RangeError);
    expect(error.cause).toMatchObject({ message: 'bad dim' });
    await expect(connect().fail('other')).rejects.toBeInstanceOf(TypeError);
  });

  it('keep an unknown name (e.g. a DOMException name) and primitive fields on a plain Error', async () => {
    const error = (await connect()
      .fail('dom')
      .catch((e: unknown) => e)) as Error;
    expect(error.constructor).toBe(Error);
    expect(error).toMatchObject({ name: 'OperationError', message: 'device lost', code: 7 });
  });

  it('pass a thrown non-Error value through unchanged', async () => {
    await expect(connect().fail('value')).rejects.toBe('a plain string');
  });
});

describe('serializeError / reviveError', () => {
  it('round-trips a registered class through plain data', () => {
    registerErrorClass(LocalOnlyError);
    const wire = serializeError(new LocalOnlyError('nope'));
    expect(structuredClone(wire)).toEqual(wire);
    const revived = reviveError(wire);
    expect(revived).toBeInstanceOf(LocalOnlyError);
    expect(revived.name).toBe('LocalOnlyError');
  });

  it('stops a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    let depth = 0;
    for (let wire = serializeError(a); wire.cause; wire = wire.cause) depth++;
    expect(depth).toBeLessThanOrEqual(4);
  });
});
