#!/bin/sh
# Post-build step of every Foyer board: fits the target tree to a read-only root.
# Buildroot calls it with TARGET_DIR as $1.
set -eu
target=$1

# Services run from inittab's respawn lines (see /usr/libexec/foyer/foyer-run), so the
# packages' own start scripts would start them a second time.
rm -f "$target/etc/init.d/S49chronyd" "$target/etc/init.d/S50avahi-daemon" \
	"$target/etc/init.d/S05avahi-setup.sh" "$target/etc/init.d/S50prosody"

# Mount points, and what must be writable or set at run time: on /data (persistent) or
# /run (rebuilt at each boot).
mkdir -p "$target/data" "$target/boot"
ln -sfn /run/foyer/hosts "$target/etc/hosts"
ln -sfn /data/etc/localtime "$target/etc/localtime"

# The earliest time the box can be at (see S05foyer-setup).
echo "${SOURCE_DATE_EPOCH:-$(date +%s)}" > "$target/etc/foyer-build-time"
