// The task pane's entry: waits for Office, then renders the App over the Office.js host.
// The only file of the pane (with office-host.ts) that touches Office.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createOfficeHost } from './office-host';

function container(): HTMLElement {
  const existing = document.getElementById('root');
  if (existing) return existing;
  const div = document.createElement('div');
  div.id = 'root';
  document.body.appendChild(div);
  return div;
}

void Office.onReady(() => {
  const language = Office.context?.displayLanguage ?? 'vi-VN';
  createRoot(container()).render(<App host={createOfficeHost(language)} />);
});
