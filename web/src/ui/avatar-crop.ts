// Framing a new avatar: the chosen picture in a square, moved by dragging (or the arrow
// keys) and zoomed with the slider, the wheel or + and −; the circle shows what contacts
// will see. Saving draws the framed square at AVATAR_SIDE pixels; the picture itself never
// leaves the browser at full size.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { AVATAR_SIDE } from '../lib/avatar-image.js';

/** The square the picture is framed in, in CSS pixels. */
const VIEW = 288;
const MAX_ZOOM = 4;
const STEP = 8;

interface Frame {
  /** Image pixels per view pixel at zoom 1: the picture just covers the square. */
  cover: number;
  zoom: number;
  /** The image's top-left corner in view pixels. */
  x: number;
  y: number;
}

/** Resolves with the framed square, or null when the person cancels. Rejects when the file is not a picture. */
export async function cropAvatar(file: File): Promise<HTMLCanvasElement | null> {
  const image = await createImageBitmap(file);
  const frame: Frame = { cover: Math.max(VIEW / image.width, VIEW / image.height), zoom: 1, x: 0, y: 0 };
  const scale = () => frame.cover * frame.zoom;
  const clamp = (): void => {
    frame.x = Math.min(0, Math.max(VIEW - image.width * scale(), frame.x));
    frame.y = Math.min(0, Math.max(VIEW - image.height * scale(), frame.y));
  };
  frame.x = (VIEW - image.width * scale()) / 2;
  frame.y = (VIEW - image.height * scale()) / 2;

  const canvas = h('canvas', {
    class: 'crop-canvas', tabindex: '0', role: 'img', width: VIEW * devicePixelRatio, height: VIEW * devicePixelRatio,
    'aria-label': t('crop.area'), 'aria-describedby': 'crop-hint',
  });
  const context = canvas.getContext('2d')!;
  const draw = (): void => {
    context.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    context.clearRect(0, 0, VIEW, VIEW);
    context.drawImage(image, frame.x, frame.y, image.width * scale(), image.height * scale());
    // Darken what falls outside the round avatar.
    context.fillStyle = 'rgba(0, 0, 0, 0.45)';
    context.beginPath();
    context.rect(0, 0, VIEW, VIEW);
    context.arc(VIEW / 2, VIEW / 2, VIEW / 2, 0, Math.PI * 2, true);
    context.fill('evenodd');
  };

  const slider = h('input', { id: 'crop-zoom', type: 'range' });
  Object.assign(slider, { min: '1', max: String(MAX_ZOOM), step: '0.01', value: '1' });
  /** Zooms keeping the centre of the square where it is. */
  const zoomTo = (zoom: number): void => {
    const next = Math.min(MAX_ZOOM, Math.max(1, zoom));
    const centre = VIEW / 2;
    const ratio = next / frame.zoom;
    frame.x = centre - (centre - frame.x) * ratio;
    frame.y = centre - (centre - frame.y) * ratio;
    frame.zoom = next;
    slider.value = String(next);
    clamp();
    draw();
  };
  const move = (dx: number, dy: number): void => {
    frame.x += dx;
    frame.y += dy;
    clamp();
    draw();
  };
  slider.addEventListener('input', () => zoomTo(Number(slider.value)));
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    zoomTo(frame.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
  }, { passive: false });
  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId);
    let last = { x: event.clientX, y: event.clientY };
    const onMove = (next: PointerEvent): void => {
      move(next.clientX - last.x, next.clientY - last.y);
      last = { x: next.clientX, y: next.clientY };
    };
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', () => canvas.removeEventListener('pointermove', onMove), { once: true });
  });
  canvas.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? STEP * 4 : STEP;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => move(step, 0),
      ArrowRight: () => move(-step, 0),
      ArrowUp: () => move(0, step),
      ArrowDown: () => move(0, -step),
      '+': () => zoomTo(frame.zoom * 1.1),
      '=': () => zoomTo(frame.zoom * 1.1),
      '-': () => zoomTo(frame.zoom / 1.1),
    };
    const action = moves[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  const save = h('button', { type: 'submit', class: 'button primary', value: 'save' }, t('crop.save'));
  const cancel = h('button', { type: 'button', class: 'button' }, t('crop.cancel'));
  const dialog = h(
    'dialog',
    { class: 'crop-dialog', 'aria-labelledby': 'crop-title' },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'crop-title' }, t('crop.title')),
      canvas,
      h('p', { id: 'crop-hint', class: 'hint' }, t('crop.hint')),
      h('div', { class: 'field' }, h('label', { for: slider.id }, t('crop.zoom')), slider),
      h('div', { class: 'actions' }, save, cancel),
    ),
  );
  cancel.addEventListener('click', () => dialog.close());
  document.body.append(dialog);
  draw();
  dialog.showModal();
  canvas.focus();

  const saved = await new Promise<boolean>((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'save'), { once: true }));
  dialog.remove();
  if (!saved) {
    image.close();
    return null;
  }
  const output = h('canvas', { width: AVATAR_SIDE, height: AVATAR_SIDE });
  const side = VIEW / scale();
  output.getContext('2d')!.drawImage(image, -frame.x / scale(), -frame.y / scale(), side, side, 0, 0, AVATAR_SIDE, AVATAR_SIDE);
  image.close();
  return output;
}
