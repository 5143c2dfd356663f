import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectWorker, errorInfo } from './store/connect-worker.ts';
import { restoreModelChoice } from './store/settings-storage.ts';
import { tandemStore } from './store/tandem-store.ts';
import { App } from './ui/App.tsx';
import { PresenterSwitch } from './ui/demo/PresenterMode.tsx';
import { createTandemClient } from './worker-client/tandem-client.ts';
import './ui/app.css';

startWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <PresenterSwitch>
      <App />
    </PresenterSwitch>
  </StrictMode>,
);

/** Outside React, so StrictMode's double effects never start two workers. */
function startWorker(): void {
  try {
    // A crashed worker is replaced by the client itself; the store shows what happened.
    const client = createTandemClient({ onRecovery: (event) => tandemStore.getState().recordRecovery(event) });
    // The model chosen before a reload is picked again once the worker can load it.
    void connectWorker(tandemStore, client).then(() => restoreModelChoice(tandemStore));
  } catch (error) {
    const { setWorkerFailed, setGpuFailed } = tandemStore.getState();
    setWorkerFailed(errorInfo(error));
    setGpuFailed(errorInfo(error));
  }
}
