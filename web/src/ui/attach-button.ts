// The composer's attach button: picks photos or files, uploads each (photos resized first,
// web/src/lib/upload.ts) with its progress bar in `progressHost`, and hands every finished
// upload to `onUploaded` (the composer sends it as a message). A failed upload stays shown,
// with its reason, until dismissed; a cancelled one just goes away.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { uploadFile, type Attachment } from '../lib/upload.js';
import { icon } from './icons.js';
import { uploadProgress } from './upload-progress.js';

export interface AttachButtonOptions {
  progressHost: HTMLElement;
  onUploaded(attachment: Attachment): void | Promise<void>;
}

export function attachButton(options: AttachButtonOptions): HTMLElement {
  // Not rendered at all (a 1 px control would still be a touch target); click() opens it.
  const input = h('input', { type: 'file', hidden: true, tabindex: -1, 'aria-hidden': 'true' }) as HTMLInputElement;
  input.multiple = true;
  input.addEventListener('change', () => {
    for (const file of [...(input.files ?? [])]) void uploadWithProgress(file, options);
    input.value = ''; // the same file can be picked again
  });
  const button = h('button', {
    type: 'button', class: 'button attach-button', title: t('upload.attach'), 'aria-label': t('upload.attach'),
    onclick: () => input.click(),
  }, icon('attach'));
  return h('span', { class: 'attach' }, button, input);
}

/** Uploads one file with its progress bar in `progressHost` (also the feed composer's photos). */
export async function uploadWithProgress(file: File, options: AttachButtonOptions): Promise<void> {
  const controller = new AbortController();
  let hasFailed = false;
  const view = uploadProgress(file.name, () => {
    if (hasFailed) view.element.remove();
    else controller.abort();
  });
  options.progressHost.append(view.element);
  let attachment: Attachment;
  try {
    attachment = await uploadFile(file, { signal: controller.signal, onProgress: (sent, total) => view.update(sent, total) });
  } catch (error) {
    if ((error as Error).name === 'AbortError') return void view.element.remove();
    hasFailed = true;
    return view.fail((error as Error).message || t('upload.failed'));
  }
  view.element.remove();
  await options.onUploaded(attachment);
}
