import { AppHeader } from './AppHeader.tsx';
import { DemoPanel } from './demo/DemoPanel.tsx';
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
        <DemoPanel />
        <ModelManager />
        <ForgePanel />
      </main>
      <StatusLine />
    </div>
  );
}
