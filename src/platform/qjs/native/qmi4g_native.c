/*
 * qmi4g_native: the few system calls QuickJS's `os` module lacks, for qmi4g's router runtime.
 *
 * Linked into qmi4gd by `qjsc -e -M qmi4g_native` (init function js_init_module_qmi4g_native),
 * or built as a shared object (-DJS_SHARED_LIBRARY, init function js_init_module) that plain
 * `qjs` loads by path for tests.
 *
 * Conventions (the same as quickjs-libc's os.read/os.write): file descriptors and byte counts
 * are numbers; a failure returns -errno (never throws for a system call error); buffers are an
 * ArrayBuffer plus offset and length in bytes. Every constant whose value differs between
 * architectures (O_NONBLOCK is 0x80 on MIPS, 0x800 on x86; IOCTL_WDM_MAX_COMMAND 0x400248a0 vs
 * 0x800248a0; errno and signal numbers) is exported from here, compiled for the target, so the
 * JavaScript never spells a number.
 *
 * Exports:
 *   unixConnect(path)                  -> fd | -errno   AF_UNIX stream socket, non-blocking, close-on-exec
 *   udpConnect(addr, port, ifname)     -> fd | -errno   UDP socket to addr (IPv4 or IPv6 text) bound to
 *                                                        device ifname with SO_BINDTODEVICE ("" = any)
 *   send(fd, buf, off, len)            -> n | -errno    send(2) with MSG_NOSIGNAL|MSG_DONTWAIT (no SIGPIPE:
 *                                                        QuickJS does not ignore it)
 *   recv(fd, buf, off, len)            -> n | -errno    recv(2) with MSG_DONTWAIT; 0 is end of stream
 *   socketError(fd)                    -> errno | -errno  getsockopt SO_ERROR (0: none)
 *   wdmMaxCommand(fd)                  -> n | -errno    ioctl IOCTL_WDM_MAX_COMMAND: the cdc-wdm driver's
 *                                                        wMaxCommand, bytes (linux/usb/cdc-wdm.h)
 *   isCharDevice(fd)                   -> 1 | 0 | -errno  fstat(2) S_ISCHR
 *   errnoName(n)                       -> "ENOENT"… or "E<n>" for an errno not in the table
 *   O_*, SIG*, E*, IOCTL_WDM_MAX_COMMAND, ARCH   constants of the target
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#if __has_include(<linux/usb/cdc-wdm.h>)
#include <linux/usb/cdc-wdm.h>
#endif
#ifndef IOCTL_WDM_MAX_COMMAND
/* linux include/uapi/linux/usb/cdc-wdm.h: _IOR('H', 0xA0, __u16); _IOR is per-architecture */
#define IOCTL_WDM_MAX_COMMAND _IOR('H', 0xA0, uint16_t)
#endif
#include "quickjs.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))

static JSValue neg_errno(JSContext *ctx) { return JS_NewInt32(ctx, -errno); }

/* The byte range [off, off+len) of ArrayBuffer argv[1..3]; NULL (exception pending) when invalid. */
static uint8_t *buffer_range(JSContext *ctx, JSValueConst *argv, size_t *plen)
{
    size_t size;
    uint64_t off, len;
    uint8_t *buf = JS_GetArrayBuffer(ctx, &size, argv[0]);
    if (!buf)
        return NULL;
    if (JS_ToIndex(ctx, &off, argv[1]) || JS_ToIndex(ctx, &len, argv[2]))
        return NULL;
    if (off > size || len > size - off) {
        JS_ThrowRangeError(ctx, "buffer range out of bounds");
        return NULL;
    }
    *plen = len;
    return buf + off;
}

static JSValue js_unix_connect(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    struct sockaddr_un sa;
    size_t len;
    int fd;
    const char *path = JS_ToCStringLen(ctx, &len, argv[0]);
    if (!path)
        return JS_EXCEPTION;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    if (len == 0 || len >= sizeof(sa.sun_path)) {
        JS_FreeCString(ctx, path);
        return JS_NewInt32(ctx, -ENAMETOOLONG);
    }
    memcpy(sa.sun_path, path, len);
    JS_FreeCString(ctx, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return neg_errno(ctx);
    /* AF_UNIX connect completes at once or fails (EAGAIN when the listener's backlog is full) */
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;
        close(fd);
        return JS_NewInt32(ctx, -e);
    }
    return JS_NewInt32(ctx, fd);
}

static JSValue js_udp_connect(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    uint32_t port;
    int fd, e = 0;
    size_t iflen;
    const char *addr, *ifname;
    memset(&ss, 0, sizeof(ss));
    if (JS_ToUint32(ctx, &port, argv[1]))
        return JS_EXCEPTION;
    if (port > 65535)
        return JS_ThrowRangeError(ctx, "port out of range");
    addr = JS_ToCString(ctx, argv[0]);
    if (!addr)
        return JS_EXCEPTION;
    if (inet_pton(AF_INET, addr, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)&ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)&ss)->sin_port = htons(port);
        sslen = sizeof(struct sockaddr_in);
    } else if (inet_pton(AF_INET6, addr, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
        sslen = sizeof(struct sockaddr_in6);
    } else {
        JS_FreeCString(ctx, addr);
        return JS_NewInt32(ctx, -EINVAL);
    }
    JS_FreeCString(ctx, addr);
    ifname = JS_ToCStringLen(ctx, &iflen, argv[2]);
    if (!ifname)
        return JS_EXCEPTION;
    fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        e = errno;
    else if (iflen > 0 && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, iflen) < 0)
        e = errno;
    else if (connect(fd, (struct sockaddr *)&ss, sslen) < 0)
        e = errno;
    JS_FreeCString(ctx, ifname);
    if (e) {
        if (fd >= 0)
            close(fd);
        return JS_NewInt32(ctx, -e);
    }
    return JS_NewInt32(ctx, fd);
}

/* magic 0: send, 1: recv */
static JSValue js_send_recv(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int magic)
{
    int fd;
    size_t len;
    ssize_t n;
    uint8_t *p;
    if (JS_ToInt32(ctx, &fd, argv[0]))
        return JS_EXCEPTION;
    p = buffer_range(ctx, argv + 1, &len);
    if (!p)
        return JS_EXCEPTION;
    do {
        n = magic ? recv(fd, p, len, MSG_DONTWAIT) : send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? neg_errno(ctx) : JS_NewInt64(ctx, n);
}

static JSValue js_socket_error(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd, err = 0;
    socklen_t len = sizeof(err);
    if (JS_ToInt32(ctx, &fd, argv[0]))
        return JS_EXCEPTION;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return neg_errno(ctx);
    return JS_NewInt32(ctx, err);
}

static JSValue js_wdm_max_command(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd;
    uint16_t max = 0;
    if (JS_ToInt32(ctx, &fd, argv[0]))
        return JS_EXCEPTION;
    if (ioctl(fd, IOCTL_WDM_MAX_COMMAND, &max) < 0)
        return neg_errno(ctx);
    return JS_NewInt32(ctx, max);
}

static JSValue js_is_char_device(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd;
    struct stat st;
    if (JS_ToInt32(ctx, &fd, argv[0]))
        return JS_EXCEPTION;
    if (fstat(fd, &st) < 0)
        return neg_errno(ctx);
    return JS_NewInt32(ctx, S_ISCHR(st.st_mode) ? 1 : 0);
}

#define E(x) { #x, x }
static const struct { const char *name; int num; } errnos[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC), E(EBADF),
    E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV),
    E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(EFBIG),
    E(ENOSPC), E(ESPIPE), E(EROFS), E(EPIPE), E(ERANGE), E(ENAMETOOLONG), E(ENOSYS),
    E(ENOTEMPTY), E(ELOOP), E(EPROTO), E(ENOTSOCK), E(EMSGSIZE), E(EPROTONOSUPPORT),
    E(EOPNOTSUPP), E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN),
    E(ENETUNREACH), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN),
    E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS),
};

static JSValue js_errno_name(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int n;
    size_t i;
    char buf[16];
    if (JS_ToInt32(ctx, &n, argv[0]))
        return JS_EXCEPTION;
    if (n < 0)
        n = -n;
    for (i = 0; i < countof(errnos); i++)
        if (errnos[i].num == n)
            return JS_NewString(ctx, errnos[i].name);
    snprintf(buf, sizeof(buf), "E%d", n);
    return JS_NewString(ctx, buf);
}

#if defined(__mips__) && defined(__MIPSEB__)
#define ARCH "mips"
#elif defined(__mips__)
#define ARCH "mipsel"
#elif defined(__x86_64__)
#define ARCH "x86_64"
#elif defined(__aarch64__)
#define ARCH "aarch64"
#elif defined(__arm__)
#define ARCH "arm"
#else
#define ARCH "other"
#endif

#define C(x) JS_PROP_INT32_DEF(#x, x, 0)
static const JSCFunctionListEntry funcs[] = {
    JS_CFUNC_DEF("unixConnect", 1, js_unix_connect),
    JS_CFUNC_DEF("udpConnect", 3, js_udp_connect),
    JS_CFUNC_MAGIC_DEF("send", 4, js_send_recv, 0),
    JS_CFUNC_MAGIC_DEF("recv", 4, js_send_recv, 1),
    JS_CFUNC_DEF("socketError", 1, js_socket_error),
    JS_CFUNC_DEF("wdmMaxCommand", 1, js_wdm_max_command),
    JS_CFUNC_DEF("isCharDevice", 1, js_is_char_device),
    JS_CFUNC_DEF("errnoName", 1, js_errno_name),
    JS_PROP_STRING_DEF("ARCH", ARCH, 0),
    JS_PROP_INT32_DEF("IOCTL_WDM_MAX_COMMAND", (int32_t)IOCTL_WDM_MAX_COMMAND, 0),
    C(O_RDONLY), C(O_WRONLY), C(O_RDWR), C(O_NONBLOCK), C(O_NOCTTY), C(O_CLOEXEC), C(O_CREAT),
    C(O_TRUNC), C(O_APPEND), C(O_EXCL),
    C(SIGHUP), C(SIGINT), C(SIGTERM), C(SIGKILL), C(SIGCHLD), C(SIGPIPE), C(SIGUSR1), C(SIGUSR2),
    C(EPERM), C(ENOENT), C(EINTR), C(EIO), C(ENXIO), C(EBADF), C(EAGAIN), C(EACCES), C(EBUSY),
    C(EEXIST), C(ENODEV), C(EINVAL), C(ENOTTY), C(EPIPE), C(ENOSYS), C(ECONNRESET),
    C(ECONNREFUSED), C(ENOTCONN), C(ETIMEDOUT), C(EHOSTUNREACH), C(ENETUNREACH), C(EINPROGRESS),
};

static int module_init(JSContext *ctx, JSModuleDef *m)
{
    return JS_SetModuleExportList(ctx, m, funcs, countof(funcs));
}

#ifdef JS_SHARED_LIBRARY
#define JS_INIT_MODULE js_init_module
#else
#define JS_INIT_MODULE js_init_module_qmi4g_native
#endif

/** Module initialiser called by qjsc's generated main (-M qmi4g_native) or by qjs's dlopen loader. */
JSModuleDef *JS_INIT_MODULE(JSContext *ctx, const char *module_name)
{
    JSModuleDef *m = JS_NewCModule(ctx, module_name, module_init);
    if (!m)
        return NULL;
    JS_AddModuleExportList(ctx, m, funcs, countof(funcs));
    return m;
}
