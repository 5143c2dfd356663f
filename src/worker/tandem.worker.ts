/**
 * The Tandem worker: the only place engines live. The page talks to it through the typed
 * RPC in protocol.ts (see src/worker-client/).
 */
import { expose } from 'comlink';
import { holdLifeLock } from './life-lock.ts';
import { installErrorTransfer } from '../protocol/error-transfer.ts';
import { TandemService } from './tandem-service.ts';
import { exposedApi } from './worker-api.ts';

// First, before any message is answered: the page watches this lock to learn of the worker's death.
holdLifeLock(self);
installErrorTransfer();
expose(exposedApi(new TandemService()));
