#!/bin/sh
# Compiles an ES module bundle with QuickJS's qjsc into one executable with the qmi4g_native C
# module linked in, stripped. Used by scripts/build-router.mjs and by the OpenWrt Makefile, so both
# link qmi4gd the same way.
#
# usage: link-qmi4gd.sh OUT BUNDLE.mjs
# env:   QJSC         qjsc that runs on this machine (for a cross build: the host qjsc)
#        QJS_INCLUDE  directory with quickjs.h and quickjs-libc.h of the target build
#        QJS_LIB      libquickjs.a of the target build
#        CC           target C compiler (may include flags), default gcc
#        CFLAGS       extra compiler flags (e.g. -D_FILE_OFFSET_BITS=64), default -O2
#        LIBS         extra libraries (e.g. -latomic)
#        STRIP        strip program of the target, default strip; empty: do not strip
#        QJSC_FLAGS   extra qjsc flags; -s (no debug info) is always given unless QJSC_DEBUG=1.
#                     The bytecode itself is portable (QuickJS serialises it little-endian and
#                     swaps on load), except precompiled regexes: see scripts/regexp-literals.mjs
set -eu
OUT=${1:?usage: link-qmi4gd.sh OUT BUNDLE.mjs}; BUNDLE=${2:?usage: link-qmi4gd.sh OUT BUNDLE.mjs}
: "${QJSC:?QJSC unset}" "${QJS_INCLUDE:?QJS_INCLUDE unset}" "${QJS_LIB:?QJS_LIB unset}"
CC=${CC:-gcc}; CFLAGS=${CFLAGS:--O2}; LIBS=${LIBS:-}; STRIP=${STRIP-strip}; QJSC_FLAGS=${QJSC_FLAGS:-}
HERE=$(cd "$(dirname "$0")" && pwd)
NATIVE_C="$HERE/../src/platform/qjs/native/qmi4g_native.c"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
[ "${QJSC_DEBUG:-0}" = 1 ] || QJSC_FLAGS="-s $QJSC_FLAGS"
# -e: C source with main(); -M: the C module, initialised by js_init_module_qmi4g_native
"$QJSC" -e -m $QJSC_FLAGS -M qmi4g_native,qmi4g_native -o "$WORK/main.c" "$BUNDLE"
$CC $CFLAGS -Wall -D_GNU_SOURCE -I "$QJS_INCLUDE" -c "$NATIVE_C" -o "$WORK/native.o"
$CC $CFLAGS -D_GNU_SOURCE -I "$QJS_INCLUDE" -c "$WORK/main.c" -o "$WORK/main.o"
mkdir -p "$(dirname "$OUT")"
$CC $CFLAGS -o "$OUT.tmp" "$WORK/main.o" "$WORK/native.o" "$QJS_LIB" -lm -ldl -lpthread $LIBS
[ -z "$STRIP" ] || $STRIP "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
