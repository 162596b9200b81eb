// Types of the QuickJS modules the qjs platform imports. In TypeScript they are named `qjs:std` and
// `qjs:os` (Node's @types declare a module 'os'); the router build (scripts/build-router.mjs) maps
// them to QuickJS's own `std` and `os` (quickjs-libc.c) and keeps `qmi4g_native` (native/qmi4g_native.c)
// external. Only the members the platform uses are declared. os functions return -errno on failure
// (or [value, errno] pairs where noted), as quickjs-libc does.

declare module 'qjs:std' {
  interface FILE {
    puts(s: string): void;
    flush(): void;
  }
  export const out: FILE;
  export const err: FILE;
  export function getenv(name: string): string | undefined;
  export function exit(code: number): never;
  /** Message of errno `n` (strerror(3)). */
  export function strerror(n: number): string;
  export function gc(): void;
}

declare module 'qjs:os' {
  export const O_RDONLY: number;
  export const O_WRONLY: number;
  export const O_RDWR: number;
  export const O_CREAT: number;
  export const O_TRUNC: number;
  export const S_IFMT: number;
  export const S_IFREG: number;
  export const S_IFDIR: number;
  export const S_IFCHR: number;
  export const S_IFBLK: number;
  export const S_IFIFO: number;
  export const S_IFSOCK: number;
  export const S_IFLNK: number;
  export const WNOHANG: number;
  export const SIGABRT: number;
  export const SIGSEGV: number;
  export const SIGALRM: number;
  export const SIGQUIT: number;
  export function open(path: string, flags: number, mode?: number): number;
  export function close(fd: number): number;
  export function read(fd: number, buf: ArrayBuffer, off: number, len: number): number;
  export function write(fd: number, buf: ArrayBuffer, off: number, len: number): number;
  export function isatty(fd: number): boolean;
  export function remove(path: string): number;
  export function rename(from: string, to: string): number;
  export function mkdir(path: string, mode?: number): number;
  export function readdir(path: string): [string[], number];
  export function realpath(path: string): [string, number];
  export function readlink(path: string): [string, number];
  export interface Stat { mode: number; size: number; mtime: number; rdev: number }
  export function stat(path: string): [Stat, number];
  export function lstat(path: string): [Stat, number];
  /** Calls fn when fd is readable (select(2) in the event loop); null removes it. */
  export function setReadHandler(fd: number, fn: (() => void) | null): void;
  export function setWriteHandler(fd: number, fn: (() => void) | null): void;
  /** fn on signal `sig` (from the event loop); null: SIG_DFL; undefined: SIG_IGN. */
  export function signal(sig: number, fn: (() => void) | null | undefined): void;
  export function setTimeout(fn: () => void, ms: number): unknown;
  export function clearTimeout(handle: unknown): void;
  /** CLOCK_MONOTONIC, ms with µs precision. */
  export function now(): number;
  export interface ExecOptions {
    block?: boolean;
    usePath?: boolean;
    file?: string;
    cwd?: string;
    stdin?: number;
    stdout?: number;
    stderr?: number;
    env?: Record<string, string>;
  }
  /** fork + exec; with block false returns the pid (the child _exit(127)s when exec fails). */
  export function exec(argv: string[], opts?: ExecOptions): number;
  /** [pid or -errno, wait status]. */
  export function waitpid(pid: number, options: number): [number, number];
  export function pipe(): [number, number] | null;
  export function kill(pid: number, sig: number): number;
  export function getpid(): number;
}

declare module 'qmi4g_native' {
  export const ARCH: string;
  export const IOCTL_WDM_MAX_COMMAND: number;
  export const O_RDONLY: number, O_WRONLY: number, O_RDWR: number, O_NONBLOCK: number, O_NOCTTY: number;
  export const O_CLOEXEC: number, O_CREAT: number, O_TRUNC: number, O_APPEND: number, O_EXCL: number;
  export const SIGHUP: number, SIGINT: number, SIGTERM: number, SIGKILL: number, SIGCHLD: number;
  export const SIGPIPE: number, SIGUSR1: number, SIGUSR2: number;
  export const EAGAIN: number, EINTR: number, ENOENT: number, EBADF: number, EINVAL: number;
  export const ECONNREFUSED: number, ECHILD: number, EADDRINUSE: number;
  /** AF_UNIX stream socket connected to path ("@name": abstract namespace), non-blocking: fd or -errno. */
  export function unixConnect(path: string): number;
  /** AF_UNIX stream socket bound to path ("@name": abstract, exact length) and listening, non-blocking: fd or -errno. */
  export function unixListen(path: string, backlog: number): number;
  /** accept4 SOCK_NONBLOCK|SOCK_CLOEXEC on a listening fd: the connection's fd or -errno (-EAGAIN: none waiting). */
  export function unixAccept(fd: number): number;
  /** SO_PEERCRED uid of a connected unix socket's peer, or -errno. */
  export function peerUid(fd: number): number;
  /** UDP socket connected to addr:port, SO_BINDTODEVICE ifname ("" none), non-blocking: fd or -errno. */
  export function udpConnect(addr: string, port: number, ifname: string): number;
  /** send(2) MSG_NOSIGNAL|MSG_DONTWAIT: bytes sent or -errno. */
  export function send(fd: number, buf: ArrayBuffer, off: number, len: number): number;
  /** recv(2) MSG_DONTWAIT: bytes, 0 at end of stream, or -errno. */
  export function recv(fd: number, buf: ArrayBuffer, off: number, len: number): number;
  /** ioctl IOCTL_WDM_MAX_COMMAND: bytes or -errno. */
  export function wdmMaxCommand(fd: number): number;
  export function fstat(fd: number): { isChar: boolean; major: number; minor: number } | number;
  /** cfmakeraw + CLOCAL|CREAD at baud: 0 or -errno. */
  export function ttyRaw(fd: number, baud: number): number;
  /** ENOENT… for errno n (either sign); E<n> when unknown. */
  export function errnoName(n: number): string;
  /** [malloc_size bytes, malloc_count, obj_count, str_count, str_size, atom_count, shape_count, fast_array_elements, binary_object_size] of the runtime (JS_ComputeMemoryUsage), after JS_RunGC when `gc`. */
  export function memoryUsage(gc?: boolean): [number, number, number, number, number, number, number, number, number];
}
