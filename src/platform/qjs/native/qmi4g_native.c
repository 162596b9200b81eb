/*
 * qmi4g_native: the few system calls QuickJS's `os` module lacks, for qmi4g's router runtime.
 * Linked into qmi4gd by `qjsc -e -M qmi4g_native,qmi4g_native` (js_init_module_qmi4g_native), or
 * built with -DJS_SHARED_LIBRARY as a module plain `qjs` can load (js_init_module).
 *
 * As quickjs-libc's os.read/os.write: a failed system call returns -errno (never throws); buffers
 * are ArrayBuffer, offset, length (bytes). Constants that differ by architecture (O_NONBLOCK 0x80 on
 * MIPS, 0x800 on x86; IOCTL_WDM_MAX_COMMAND 0x400248a0 vs 0x800248a0; errno, signal numbers) come
 * from here, compiled for the target: the JavaScript never spells one.
 *
 *   unixConnect(path)              -> fd | -errno  AF_UNIX stream socket, connected, non-blocking, CLOEXEC
 *                                                  ("@name": Linux's abstract namespace, unix(7))
 *   unixListen(path, backlog)      -> fd | -errno  AF_UNIX stream socket bound to path ("@name" abstract,
 *                                                  exactly that many bytes of name, as libqmi/libmbim bind
 *                                                  qmi-proxy/mbim-proxy) and listening; non-blocking, CLOEXEC
 *   unixAccept(fd)                 -> fd | -errno  accept4(2) SOCK_NONBLOCK|SOCK_CLOEXEC (-EAGAIN: none waiting)
 *   peerUid(fd)                    -> uid | -errno getsockopt SO_PEERCRED: the connected peer's uid
 *   udpConnect(addr, port, ifname) -> fd | -errno  UDP socket connected to addr (IPv4/IPv6 literal),
 *                                                  bound to device ifname by SO_BINDTODEVICE ("": none)
 *   send(fd, buf, off, len)        -> n | -errno   MSG_NOSIGNAL|MSG_DONTWAIT: EPIPE, never SIGPIPE
 *                                                  (QuickJS does not ignore SIGPIPE)
 *   recv(fd, buf, off, len)        -> n | -errno   MSG_DONTWAIT; 0 = end of stream
 *   wdmMaxCommand(fd)              -> n | -errno   ioctl IOCTL_WDM_MAX_COMMAND (linux/usb/cdc-wdm.h):
 *                                                  the cdc-wdm driver's wMaxCommand, bytes
 *   fstat(fd)                      -> {isChar, major, minor} | -errno   S_ISCHR(st_mode), st_rdev
 *   ttyRaw(fd, baud)               -> 0 | -errno   cfmakeraw, CLOCAL|CREAD, VMIN 1, baud 9600…921600
 *   errnoName(n)                   -> "ENOENT"…, "E<n>" when not in the table (either sign of n)
 *   ARCH, IOCTL_WDM_MAX_COMMAND, O_*, SIG*, E*: the target's values
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, struct ucred */
#endif
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#if __has_include(<linux/usb/cdc-wdm.h>)
#include <linux/usb/cdc-wdm.h>
#endif
#ifndef IOCTL_WDM_MAX_COMMAND /* linux uapi/linux/usb/cdc-wdm.h; _IOR is per-architecture */
#define IOCTL_WDM_MAX_COMMAND _IOR('H', 0xA0, uint16_t)
#endif
#include "quickjs.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))
#define FD_ARG(fd) do { if (JS_ToInt32(ctx, &(fd), argv[0])) return JS_EXCEPTION; } while (0)

static JSValue neg_errno(JSContext *ctx) { return JS_NewInt32(ctx, -errno); }

/* The bytes [off, off+len) of ArrayBuffer argv[0], off = argv[1], len = argv[2]; NULL with an exception pending when invalid. */
static uint8_t *buffer_range(JSContext *ctx, JSValueConst *argv, size_t *plen)
{
    size_t size;
    uint64_t off, len;
    uint8_t *buf = JS_GetArrayBuffer(ctx, &size, argv[0]);
    if (!buf || JS_ToIndex(ctx, &off, argv[1]) || JS_ToIndex(ctx, &len, argv[2]))
        return NULL;
    if (off > size || len > size - off) {
        JS_ThrowRangeError(ctx, "buffer range out of bounds");
        return NULL;
    }
    *plen = len;
    return buf + off;
}

/* connect(2)s a new non-blocking socket of `family`/`type` to `sa`; SO_BINDTODEVICE first when ifname is not empty. */
static JSValue connect_new(JSContext *ctx, int family, int type, const struct sockaddr *sa, socklen_t salen, const char *ifname)
{
    int e = 0, fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return neg_errno(ctx);
    if (ifname && *ifname && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname)) < 0)
        e = errno;
    /* AF_UNIX connect completes at once or fails (EAGAIN: the listener's backlog is full); UDP's never waits */
    else if (connect(fd, sa, salen) < 0)
        e = errno;
    if (e) {
        close(fd);
        return JS_NewInt32(ctx, -e);
    }
    return JS_NewInt32(ctx, fd);
}

/*
 * Fills `sa` from JS string argv[0]: a filesystem path, or "@name" for the abstract namespace (sun_path[0]
 * = 0, then the name's bytes, no padding: the address length counts only them, unix(7)). Returns the
 * address length, or -ENOENT (empty) / -ENAMETOOLONG; -1 with an exception pending.
 */
static int unix_address(JSContext *ctx, JSValueConst v, struct sockaddr_un *sa)
{
    size_t len;
    const char *path = JS_ToCStringLen(ctx, &len, v);
    int r;
    if (!path)
        return -1;
    if (len == 0 || (len == 1 && path[0] == '@'))
        r = -ENOENT;
    else if (len >= sizeof(sa->sun_path))
        r = -ENAMETOOLONG;
    else {
        memcpy(sa->sun_path, path, len);
        if (path[0] == '@') {
            sa->sun_path[0] = 0;
            r = (int)(offsetof(struct sockaddr_un, sun_path) + len);
        } else
            r = (int)sizeof(*sa);
    }
    JS_FreeCString(ctx, path);
    return r;
}

static JSValue js_unix_connect(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int salen = unix_address(ctx, argv[0], &sa);
    if (salen == -1)
        return JS_EXCEPTION;
    if (salen < 0)
        return JS_NewInt32(ctx, salen);
    return connect_new(ctx, AF_UNIX, SOCK_STREAM, (struct sockaddr *)&sa, (socklen_t)salen, NULL);
}

static JSValue js_unix_listen(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int backlog, fd, e, salen = unix_address(ctx, argv[0], &sa);
    if (salen == -1 || JS_ToInt32(ctx, &backlog, argv[1]))
        return JS_EXCEPTION;
    if (salen < 0)
        return JS_NewInt32(ctx, salen);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return neg_errno(ctx);
    if (bind(fd, (struct sockaddr *)&sa, (socklen_t)salen) < 0 || listen(fd, backlog) < 0) {
        e = errno;
        close(fd);
        return JS_NewInt32(ctx, -e);
    }
    return JS_NewInt32(ctx, fd);
}

static JSValue js_unix_accept(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd, c;
    FD_ARG(fd);
    do
        c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    while (c < 0 && errno == EINTR);
    return c < 0 ? neg_errno(ctx) : JS_NewInt32(ctx, c);
}

static JSValue js_peer_uid(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd;
    struct ucred cred;
    socklen_t len = sizeof(cred);
    FD_ARG(fd);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
        return neg_errno(ctx);
    return JS_NewInt64(ctx, (int64_t)cred.uid);
}

static JSValue js_udp_connect(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    struct sockaddr_in a4 = { .sin_family = AF_INET };
    struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
    uint32_t port;
    int is4, is6;
    const char *addr, *ifname;
    JSValue r;
    if (JS_ToUint32(ctx, &port, argv[1]))
        return JS_EXCEPTION;
    if (port > 65535)
        return JS_ThrowRangeError(ctx, "port out of range");
    a4.sin_port = a6.sin6_port = htons(port);
    if (!(addr = JS_ToCString(ctx, argv[0])))
        return JS_EXCEPTION;
    is4 = inet_pton(AF_INET, addr, &a4.sin_addr) == 1;
    is6 = !is4 && inet_pton(AF_INET6, addr, &a6.sin6_addr) == 1;
    JS_FreeCString(ctx, addr);
    if (!is4 && !is6)
        return JS_NewInt32(ctx, -EINVAL);
    if (!(ifname = JS_ToCString(ctx, argv[2])))
        return JS_EXCEPTION;
    r = is4 ? connect_new(ctx, AF_INET, SOCK_DGRAM, (struct sockaddr *)&a4, sizeof(a4), ifname)
            : connect_new(ctx, AF_INET6, SOCK_DGRAM, (struct sockaddr *)&a6, sizeof(a6), ifname);
    JS_FreeCString(ctx, ifname);
    return r;
}

/* magic 0: send, 1: recv */
static JSValue js_send_recv(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int magic)
{
    int fd;
    size_t len;
    ssize_t n;
    uint8_t *p;
    FD_ARG(fd);
    if (!(p = buffer_range(ctx, argv + 1, &len)))
        return JS_EXCEPTION;
    do
        n = magic ? recv(fd, p, len, MSG_DONTWAIT) : send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return n < 0 ? neg_errno(ctx) : JS_NewInt64(ctx, n);
}

static JSValue js_wdm_max_command(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd;
    uint16_t max = 0;
    FD_ARG(fd);
    if (ioctl(fd, IOCTL_WDM_MAX_COMMAND, &max) < 0)
        return neg_errno(ctx);
    return JS_NewInt32(ctx, max);
}

static JSValue js_fstat(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd;
    struct stat st;
    JSValue o;
    FD_ARG(fd);
    if (fstat(fd, &st) < 0)
        return neg_errno(ctx);
    o = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, o, "isChar", JS_NewBool(ctx, S_ISCHR(st.st_mode)));
    JS_SetPropertyStr(ctx, o, "major", JS_NewUint32(ctx, major(st.st_rdev)));
    JS_SetPropertyStr(ctx, o, "minor", JS_NewUint32(ctx, minor(st.st_rdev)));
    return o;
}

static const struct { int baud; speed_t speed; } speeds[] = {
    { 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
    { 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
};

static JSValue js_tty_raw(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int fd, baud;
    size_t i;
    struct termios t;
    FD_ARG(fd);
    if (JS_ToInt32(ctx, &baud, argv[1]))
        return JS_EXCEPTION;
    for (i = 0; i < countof(speeds) && speeds[i].baud != baud; i++)
        ;
    if (i == countof(speeds))
        return JS_NewInt32(ctx, -EINVAL);
    if (tcgetattr(fd, &t) < 0)
        return neg_errno(ctx);
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, speeds[i].speed) < 0 || cfsetospeed(&t, speeds[i].speed) < 0 || tcsetattr(fd, TCSANOW, &t) < 0)
        return neg_errno(ctx);
    return JS_NewInt32(ctx, 0);
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
    n = n < 0 ? -n : n;
    for (i = 0; i < countof(errnos); i++)
        if (errnos[i].num == n)
            return JS_NewString(ctx, errnos[i].name);
    snprintf(buf, sizeof(buf), "E%d", n);
    return JS_NewString(ctx, buf);
}

/*
 * memoryUsage(gc): [malloc_size, malloc_count, obj_count, str_count, str_size, atom_count,
 * shape_count, fast_array_elements, binary_object_size] of this JS runtime — the bytes and blocks
 * QuickJS's allocator holds for live values (and garbage not yet collected), objects, strings
 * (count, bytes), atoms, shapes, elements of fast arrays, ArrayBuffer bytes (quickjs.h
 * JS_ComputeMemoryUsage; it walks the heap, about a millisecond per MB). With `gc` true, a full
 * collection of cyclic garbage first (quickjs.h JS_RunGC).
 */
static JSValue js_memory_usage(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    JSRuntime *rt = JS_GetRuntime(ctx);
    JSMemoryUsage u;
    JSValue a;
    if (argc > 0 && JS_ToBool(ctx, argv[0]))
        JS_RunGC(rt);
    JS_ComputeMemoryUsage(rt, &u);
    a = JS_NewArray(ctx);
    if (JS_IsException(a))
        return a;
    JS_SetPropertyUint32(ctx, a, 0, JS_NewInt64(ctx, u.malloc_size));
    JS_SetPropertyUint32(ctx, a, 1, JS_NewInt64(ctx, u.malloc_count));
    JS_SetPropertyUint32(ctx, a, 2, JS_NewInt64(ctx, u.obj_count));
    JS_SetPropertyUint32(ctx, a, 3, JS_NewInt64(ctx, u.str_count));
    JS_SetPropertyUint32(ctx, a, 4, JS_NewInt64(ctx, u.str_size));
    JS_SetPropertyUint32(ctx, a, 5, JS_NewInt64(ctx, u.atom_count));
    JS_SetPropertyUint32(ctx, a, 6, JS_NewInt64(ctx, u.shape_count));
    JS_SetPropertyUint32(ctx, a, 7, JS_NewInt64(ctx, u.fast_array_elements));
    JS_SetPropertyUint32(ctx, a, 8, JS_NewInt64(ctx, u.binary_object_size));
    return a;
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
    JS_CFUNC_DEF("unixListen", 2, js_unix_listen),
    JS_CFUNC_DEF("unixAccept", 1, js_unix_accept),
    JS_CFUNC_DEF("peerUid", 1, js_peer_uid),
    JS_CFUNC_DEF("udpConnect", 3, js_udp_connect),
    JS_CFUNC_MAGIC_DEF("send", 4, js_send_recv, 0),
    JS_CFUNC_MAGIC_DEF("recv", 4, js_send_recv, 1),
    JS_CFUNC_DEF("wdmMaxCommand", 1, js_wdm_max_command),
    JS_CFUNC_DEF("fstat", 1, js_fstat),
    JS_CFUNC_DEF("ttyRaw", 2, js_tty_raw),
    JS_CFUNC_DEF("errnoName", 1, js_errno_name),
    JS_CFUNC_DEF("memoryUsage", 1, js_memory_usage),
    JS_PROP_STRING_DEF("ARCH", ARCH, 0),
    JS_PROP_INT32_DEF("IOCTL_WDM_MAX_COMMAND", (int32_t)IOCTL_WDM_MAX_COMMAND, 0),
    C(O_RDONLY), C(O_WRONLY), C(O_RDWR), C(O_NONBLOCK), C(O_NOCTTY), C(O_CLOEXEC), C(O_CREAT),
    C(O_TRUNC), C(O_APPEND), C(O_EXCL),
    C(SIGHUP), C(SIGINT), C(SIGTERM), C(SIGKILL), C(SIGCHLD), C(SIGPIPE), C(SIGUSR1), C(SIGUSR2),
    C(EAGAIN), C(EINTR), C(ENOENT), C(EBADF), C(EINVAL), C(ECONNREFUSED), C(ECHILD), C(EADDRINUSE),
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

/* Module initialiser: called by qjsc's generated main (-M) or by qjs's dlopen loader. */
JSModuleDef *JS_INIT_MODULE(JSContext *ctx, const char *module_name)
{
    JSModuleDef *m = JS_NewCModule(ctx, module_name, module_init);
    if (m)
        JS_AddModuleExportList(ctx, m, funcs, countof(funcs));
    return m;
}
