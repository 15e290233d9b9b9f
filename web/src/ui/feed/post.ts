// One post in the feed: author, time, title, body, photos and links, then likes and the
// comments (loaded when the post first shows, kept live), with edit and delete on your own.
import { h, replaceChildren } from '../../lib/dom.js';
import { dateTimeFormat, t, tn } from '../../lib/i18n.js';
import { addressKey, type CommentThread, type FeedComment, type FeedPost, type FeedStore } from '../../lib/feed.js';
import type { RosterStore } from '../../lib/roster.js';
import { displayName } from '../../lib/roster.js';
import { avatar } from '../avatar.js';
import { remoteName } from '../text.js';
import { image, render } from './rich-text.js';
import { failureText } from './refusals.js';

export interface PostContext {
  jid: string;
  feed: FeedStore;
  roster: RosterStore;
  /** Opens the composer on this post. */
  edit(post: FeedPost): void;
}

export function authorName(context: PostContext, jid: string, announced: string | null): string {
  const contact = context.roster.get(jid);
  return (contact ? displayName(contact) : null) ?? announced ?? jid;
}

function time(ms: number): HTMLElement {
  const date = new Date(ms);
  return h('time', { datetime: date.toISOString() }, dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(date));
}

/** `remove`: set when you may delete it (yours, or any on your post). */
function commentView(context: PostContext, comment: FeedComment, remove: (() => void) | null): HTMLElement {
  const name = authorName(context, comment.author.jid, comment.author.name);
  let removeButton: HTMLButtonElement | null = null;
  if (remove) {
    removeButton = h('button', { type: 'button', class: 'button comment-delete', 'aria-label': t('feed.deleteComment', { name }) }, t('feed.delete'));
    removeButton.addEventListener('click', () => {
      removeButton!.disabled = true;
      remove();
    });
  }
  return h(
    'li',
    { class: 'comment' },
    avatar(name, 'small', comment.author.jid),
    h('div', { class: 'comment-body' }, h('p', { class: 'comment-meta' }, remoteName(name), ' ', time(comment.published), removeButton ? [' ', removeButton] : null), h('div', { class: 'rich', dir: 'auto' }, render(comment.content))),
  );
}

/** Reports a failed action beside the control that started it. */
function failure(slot: HTMLElement, error: unknown): void {
  replaceChildren(slot, failureText(error));
}

export function postView(context: PostContext, post: FeedPost): HTMLElement & { dispose(): void } {
  const name = authorName(context, post.author.jid, post.author.name);
  const mine = post.author.jid === context.jid && post.service === context.jid;
  const status = h('p', { class: 'post-status', role: 'status' });
  const likeButton = h('button', { type: 'button', class: 'button like-button', 'aria-pressed': 'false' }, t('feed.like'));
  const likeCount = h('span', { class: 'like-count' });
  const commentList = h('ul', { class: 'comments', 'aria-label': t('feed.comments') });
  const commentInput = h('textarea', { class: 'comment-input', name: 'comment', placeholder: t('feed.commentPlaceholder'), 'aria-label': t('feed.commentLabel'), maxlength: 2000 });
  const commentForm = h('form', { class: 'comment-form' }, commentInput, h('button', { type: 'submit', class: 'button' }, t('feed.commentSend')));
  let thread: CommentThread | undefined = context.feed.thread(post);

  const drawThread = (): void => {
    const likes = thread?.likes ?? { count: 0, mine: false, likers: [] };
    likeButton.setAttribute('aria-pressed', String(likes.mine));
    likeButton.textContent = likes.mine ? t('feed.unlike') : t('feed.like');
    likeCount.textContent = likes.count > 0 ? tn('feed.likes', likes.count) : '';
    replaceChildren(commentList, (thread?.comments ?? []).map((comment) => commentView(context, comment, mine || comment.author.jid === context.jid ? () => removeComment(comment.id) : null)));
  };

  const removeComment = (id: string): void => {
    // The thread comes back without it (or, refused, unchanged: its button is drawn again).
    context.feed.retractComment(post, id).catch((error: unknown) => {
      failure(status, error);
      drawThread();
    });
  };

  likeButton.addEventListener('click', () => {
    likeButton.disabled = true;
    context.feed.like(post, !(thread?.likes.mine ?? false)).catch((error: unknown) => failure(status, error)).finally(() => (likeButton.disabled = false));
  });
  commentForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = commentInput.value.trim();
    if (text === '') return;
    commentInput.disabled = true;
    context.feed
      .comment(post, text)
      .then(() => (commentInput.value = ''))
      .catch((error: unknown) => failure(status, error))
      .finally(() => (commentInput.disabled = false));
  });

  const actions = h('div', { class: 'post-actions' }, post.comments ? [likeButton, likeCount] : null);
  if (mine) {
    const editButton = h('button', { type: 'button', class: 'button' }, t('feed.edit'));
    editButton.addEventListener('click', () => context.edit(post));
    // Two steps in place of window.confirm(): the second button says what will happen.
    const deleteButton = h('button', { type: 'button', class: 'button danger' }, t('feed.delete'));
    const confirmButton = h('button', { type: 'button', class: 'button danger', hidden: true }, t('feed.deleteConfirm'));
    deleteButton.addEventListener('click', () => {
      deleteButton.hidden = true;
      confirmButton.hidden = false;
      confirmButton.focus();
    });
    confirmButton.addEventListener('click', () => {
      confirmButton.disabled = true;
      context.feed.retract(post).catch((error: unknown) => {
        confirmButton.disabled = false;
        failure(status, error);
      });
    });
    actions.append(editButton, deleteButton, confirmButton);
  }

  const article = h(
    'article',
    { class: 'post', 'data-post': addressKey(post), 'aria-label': t('feed.postBy', { name }) },
    h('header', { class: 'post-header' }, avatar(name, 'small', post.author.jid), h('p', { class: 'post-meta' }, remoteName(name), h('span', { class: 'post-time' }, time(post.published)))),
    post.title ? h('h3', { class: 'post-title', dir: 'auto' }, post.title) : null,
    post.content.length > 0 ? h('div', { class: 'rich', dir: 'auto' }, render(post.content)) : null,
    post.truncated ? h('p', { class: 'hint' }, t('feed.truncated')) : null,
    post.photos.length > 0 ? h('div', { class: 'photo-grid' }, post.photos.map((photo) => image(photo.url, photo.name ?? ''))) : null,
    post.links.length > 0
      ? h('ul', { class: 'post-links' }, post.links.map((link) => h('li', null, h('a', { href: link.url, target: '_blank', rel: 'noopener noreferrer nofollow', dir: 'auto' }, link.title ?? link.url))))
      : null,
    actions,
    status,
    post.comments ? [commentList, commentForm] : null,
  ) as HTMLElement & { dispose(): void };

  const key = addressKey(post);
  const stopThread = context.feed.onThread((changed) => {
    if (changed !== key) return;
    thread = context.feed.thread(post);
    drawThread();
  });
  // Comments load when the post comes into view, so a long feed does not ask for all at once.
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    if (post.comments) context.feed.loadThread(post).catch((error: unknown) => failure(status, error));
  });
  observer.observe(article);
  article.dispose = () => {
    stopThread();
    observer.disconnect();
  };
  drawThread();
  return article;
}
