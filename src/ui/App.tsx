import { AppHeader } from './AppHeader.tsx';
import { EnvironmentNotice } from './EnvironmentNotice.tsx';
import { ForgePanel } from './forge/ForgePanel.tsx';
import { ModelManager } from './ModelManager.tsx';
import { ModelNotice } from './ModelNotice.tsx';
import { StatusLine } from './StatusLine.tsx';
import { TranslatorForm } from './TranslatorForm.tsx';

export function App() {
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <EnvironmentNotice />
        <ModelNotice />
        <TranslatorForm />
        <ModelManager />
        <ForgePanel />
      </main>
      <StatusLine />
    </div>
  );
}
