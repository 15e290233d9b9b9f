################################################################################
#
# foyer-prosody
#
################################################################################

# Prosody 13 under its own package name: Buildroot's prosody is 0.11 and an
# external tree cannot replace an in-tree package of the same name.
FOYER_PROSODY_VERSION = 13.0.6
FOYER_PROSODY_SOURCE = prosody-$(FOYER_PROSODY_VERSION).tar.gz
FOYER_PROSODY_SITE = https://prosody.im/downloads/source
FOYER_PROSODY_LICENSE = MIT
FOYER_PROSODY_LICENSE_FILES = COPYING
FOYER_PROSODY_CPE_ID_VENDOR = prosody
FOYER_PROSODY_CPE_ID_PRODUCT = prosody
FOYER_PROSODY_DEPENDENCIES = host-luainterpreter luainterpreter libidn openssl

FOYER_PROSODY_CONF_OPTS = \
	--prefix=/usr \
	--sysconfdir=/etc/prosody \
	--datadir=/data/prosody \
	--with-lua-bin=$(HOST_DIR)/bin \
	--with-lua=$(STAGING_DIR)/usr \
	--with-lua-include=$(STAGING_DIR)/usr/include \
	--with-lua-lib=$(STAGING_DIR)/usr/lib \
	--lua-version=$(LUAINTERPRETER_ABIVER) \
	--runwith=lua \
	--idn-library=idn \
	--c-compiler="$(TARGET_CC)" \
	--cflags="$(TARGET_CFLAGS) -fPIC -std=c99 -D_GNU_SOURCE" \
	--linker="$(TARGET_CC)" \
	--ldflags="$(TARGET_LDFLAGS) -shared" \
	--no-example-certs

define FOYER_PROSODY_CONFIGURE_CMDS
	cd $(@D) && $(TARGET_CONFIGURE_OPTS) ./configure $(FOYER_PROSODY_CONF_OPTS)
endef

define FOYER_PROSODY_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D)
endef

# The box writes its own config on the data partition at first boot, so the
# sample config and certificate helpers are left out of the read-only root.
define FOYER_PROSODY_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) DESTDIR=$(TARGET_DIR) install
	rm -rf $(TARGET_DIR)/etc/prosody/certs
	rm -f $(TARGET_DIR)/etc/prosody/prosody.cfg.lua
endef

define FOYER_PROSODY_USERS
	prosody -1 prosody -1 * /data/prosody - - Prosody XMPP server
endef

$(eval $(generic-package))
