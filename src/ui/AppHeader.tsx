/** Name and one-line promise. */
export function AppHeader() {
  return (
    <header className="app-header">
      <h1>Tandem</h1>
      <p>Translation that runs in this tab, on your own GPU: your text stays on your computer.</p>
    </header>
  );
}
