// Writing a post: an optional title, text with simple formatting (**bold**, *italic*, blank
// line = new paragraph, links become clickable), photos (resized in the browser and uploaded
// with uploadWithProgress), links, and a line saying who will see it. The same form edits
// one of your posts.
import { h, replaceChildren } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import type { FeedPhoto, FeedPost, PublishParams } from '../../lib/feed.js';
import { askPermission } from '../../lib/notify.js';
import { uploadWithProgress } from '../attach-button.js';
import { image } from './rich-text.js';
import { composerText } from '../../../../src/linker/features/microblog/rich-text.js';

export interface Composer {
  element: HTMLElement;
  /** Fills the form with one of your posts; publishing then replaces it. */
  edit(post: FeedPost): void;
}

/** `publish` sends the post: to your feed, or to a community; `audience` says who will see it. */
export function composer(publish: (params: PublishParams) => Promise<unknown>, audience: HTMLElement): Composer {
  let editing: FeedPost | null = null;
  let photos: FeedPhoto[] = [];
  const heading = h('h3', { class: 'feed-composer-title' }, t('feed.newPost'));
  const title = h('input', { type: 'text', name: 'title', maxlength: 300, autocomplete: 'off', 'aria-label': t('feed.postTitle'), placeholder: t('feed.postTitle') });
  const text = h('textarea', { name: 'text', maxlength: 20000, 'aria-label': t('feed.postText'), placeholder: t('feed.postText') });
  const links = h('input', { type: 'text', name: 'links', inputmode: 'url', autocomplete: 'off', 'aria-label': t('feed.postLinks'), placeholder: t('feed.postLinks') });
  // Hidden: the button beside it opens it, with a proper touch target and label.
  const fileInput = h('input', { type: 'file', hidden: true, 'aria-label': t('feed.addPhotos') });
  fileInput.accept = 'image/*';
  fileInput.multiple = true;
  const photoButton = h('button', { type: 'button', class: 'button' }, t('feed.addPhotos'));
  photoButton.addEventListener('click', () => fileInput.click());
  const photoList = h('div', { class: 'photo-grid feed-composer-photos' });
  const uploads = h('div', { class: 'uploads' });
  const status = h('p', { class: 'hint', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('feed.publish'));
  const cancel = h('button', { type: 'button', class: 'button', hidden: true }, t('feed.cancelEdit'));
  const formatHint = h('p', { class: 'hint' }, t('feed.formatHint'));

  const drawPhotos = (): void => {
    replaceChildren(photoList, photos.map((photo, index) => {
      const remove = h('button', { type: 'button', class: 'button', 'aria-label': t('feed.removePhoto', { name: photo.name ?? '' }) }, '×');
      remove.addEventListener('click', () => {
        photos = photos.filter((_, i) => i !== index);
        drawPhotos();
      });
      return h('figure', { class: 'feed-composer-photo' }, image(photo.url, photo.name ?? ''), remove);
    }));
  };

  const reset = (): void => {
    editing = null;
    photos = [];
    title.value = '';
    text.value = '';
    links.value = '';
    heading.textContent = t('feed.newPost');
    submit.textContent = t('feed.publish');
    cancel.hidden = true;
    drawPhotos();
  };
  cancel.addEventListener('click', reset);

  fileInput.addEventListener('change', () => {
    for (const file of fileInput.files ?? []) {
      void uploadWithProgress(file, {
        progressHost: uploads,
        onUploaded: (attachment) => {
          photos.push({ url: attachment.url, mediaType: attachment.mediaType, name: attachment.name, size: attachment.size });
          drawPhotos();
        },
      });
    }
    fileInput.value = '';
  });

  const form = h(
    'form',
    { class: 'feed-composer', 'aria-labelledby': 'feed-composer-title' },
    heading,
    title,
    text,
    formatHint,
    links,
    h('div', { class: 'feed-composer-row' }, photoButton, fileInput),
    audience,
    uploads,
    photoList,
    h('div', { class: 'feed-composer-row' }, submit, cancel),
    status,
  );
  heading.id = 'feed-composer-title';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = '';
    publish({
        ...(editing ? { id: editing.id } : {}),
        title: title.value,
        text: text.value,
        photos,
        links: links.value.split(/\s+/).filter(Boolean),
      })
      .then(() => {
        reset();
        status.textContent = t('feed.published');
        // After a first post is a fair moment to ask: comments on it will want to reach you.
        void askPermission();
      })
      .catch((error: unknown) => (status.textContent = t('feed.actionFailed', { reason: (error as Error).message })))
      .finally(() => (submit.disabled = false));
  });

  return {
    element: form,
    edit(post) {
      editing = post;
      photos = [...post.photos];
      title.value = post.title ?? '';
      // Back in the composer's markup, so saving without changes keeps the formatting.
      text.value = composerText(post.content);
      links.value = post.links.map((link) => link.url).join(' ');
      heading.textContent = t('feed.editPost');
      submit.textContent = t('feed.saveEdit');
      cancel.hidden = false;
      drawPhotos();
      title.focus();
    },
  };
}
