/** The page's `#root` element, created when the page has none: where the task pane (or harness) renders. */
export function rootElement(): HTMLElement {
  const existing = document.getElementById('root');
  if (existing) return existing;
  const div = document.createElement('div');
  div.id = 'root';
  document.body.appendChild(div);
  return div;
}
