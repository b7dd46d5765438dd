// The task pane's entry: waits for Office, then renders the App over the Office.js host.
// The only file of the pane (with office-host.ts) that touches Office.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createOfficeHost } from './office-host';
import { rootElement } from './root-element';

void Office.onReady(() => {
  const language = Office.context?.displayLanguage ?? 'vi-VN';
  createRoot(rootElement()).render(<App host={createOfficeHost(language)} />);
});
