// post-image.sh with genimage, on stand-in build outputs: the card image must hold the FAT
// boot partition (firmware, kernel, device trees, foyer.conf.example), the root filesystem
// and an ext4 partition labelled "data", in that order, as the boot scripts expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageDir } from './paths.js';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { env, encoding: 'utf8' });
  assert.equal(result.error, undefined, `${command}: ${String(result.error)} (see scripts/debian-packages)`);
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** A tool's path; file system tools often sit in sbin, outside a user's PATH. */
function which(command: string): string {
  const path = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;
  return run('sh', ['-c', `command -v ${command}`], { ...process.env, PATH: path }).trim();
}

/** The primary partitions of an MBR disk image (boot flag, type, size in 512-byte sectors). */
function readMbrPartitions(image: string): Array<{ bootable: boolean; type: number; sectors: number }> {
  const mbr = Buffer.alloc(512);
  const fd = openSync(image, 'r');
  try {
    readSync(fd, mbr, 0, 512, 0);
  } finally {
    closeSync(fd);
  }
  assert.equal(mbr.readUInt16LE(510), 0xaa55, 'an MBR boot signature');
  return [0, 1, 2, 3]
    .map((index) => mbr.subarray(446 + 16 * index, 446 + 16 * (index + 1)))
    .filter((entry) => entry[4] !== 0)
    .map((entry) => ({ bootable: entry[0] === 0x80, type: entry[4]!, sectors: entry.readUInt32LE(12) }));
}

test('post-image.sh writes a card image with boot, root and data partitions', () => {
  const work = mkdtempSync(join(tmpdir(), 'foyer-post-image-'));
  try {
    // What Buildroot leaves in BINARIES_DIR for a Pi 4, in miniature.
    const binaries = join(work, 'images');
    mkdirSync(join(binaries, 'rpi-firmware/overlays'), { recursive: true });
    for (const file of ['Image', 'bcm2711-rpi-4-b.dtb', 'rpi-firmware/start4cd.elf', 'rpi-firmware/fixup4cd.dat',
      'rpi-firmware/config.txt', 'rpi-firmware/cmdline.txt', 'rpi-firmware/overlays/miniuart-bt.dtbo']) {
      writeFileSync(join(binaries, file), `${file}\n`);
    }
    run(which('mkfs.ext4'), ['-q', '-L', 'rootfs', join(binaries, 'rootfs.ext4'), '8M']);
    // HOST_DIR with the two host tools the script runs.
    const host = join(work, 'host');
    mkdirSync(join(host, 'sbin'), { recursive: true });
    mkdirSync(join(host, 'bin'));
    symlinkSync(which('mkfs.ext4'), join(host, 'sbin/mkfs.ext4'));
    symlinkSync(which('genimage'), join(host, 'bin/genimage'));

    run(join(imageDir, 'board/common/post-image.sh'), [binaries],
      { ...process.env, HOST_DIR: host, BUILD_DIR: join(work, 'build') });

    const partitions = readMbrPartitions(join(binaries, 'sdcard.img'));
    assert.deepEqual(partitions.map((partition) => partition.type), [0x0c, 0x83, 0x83]);
    assert.deepEqual(partitions.map((partition) => partition.bootable), [true, false, false]);
    assert.equal(partitions[2]!.sectors * 512, 64 * 1024 * 1024, 'a small data partition, grown on the card');
    assert.match(run(which('dumpe2fs'), ['-h', join(binaries, 'data.ext4')]), /volume name:\s+data$/m);
    const bootFiles = run(which('mdir'), ['-b', '-i', join(binaries, 'boot.vfat'), '::/']);
    for (const file of ['Image', 'bcm2711-rpi-4-b.dtb', 'start4cd.elf', 'config.txt', 'cmdline.txt', 'overlays', 'foyer.conf.example']) {
      assert.match(bootFiles, new RegExp(`^::/${file.replace('.', '\\.')}/?$`, 'm'), `${file} on the boot partition`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
