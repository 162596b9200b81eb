# OpenWrt package Makefile for qmi4g: the qmi4gd daemon (one QuickJS executable), netifd handler, init script, ACLs.
#
# Use as a package directory in a feed (e.g. package/qmi4g -> this checkout). qmi4gd is built
# from source for the target, with no runtime dependency on the feed's quickjs package (QuickJS
# has no stable C ABI or bytecode format, so a feed upgrade can never break the daemon):
#   1. QuickJS (PKG_SOURCE, the pinned release tarball): the host's qjsc and the target's
#      libquickjs.a, built as OpenWrt's own lang/quickjs builds them (EXTRA_LIBS=-latomic);
#   2. the router bundle (src/router.ts, plain ECMAScript for QuickJS), built on the build host by
#      esbuild (npm ci && node scripts/build-router.mjs --bundle-only), unless a prebuilt dist/router/qmi4g-router.mjs
#      is in this directory — set QMI4G_PREBUILT=1 to require that and skip npm;
#   3. scripts/link-qmi4gd.sh: qjsc -e compiles the bundle to bytecode in C, linked with the C module
#      src/platform/qjs/native/qmi4g_native.c and libquickjs.a into /usr/sbin/qmi4gd, stripped
#      (on big-endian targets the bundle's regex literals become new RegExp() first:
#      scripts/regexp-literals.mjs says why).

include $(TOPDIR)/rules.mk

PKG_NAME:=qmi4g
PKG_VERSION:=0.1.0
PKG_RELEASE:=1

# QuickJS release qmi4gd is built with (https://bellard.org/quickjs/, MIT): the tarball OpenWrt's
# lang/quickjs packages on master.
QUICKJS_VERSION:=2026-06-04
PKG_SOURCE:=quickjs-$(QUICKJS_VERSION).tar.xz
PKG_SOURCE_URL:=https://bellard.org/quickjs/
PKG_HASH:=b376e839b322978313d929fd20663b11ba58b75df5a46c126dd19ea2fa70ad2a

PKG_LICENSE:=GPL-2.0-only MIT
PKG_LICENSE_FILES:=quickjs/LICENSE
PKG_MAINTAINER:=qmi4g developers
PKG_BUILD_PARALLEL:=1
# esbuild runs on the build host (npm): OpenWrt's lang/node is a host-only package
PKG_BUILD_DEPENDS:=node/host

include $(INCLUDE_DIR)/package.mk

# CONFLICTS umbim: umbim ships a netifd handler of the same name (/lib/netifd/proto/mbim.sh);
# ours takes its place with the same option names.
define Package/qmi4g
  SECTION:=net
  CATEGORY:=Network
  SUBMENU:=WWAN
  TITLE:=Cellular connection manager for QMI and MBIM modems (netifd proto qmi4g)
  DEPENDS:=+libatomic +kmod-usb-net +kmod-usb-wdm +kmod-usb-net-qmi-wwan +kmod-usb-net-cdc-mbim
  CONFLICTS:=umbim
endef

define Package/qmi4g/description
  qmi4gd is a small daemon (one QuickJS executable) that talks QMI and MBIM to a
  modem's cdc-wdm control port, brings up and keeps up the data session, and
  publishes modem, SIM, network and signal status on ubus (object qmi4g). The
  netifd protocol handler 'qmi4g' accepts the options of OpenWrt's 'qmi' and
  'mbim' protocols; the handler 'mbim' replaces umbim's for MBIM modems.
endef

define Package/qmi4g/conffiles
/etc/config/qmi4g
endef

QJS_DIR:=$(PKG_BUILD_DIR)/quickjs
ROUTER_BUNDLE:=dist/router/qmi4g-router.mjs

# QuickJS from the tarball into quickjs/, this repository's sources (not node_modules) next to it.
define Build/Prepare
	$(INSTALL_DIR) $(QJS_DIR)
	$(TAR) -C $(QJS_DIR) --strip-components=1 -xJf $(DL_DIR)/$(PKG_SOURCE)
	$(CP) ./package.json ./package-lock.json ./tsconfig.json ./src ./scripts $(PKG_BUILD_DIR)/
	if [ -f ./$(ROUTER_BUNDLE) ]; then \
		$(INSTALL_DIR) $(PKG_BUILD_DIR)/dist/router && $(CP) ./$(ROUTER_BUNDLE) $(PKG_BUILD_DIR)/$(ROUTER_BUNDLE); \
	fi
endef

define Build/Configure
endef

# The host qjsc (QuickJS's Makefile builds host-qjsc with the host compiler when CROSS_PREFIX is
# set), the target's libquickjs.a, the bundle, then the link.
define Build/Compile
	$(MAKE) $(PKG_JOBS) -C $(QJS_DIR) CROSS_PREFIX="$(TARGET_CROSS)" host-qjsc
	$(MAKE) $(PKG_JOBS) -C $(QJS_DIR) CROSS_PREFIX="$(TARGET_CROSS)" CC="$(TARGET_CC)" \
		CFLAGS_OPT="$(TARGET_CFLAGS) -D_GNU_SOURCE -DCONFIG_VERSION=\\\"$(QUICKJS_VERSION)\\\"" \
		EXTRA_LIBS=-latomic libquickjs.a
	if [ -f $(PKG_BUILD_DIR)/$(ROUTER_BUNDLE) ]; then \
		echo "qmi4g: using prebuilt $(ROUTER_BUNDLE)"; \
	elif [ "$(QMI4G_PREBUILT)" = "1" ]; then \
		echo "qmi4g: QMI4G_PREBUILT=1 but $(ROUTER_BUNDLE) is missing" >&2; exit 1; \
	else \
		cd $(PKG_BUILD_DIR) && npm ci --no-audit --no-fund && node scripts/build-router.mjs --bundle-only; \
	fi
	$(if $(CONFIG_BIG_ENDIAN),node $(PKG_BUILD_DIR)/scripts/regexp-literals.mjs \
		$(PKG_BUILD_DIR)/$(ROUTER_BUNDLE) $(PKG_BUILD_DIR)/qmi4g-router.mjs,cp $(PKG_BUILD_DIR)/$(ROUTER_BUNDLE) $(PKG_BUILD_DIR)/qmi4g-router.mjs)
	QJSC=$(QJS_DIR)/host-qjsc QJS_INCLUDE=$(QJS_DIR) QJS_LIB=$(QJS_DIR)/libquickjs.a \
	CC="$(TARGET_CC)" CFLAGS="$(TARGET_CFLAGS)" LIBS=-latomic STRIP="$(TARGET_CROSS)strip" \
		$(PKG_BUILD_DIR)/scripts/link-qmi4gd.sh $(PKG_BUILD_DIR)/qmi4gd $(PKG_BUILD_DIR)/qmi4g-router.mjs
endef

define Package/qmi4g/install
	$(INSTALL_DIR) $(1)/usr/sbin
	$(INSTALL_BIN) $(PKG_BUILD_DIR)/qmi4gd $(1)/usr/sbin/qmi4gd
	$(INSTALL_DIR) $(1)/usr/bin
	$(INSTALL_BIN) ./files/usr/bin/qmi4g $(1)/usr/bin/qmi4g
	$(INSTALL_DIR) $(1)/lib/netifd/proto
	$(INSTALL_DATA) ./netifd-proto/qmi4g-common.sh $(1)/lib/netifd/qmi4g-common.sh
	$(INSTALL_DATA) ./netifd-proto/qmi4g-options.sh $(1)/lib/netifd/qmi4g-options.sh
	$(INSTALL_BIN) ./netifd-proto/qmi4g.sh $(1)/lib/netifd/proto/qmi4g.sh
	$(INSTALL_BIN) ./netifd-proto/mbim.sh $(1)/lib/netifd/proto/mbim.sh
	$(INSTALL_DIR) $(1)/etc/init.d
	$(INSTALL_BIN) ./files/etc/init.d/qmi4g $(1)/etc/init.d/qmi4g
	$(INSTALL_DIR) $(1)/etc/config
	$(INSTALL_CONF) ./files/etc/config/qmi4g $(1)/etc/config/qmi4g
	$(INSTALL_DIR) $(1)/etc/hotplug.d/usbmisc
	$(INSTALL_BIN) ./files/etc/hotplug.d/usbmisc/30-qmi4g $(1)/etc/hotplug.d/usbmisc/30-qmi4g
	$(INSTALL_DIR) $(1)/usr/share/rpcd/acl.d
	$(INSTALL_DATA) ./files/usr/share/rpcd/acl.d/qmi4g.json $(1)/usr/share/rpcd/acl.d/qmi4g.json
	$(INSTALL_DIR) $(1)/usr/share/acl.d
	$(INSTALL_DATA) ./files/usr/share/acl.d/qmi4g.json $(1)/usr/share/acl.d/qmi4g.json
endef

# LuCI: protocol forms for qmi4g and mbim, the Status > Cellular page, its menu entry and rpcd ACL.
# mbim.js takes the place of luci-proto-mbim's file of the same name (the daemon's "mbim" handler).
define Package/luci-proto-qmi4g
  SECTION:=luci
  CATEGORY:=LuCI
  SUBMENU:=6. Protocols
  TITLE:=LuCI support for qmi4g (QMI and MBIM cellular modems)
  DEPENDS:=+qmi4g +luci-base
  CONFLICTS:=luci-proto-mbim
  PKGARCH:=all
endef

define Package/luci-proto-qmi4g/description
  LuCI protocol forms for 'qmi4g' and 'mbim' interfaces (every handler option,
  validated as the daemon validates it) and a Status > Cellular page showing
  state, operator, signal, SIM, IP settings, traffic and the last error per modem.
endef

LUCI_QMI4G_RESOURCES:=protocol/qmi4g.js protocol/mbim.js qmi4g/common.js qmi4g/form.js qmi4g/options.js qmi4g/validate.js view/status/qmi4g.js view/status/qmi4g-sms.js view/status/qmi4g-radio.js

define Package/luci-proto-qmi4g/install
	$(foreach f,$(LUCI_QMI4G_RESOURCES), \
		$(INSTALL_DIR) $(1)/www/luci-static/resources/$(dir $(f)) && \
		$(INSTALL_DATA) ./luci/htdocs/luci-static/resources/$(f) $(1)/www/luci-static/resources/$(f);)
	$(INSTALL_DIR) $(1)/usr/share/luci/menu.d
	$(INSTALL_DATA) ./luci/root/usr/share/luci/menu.d/luci-proto-qmi4g.json $(1)/usr/share/luci/menu.d/luci-proto-qmi4g.json
	$(INSTALL_DIR) $(1)/usr/share/rpcd/acl.d
	$(INSTALL_DATA) ./luci/root/usr/share/rpcd/acl.d/luci-proto-qmi4g.json $(1)/usr/share/rpcd/acl.d/luci-proto-qmi4g.json
endef

# As LuCI's own packages do: drop LuCI's caches and let rpcd read the new ACL.
define Package/luci-proto-qmi4g/postinst
#!/bin/sh
[ -n "$${IPKG_INSTROOT}" ] || {
	rm -f /tmp/luci-indexcache*
	rm -rf /tmp/luci-modulecache/
	/etc/init.d/rpcd reload
} 2>/dev/null
exit 0
endef

$(eval $(call BuildPackage,qmi4g))
$(eval $(call BuildPackage,luci-proto-qmi4g))
