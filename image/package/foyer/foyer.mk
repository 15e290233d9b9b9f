################################################################################
#
# foyer
#
################################################################################

# The app is built from the project checkout this tree belongs to (the git commit pins
# it); its npm packages come from `npm ci --ignore-scripts` run in that checkout before
# the build, which checks each one against package-lock.json's sha512 integrity.
FOYER_VERSION = 0.1.0
FOYER_SITE = $(BR2_EXTERNAL_FOYER_PATH)/..
FOYER_SITE_METHOD = local
FOYER_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = \
	--exclude /image --exclude /dist --exclude /build --exclude /var \
	--exclude /test/artifacts --exclude /bench/out
FOYER_LICENSE = AGPL-3.0-or-later
FOYER_DEPENDENCIES = host-nodejs nodejs expat host-pkgconf host-python3

# Buildroot's $(NPM) environment (cross compilers, target headers in the staging dir),
# with the target arch set here: NODEJS_BIN_ENV refers to a NODEJS_CPU variable that
# the nodejs-src split left undefined, so it passes an empty npm_config_arch.
FOYER_STAGE_ENV = \
	$(NODEJS_BIN_ENV) \
	npm_config_arch=$(NODEJS_SRC_CPU) \
	npm_config_target_arch=$(NODEJS_SRC_CPU) \
	FOYER_JOBS=$(PARALLEL_JOBS)

define FOYER_BUILD_CMDS
	$(FOYER_STAGE_ENV) sh $(FOYER_PKGDIR)/stage.sh $(@D) $(@D)/foyer-install
endef

define FOYER_INSTALL_TARGET_CMDS
	rm -rf $(TARGET_DIR)/usr/lib/foyer
	mkdir -p $(TARGET_DIR)/usr/lib/foyer
	cp -R $(@D)/foyer-install/. $(TARGET_DIR)/usr/lib/foyer/
endef

define FOYER_USERS
	foyer -1 foyer -1 * /data/foyer - prosody-admin Foyer daemon
endef

$(eval $(generic-package))
