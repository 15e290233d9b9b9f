// The progress of one upload: the file's name, a bar that assistive technology reads
// (role=progressbar with its value and a spoken "45%, 1.2 MB of 2.6 MB"), and a button to
// cancel it. It also shows a failure in place until dismissed.
import { h } from '../lib/dom.js';
import { formatSize, t } from '../lib/i18n.js';

export interface UploadProgressView {
  readonly element: HTMLElement;
  update(sent: number, total: number): void;
  /** Shows why the upload failed; the cancel button becomes a dismiss button. */
  fail(message: string): void;
}

export function uploadProgress(name: string, onCancel: () => void): UploadProgressView {
  const fill = h('div', { class: 'upload-progress-fill' });
  const bar = h('div', {
    class: 'upload-progress-bar',
    role: 'progressbar',
    'aria-label': t('upload.progressLabel', { name }),
    'aria-valuemin': 0,
    'aria-valuemax': 100,
    'aria-valuenow': 0,
  }, fill);
  const status = h('span', { class: 'upload-progress-status muted' }, t('upload.preparing'));
  const cancel = h('button', { type: 'button', class: 'button small', 'aria-label': t('upload.cancelNamed', { name }), onclick: () => onCancel() }, t('upload.cancel'));
  const element = h('div', { class: 'upload-progress', 'data-testid': 'upload-progress' },
    h('div', { class: 'upload-progress-text' }, h('span', { class: 'upload-progress-name', dir: 'auto' }, name), status),
    bar,
    cancel);
  return {
    element,
    update(sent, total) {
      const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
      const text = t('upload.progress', { percent, sent: formatSize(sent), total: formatSize(total) });
      bar.setAttribute('aria-valuenow', String(percent));
      bar.setAttribute('aria-valuetext', text);
      // CSSOM, not a style attribute: the page's CSP allows no inline styles.
      fill.style.width = `${percent}%`;
      status.textContent = text;
    },
    fail(message) {
      element.classList.add('failed');
      bar.hidden = true;
      status.textContent = message;
      status.setAttribute('role', 'alert');
      cancel.textContent = t('upload.dismiss');
      cancel.setAttribute('aria-label', t('upload.dismiss'));
    },
  };
}
