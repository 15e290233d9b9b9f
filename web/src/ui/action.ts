// A button that runs one request: ignored while it runs (no double sends), and a failure
// shown in the given place in words, with the daemon's message as the reason. It is marked
// aria-disabled rather than disabled, so the keyboard focus stays on it meanwhile.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export function actionButton(label: string, className: string, run: () => Promise<unknown>, errorTarget: HTMLElement, props: Record<string, string> = {}): HTMLButtonElement {
  const button = h('button', { type: 'button', class: className, ...props }, label);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    errorTarget.textContent = '';
    try {
      await run();
    } catch (error) {
      errorTarget.textContent = t('action.failed', { reason: (error as Error).message });
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });
  return button;
}
