# shellcheck shell=sh disable=SC2034 # a library: its variables are used by the scripts that source it
# Where things live on a Foyer box, sourced by every Foyer script. Every path hangs off
# FOYER_ROOT (empty on the box, a scratch folder in the tests), so the scripts can run for
# real against a temporary root. FOYER_APP is the installed app (/usr/lib/foyer on the box;
# the project checkout in the tests).
FOYER_ROOT=${FOYER_ROOT:-}
FOYER_APP=${FOYER_APP:-/usr/lib/foyer}
ZONEINFO_DIR=${ZONEINFO_DIR:-/usr/share/zoneinfo}

BOOT_DIR=$FOYER_ROOT/boot              # FAT partition: config.txt, foyer.conf, setup code
DATA_DIR=$FOYER_ROOT/data              # ext4 data partition, grown to the card at first boot
SETTINGS_DIR=$DATA_DIR/etc             # hostname, time zone, Wi-Fi, XMPP domain
TLS_DIR=$DATA_DIR/tls                  # the box's self-signed certificate and its key
PROSODY_DIR=$DATA_DIR/prosody          # Prosody's data_path
PROSODY_CONFIG=$PROSODY_DIR/prosody.cfg.lua
FOYER_DATA_DIR=$DATA_DIR/foyer         # FOYER_DATA: the LMDB cache and the daemon's settings
SETUP_CODE_FILE=$FOYER_DATA_DIR/setup-code
SETUP_DONE_FILE=$FOYER_DATA_DIR/setup-complete
RUN_DIR=$FOYER_ROOT/run/foyer
# Prosody's admin socket, through which the daemon creates the administrator at first run.
# Its folder is group PROSODY_ADMIN_GROUP (foyer is a member), setgid so the socket gets that
# group too, and Prosody runs with umask 007 so the group may connect; others cannot.
PROSODY_RUN_DIR=$FOYER_ROOT/run/prosody
PROSODY_ADMIN_SOCKET=$PROSODY_RUN_DIR/admin.sock
PROSODY_ADMIN_GROUP=prosody-admin

# Ports, addresses and limits: the box's defaults, which /etc/default/foyer may override.
HTTP_PORT=80
XMPP_PORT=5222
XMPP_TLS_PORT=5223
XMPP_BIND="* ::"                       # family phones' XMPP apps reach Prosody on the LAN
PROSODY_HTTP_PORT=5280
PROSODY_VERSION=13                     # the release foyer-prosody installs; empty: detect
PROSODY_RUN_AS_ROOT=0                  # 1 only where Prosody has no user of its own (tests)
PROSODY_LOG=$FOYER_ROOT/tmp/prosody.log  # RAM (tmpfs): spares the SD card
FOYER_HEAP_MB=96
DEFAULT_HOSTNAME=foyer
if [ -r "$FOYER_ROOT/etc/default/foyer" ]; then
	# shellcheck source=/dev/null
	. "$FOYER_ROOT/etc/default/foyer"
fi

# Changes owners only where that makes sense: as root, to a user and group that exist
# (the box has its prosody and foyer accounts; a test machine may lack them).
own() { # user:group path...
	spec=$1
	shift
	if [ "$(id -u)" = 0 ] && id "${spec%%:*}" >/dev/null 2>&1 &&
		grep -q "^${spec#*:}:" /etc/group; then
		chown "$spec" "$@"
	fi
}

# The box's current name, from foyer.conf once applied, else the default.
current_hostname() {
	if [ -s "$SETTINGS_DIR/hostname" ]; then
		head -n 1 "$SETTINGS_DIR/hostname"
	else
		echo "$DEFAULT_HOSTNAME"
	fi
}

# The address the family types, http://<name>.local/ (with the port unless it is 80). Shared
# files get URLs under it: Prosody's http_external_url and the daemon's FOYER_PUBLIC_URL.
public_url() {
	if [ "$HTTP_PORT" = 80 ]; then
		echo "http://$(current_hostname).local/"
	else
		echo "http://$(current_hostname).local:$HTTP_PORT/"
	fi
}
