// The task pane's entry: waits for Office, then renders the App over the Office.js host
// (src/workbook/office-host.ts). The only file of the pane that touches Office (Office.onReady).
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createOfficeHost } from '../workbook/office-host';
import { rootElement } from './root-element';

void Office.onReady(() => {
  const language = Office.context?.displayLanguage ?? 'vi-VN';
  createRoot(rootElement()).render(<App host={createOfficeHost(language)} />);
});
