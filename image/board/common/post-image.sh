#!/bin/sh
# Post-image step of every Foyer board: makes the empty data partition and writes
# sdcard.img = boot (FAT: firmware, kernel, device trees, foyer.conf.example), the
# read-only root filesystem, and the data partition that the first boot grows to the card.
# Buildroot calls it with BINARIES_DIR as $1 and sets HOST_DIR and BUILD_DIR.
set -eu
binaries=$1
board_dir=$(cd "$(dirname "$0")" && pwd)

rm -f "$binaries/data.ext4"
"$HOST_DIR/sbin/mkfs.ext4" -q -L data "$binaries/data.ext4" 64M
cp "$board_dir/foyer.conf.example" "$binaries/foyer.conf.example"

# The boot partition holds every device tree and firmware file built for the board.
boot_files=$(
	cd "$binaries"
	for file in *.dtb rpi-firmware/* Image foyer.conf.example; do
		[ -e "$file" ] && printf '\t\t\t"%s",\n' "$file"
	done
)
awk -v files="$boot_files" '{ if ($0 ~ /#BOOT_FILES#/) print files; else print }' \
	"$board_dir/genimage.cfg.in" > "$binaries/genimage.cfg"

empty_root=$(mktemp -d)
trap 'rm -rf "$empty_root"' EXIT
rm -rf "$BUILD_DIR/genimage.tmp"
"$HOST_DIR/bin/genimage" \
	--rootpath "$empty_root" \
	--tmppath "$BUILD_DIR/genimage.tmp" \
	--inputpath "$binaries" \
	--outputpath "$binaries" \
	--config "$binaries/genimage.cfg"
