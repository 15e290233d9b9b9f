// Where the image tests find the project and its Buildroot external tree.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/image/, three levels below the project root.
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const imageDir = resolve(projectRoot, 'image');
export const overlayDir = resolve(imageDir, 'board/common/rootfs-overlay');
export const libexecDir = resolve(overlayDir, 'usr/libexec/foyer');
