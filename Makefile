# OpenWrt package Makefile for qmi4g: the qmi4gd daemon (one Node bundle), netifd handler, init script, ACLs.
#
# Use as a package directory in a feed (e.g. package/qmi4g -> this checkout). The bundle
# dist/qmi4g.js is built with esbuild (npm ci && npm run build) unless a prebuilt one is already
# in dist/ — set QMI4G_PREBUILT=1 to require that and skip npm.

include $(TOPDIR)/rules.mk

PKG_NAME:=qmi4g
PKG_VERSION:=0.1.0
PKG_RELEASE:=1

PKG_LICENSE:=GPL-2.0-only
PKG_MAINTAINER:=qmi4g developers

include $(INCLUDE_DIR)/package.mk

# CONFLICTS umbim: umbim ships a netifd handler of the same name (/lib/netifd/proto/mbim.sh);
# ours takes its place with the same option names.
define Package/qmi4g
  SECTION:=net
  CATEGORY:=Network
  SUBMENU:=WWAN
  TITLE:=Cellular connection manager for QMI and MBIM modems (netifd proto qmi4g)
  DEPENDS:=+node +kmod-usb-net +kmod-usb-wdm +kmod-usb-net-qmi-wwan +kmod-usb-net-cdc-mbim
  CONFLICTS:=umbim
  PKGARCH:=all
endef

define Package/qmi4g/description
  qmi4gd is a small daemon (Node.js) that talks QMI and MBIM to a modem's cdc-wdm
  control port, brings up and keeps up the data session, and publishes modem, SIM,
  network and signal status on ubus (object qmi4g). The netifd protocol handler
  'qmi4g' accepts the options of OpenWrt's 'qmi' and 'mbim' protocols; the handler
  'mbim' replaces umbim's for MBIM modems.
endef

define Package/qmi4g/conffiles
/etc/config/qmi4g
endef

# The sources are this directory; copy what the build needs (not node_modules).
define Build/Prepare
	$(INSTALL_DIR) $(PKG_BUILD_DIR)
	$(CP) ./package.json ./package-lock.json ./tsconfig.json ./src ./scripts $(PKG_BUILD_DIR)/
	if [ -f ./dist/qmi4g.js ]; then \
		$(INSTALL_DIR) $(PKG_BUILD_DIR)/dist && $(CP) ./dist/qmi4g.js $(PKG_BUILD_DIR)/dist/; \
	fi
endef

define Build/Configure
endef

# The bundle is platform independent JavaScript, so the host's node/npm build it.
define Build/Compile
	if [ -f $(PKG_BUILD_DIR)/dist/qmi4g.js ]; then \
		echo "qmi4g: using prebuilt dist/qmi4g.js"; \
	elif [ "$(QMI4G_PREBUILT)" = "1" ]; then \
		echo "qmi4g: QMI4G_PREBUILT=1 but dist/qmi4g.js is missing" >&2; exit 1; \
	else \
		cd $(PKG_BUILD_DIR) && npm ci --no-audit --no-fund && npm run build; \
	fi
endef

define Package/qmi4g/install
	$(INSTALL_DIR) $(1)/usr/lib/qmi4g
	$(INSTALL_DATA) $(PKG_BUILD_DIR)/dist/qmi4g.js $(1)/usr/lib/qmi4g/qmi4g.js
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

LUCI_QMI4G_RESOURCES:=protocol/qmi4g.js protocol/mbim.js qmi4g/common.js qmi4g/form.js qmi4g/options.js qmi4g/validate.js view/status/qmi4g.js

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
