// The Platform interface: the only door from qmi4g's code to the runtime (Node.js for development and
// tests, QuickJS `qjs` on the router). Everything outside src/platform/ is plain ECMAScript and reaches
// files, devices, sockets, processes and timers only through an object of this type.
//
// Conventions for every member:
// - Bytes are Uint8Array (never Buffer); text is a JS string, files and process output are UTF-8.
// - Times are milliseconds.
// - Errors are PlatformError-shaped: an Error whose `code` is the errno name (ENOENT, EACCES, EBUSY,
//   ENODEV, EIO, ECONNREFUSED, ETIMEDOUT…) or one of the names in PlatformErrorCode below, with the
//   `syscall` and `path` that failed when there is one. Callers switch on `code`, never on `message`.
// - Synchronous members throw; asynchronous ones reject. Nothing else throws.
//
// An implementation is the module src/platform/<name>/index.ts (node, qjs) exporting
// `export const platform: Platform`. Code imports `platform` from src/platform (index.ts); the bundler
// (scripts/build.mjs) decides which implementation that is. The qjs implementation also installs the
// pure-ECMAScript AbortController/AbortSignal of src/platform/abort.ts on globalThis where missing.
//
// Only additive changes: commits that touch this file start with "platform API:".

/** Error codes a Platform uses beyond the errno names of errno(3). */
export type PlatformErrorCode =
  /** The path opened as a control port or tty is not a character device (regular file, directory, fifo, socket…). */
  | 'ENOTCHR'
  /** The path is a character device of the kernel's memory class (major 1: /dev/null, /dev/zero, /dev/full, /dev/random, /dev/urandom, /dev/mem, /dev/kmsg) — never a modem. */
  | 'EMEMDEV'
  /** End of file: the device or peer closed its side (read returned 0). */
  | 'EOF'
  /** The wait was cancelled through its AbortSignal. */
  | 'ECANCELED'
  /** The operation is not available on this runtime (e.g. an ioctl on Node.js). */
  | 'ENOTSUP';

/** The error every Platform member throws or rejects with. `code`: errno name or PlatformErrorCode. */
export interface PlatformError extends Error {
  readonly code: string;
  /** The system call or operation that failed (`open`, `read`, `connect`, `spawn`…), when known. */
  readonly syscall?: string;
  /** The file or socket path concerned, when there is one. */
  readonly path?: string;
}

/** Handlers of a byte stream, given when it is opened (no data is read before). */
export interface StreamHandlers {
  /**
   * Called with the bytes of each read, in order (cdc-wdm: one read = one whole message; ttys, ptys
   * and sockets may split or coalesce). The array is owned by the receiver.
   */
  onData(chunk: Uint8Array): void;
  /**
   * Called exactly once when the stream ends: with a PlatformError when the device or peer ended it
   * (code EOF at end of file, EIO/ENODEV on USB unplug, ECONNRESET…), or with undefined when close()
   * was called — synchronously from inside close(). No onData follows.
   */
  onClose(err?: PlatformError): void;
}

/**
 * An open byte stream: a control port, a tty or a unix socket. Reads are event driven (no polling:
 * Node through a reader child process or the socket, qjs on os.setReadHandler).
 */
export interface ByteStream {
  /** The path it was opened at. */
  readonly path: string;
  /** True once onClose has run. */
  readonly closed: boolean;
  /**
   * Writes all of `bytes` (one write(2) for a control port, so one message stays one USB transfer).
   * Resolves when the kernel took them; rejects with PlatformError (EBADF after close, EIO, ENODEV,
   * EPIPE — sockets never raise SIGPIPE) and the stream then closes with that error.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the fd; idempotent. Runs onClose(undefined) synchronously if the stream was open. */
  close(): void;
}

/** A character device opened as a modem port. */
export interface DevicePort extends ByteStream {
  /** Device number of the opened node (from fstat st_rdev): major and minor. */
  readonly rdev: { readonly major: number; readonly minor: number };
  /**
   * The cdc-wdm driver's maximum message size, bytes (ioctl IOCTL_WDM_MAX_COMMAND = _IOR('H', 0xA0,
   * __u16), Linux drivers/usb/class/cdc-wdm.c; what libmbim asks for the MBIM max control transfer).
   * undefined when the ioctl fails (not a cdc-wdm node: a pty, an MHI wwan port) or is not available
   * on this runtime (Node.js has no ioctl).
   */
  wdmMaxCommand(): number | undefined;
}

/** A connection accepted by Platform.listenUnix. */
export interface AcceptedStream extends ByteStream {
  /**
   * The peer's uid (SO_PEERCRED, unix(7)) — what libqmi's and libmbim's proxies check; undefined when
   * the runtime cannot tell (Node.js has no SO_PEERCRED).
   */
  readonly peerUid: number | undefined;
}

/** A listening AF_UNIX stream socket (Platform.listenUnix). */
export interface UnixListener {
  /** The address as given (`@name` for the abstract namespace). */
  readonly path: string;
  /** Connections accepted and still open. */
  readonly connections: number;
  /**
   * Stops accepting and closes every connection it accepted that is still open (their onClose runs
   * with undefined), so a stopping daemon leaves no peer waiting. Idempotent.
   */
  close(): void;
}

/** What kind of file a path names (stat(2) S_IFMT). */
export type FileKind = 'file' | 'dir' | 'char' | 'block' | 'fifo' | 'socket' | 'symlink' | 'other';

/** Result of stat. `size` in bytes; `mtimeMs` ms since the epoch. */
export interface FileStat {
  readonly kind: FileKind;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The file subset qmi4g uses. All synchronous; all throw PlatformError (ENOENT, EACCES, ENOTDIR, EISDIR…). */
export interface PlatformFs {
  /** Whole file as bytes. */
  readBytes(path: string): Uint8Array;
  /** Whole file as UTF-8 text (invalid sequences become U+FFFD). */
  readText(path: string): string;
  /** Creates or truncates `path` and writes `data` (string as UTF-8); new files get `mode` (default 0o644). */
  writeFile(path: string, data: string | Uint8Array, mode?: number): void;
  /**
   * Replaces `path` atomically: writes `path.<pid>.tmp` with `mode` (default 0o644) and renames it over
   * `path` (rename(2)), so a reader sees the old or the new content, never a part. The temporary file
   * is removed when writing fails.
   */
  writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): void;
  /** True when `path` exists (symlinks followed: a dangling link is false). Never throws. */
  exists(path: string): boolean;
  /** Names in directory `path`, without `.` and `..`, in no particular order. */
  readdir(path: string): string[];
  /** The canonical absolute path (realpath(3)). */
  realpath(path: string): string;
  /** The target of symlink `path` as stored (readlink(2)); EINVAL when it is not a symlink. */
  readlink(path: string): string;
  /** stat(2) (follows symlinks) or, with `follow` false, lstat(2). */
  stat(path: string, follow?: boolean): FileStat;
  /** mkdir -p with `mode` (default 0o755) for the directories it creates; fine when it exists. */
  mkdirp(path: string, mode?: number): void;
  /** unlink(2). */
  unlink(path: string): void;
}

/** Options of run(). */
export interface RunOptions {
  /** Kill (SIGKILL) after this many ms; the result then has timedOut true. Required: every wait has a limit. */
  readonly timeoutMs: number;
  /** Aborting kills the process (SIGKILL); the promise still resolves, with `aborted` true. */
  readonly signal?: AbortSignal;
  /** Bytes kept of stdout and of stderr each; more is dropped. Default 1 MiB. */
  readonly maxOutput?: number;
}

/** How a process run ended. */
export interface RunResult {
  /** Exit status 0–255, or null when it was killed by a signal. 127: the program could not be executed (not found, not executable). */
  readonly exitCode: number | null;
  /** Name of the signal that killed it (`SIGKILL`…), else undefined. */
  readonly signal?: string;
  /** True when timeoutMs passed and it was killed. */
  readonly timedOut: boolean;
  /** True when the AbortSignal killed it. */
  readonly aborted: boolean;
  /** Its stdout and stderr, UTF-8 decoded (invalid sequences become U+FFFD). */
  readonly stdout: string;
  readonly stderr: string;
}

/** One UDP request/response exchange bound to a network device (the watchdog's DNS probe). */
export interface UdpQuery {
  /** Server address, a literal IPv4 or IPv6 address (no name resolution). */
  readonly host: string;
  readonly port: number;
  /**
   * Network device to send through. qjs binds the socket with SO_BINDTODEVICE (socket(7)), so the
   * datagram leaves through `device` whatever the routing table says. Node.js has no
   * SO_BINDTODEVICE: it binds the device's own address as source instead (the kernel routes by
   * destination; a reply may then not come back, which reads as no answer). ENODEV/EADDRNOTAVAIL
   * when the device has no address of the server's family.
   */
  readonly device: string;
  readonly payload: Uint8Array;
  /** Wait for an accepted reply at most this long; then rejects with code ETIMEDOUT. */
  readonly timeoutMs: number;
  /** Aborting rejects with code ECANCELED. */
  readonly signal?: AbortSignal;
  /** Decides whether a datagram from host:port is the reply (e.g. the DNS id matches); others are ignored. */
  accept(reply: Uint8Array): boolean;
}

/** Signals the daemon handles. */
export type SignalName = 'SIGTERM' | 'SIGINT' | 'SIGHUP';

/** An opaque timer handle from setTimeout. */
export type TimerHandle = unknown;

/** The runtime, as qmi4g's code may use it. */
/** Platform.heapUsage: bytes, and the counts a runtime keeps (QuickJS JS_ComputeMemoryUsage). */
export interface HeapUsage {
  bytes: number;
  objects?: number; strings?: number; stringBytes?: number; atoms?: number; shapes?: number; arrayElements?: number; bufferBytes?: number;
}

export interface Platform {
  /** `node` or `qjs`. For messages only; code must not branch on it. */
  readonly name: 'node' | 'qjs';

  // --- devices and sockets ---------------------------------------------------------------------

  /**
   * Opens a modem control port (/dev/cdc-wdm*, /dev/wwan*qmi*, /dev/wwan*mbim*, or a pty in tests)
   * O_RDWR|O_NOCTTY|O_NONBLOCK as libqmi/libmbim do (symlinks are followed: /dev/serial/by-id and
   * hotplug links are legitimate), then fstat()s the fd and refuses, closing it before any byte is
   * read or written: a non-character-device (code ENOTCHR: regular file, directory, fifo, socket) and
   * a memory-class character device (code EMEMDEV: /dev/null, /dev/zero, /dev/urandom…). Other
   * errors: ENOENT (no such node: netifd NO_DEVICE), EACCES, EBUSY, ENODEV, ENXIO. Synchronous.
   */
  openControlPort(path: string, handlers: StreamHandlers): DevicePort;

  /**
   * Opens an AT command tty (/dev/ttyUSB*, /dev/ttyACM*, a pty in tests) like openControlPort (same
   * refusals, same codes, before any byte moves), then puts it in raw mode (cfmakeraw: no echo, no
   * line discipline, 8N1, CLOCAL|CREAD) at `baud` (e.g. 115200). Node.js does this through the
   * optional `serialport` package: when it is missing rejects with code ENOTSUP. Async because
   * serialport opens asynchronously.
   */
  openTty(path: string, baud: number, handlers: StreamHandlers): Promise<DevicePort>;

  /**
   * Connects an AF_UNIX SOCK_STREAM socket to `path` (ubusd's /var/run/ubus/ubus.sock). Resolves once
   * connected; rejects with ENOENT, ECONNREFUSED, EACCES, ETIMEDOUT (after `timeoutMs`, default 5000),
   * ECANCELED (signal). Writes never raise SIGPIPE (a closed peer is EPIPE and closes the stream).
   * onData may run as soon as the connection is up, before the promise's continuation.
   */
  connectUnix(path: string, handlers: StreamHandlers, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<ByteStream>;

  /**
   * Listens on an AF_UNIX SOCK_STREAM socket. `@name` is Linux's abstract namespace (unix(7); the name
   * is exactly those bytes, as libqmi's `qmi-proxy` and libmbim's `mbim-proxy` bind it; it belongs
   * to the network namespace and disappears with the socket), anything else a filesystem path (must
   * not exist; removed again by close()). For each connection `accept(stream)` returns its handlers;
   * no data is read before it returned. Rejects with EADDRINUSE (another process listens there),
   * EACCES, ENAMETOOLONG, EINVAL (an abstract name outside [A-Za-z0-9_.-]).
   */
  listenUnix(path: string, accept: (stream: AcceptedStream) => StreamHandlers): Promise<UnixListener>;

  /**
   * Sends `q.payload` over UDP to q.host:q.port through device `q.device` and resolves with the first
   * reply from that address that `q.accept` accepts. Rejects with ETIMEDOUT, ECANCELED, ENODEV,
   * EADDRNOTAVAIL, ENETUNREACH… (see UdpQuery).
   */
  udpQuery(q: UdpQuery): Promise<Uint8Array>;

  // --- processes -------------------------------------------------------------------------------

  /**
   * Runs `argv[0]` (looked up in PATH) with arguments `argv.slice(1)` — an argument array, never a
   * shell — stdin from /dev/null. Resolves when it exited (see RunResult; a program that cannot be
   * executed is exitCode 127). Rejects only on bad arguments (RangeError: empty argv, NUL bytes).
   */
  run(argv: readonly string[], opts: RunOptions): Promise<RunResult>;

  // --- timers ----------------------------------------------------------------------------------

  /**
   * Calls `fn` once after `ms` (≥ 0; 0 = as soon as possible after the current I/O callback). Timers
   * keep the process alive (they cannot be unref'd); timers that expired together fire in creation
   * order.
   */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; fine for one that already fired or was cancelled, and for undefined. */
  clearTimeout(handle: TimerHandle): void;
  /**
   * Runs `fn` once, after the current callback and its promise jobs have finished, before waiting
   * for I/O again (Node: setImmediate; qjs: a 0 ms timer). For "deliver after the read path
   * returns", never for waiting.
   */
  defer(fn: () => void): void;
  /** Monotonic time in ms (CLOCK_MONOTONIC; not wall-clock, never goes back). Fractional allowed. */
  monotonicMs(): number;

  // --- crypto ----------------------------------------------------------------------------------

  /** SHA-256 (FIPS 180-4) of `data` (string as UTF-8): 32 bytes. */
  sha256(data: Uint8Array | string): Uint8Array;
  /** `n` cryptographically random bytes (getrandom(2) / /dev/urandom). */
  randomBytes(n: number): Uint8Array;

  // --- files -----------------------------------------------------------------------------------

  readonly fs: PlatformFs;

  // --- this process ----------------------------------------------------------------------------

  /** Command-line arguments after the program and script names (`qmi4g status --json` → ['status', '--json']). */
  readonly argv: readonly string[];
  /** An environment variable, or undefined when unset. */
  env(name: string): string | undefined;
  /** This process's id. */
  readonly pid: number;
  /** Writes `text` (UTF-8) to stdout, synchronously and completely (safe right before exit). */
  writeStdout(text: string): void;
  /** Writes `text` (UTF-8) to stderr, synchronously and completely. Logging goes here. */
  writeStderr(text: string): void;
  /** Whether fd 1 (stdout) or 2 (stderr) is a terminal (isatty(3)). */
  isatty(fd: 1 | 2): boolean;
  /**
   * Calls `handler` each time `signal` arrives (instead of the default action: terminating).
   * Returns the function that removes this handler (the default action comes back when none is left).
   */
  onSignal(signal: SignalName, handler: () => void): () => void;
  /** Ends the process now with `code` (0–255), after stdout/stderr were flushed. */
  exit(code: number): never;
  /**
   * The JS heap of this process, bytes: QuickJS's allocator total (JS_ComputeMemoryUsage
   * malloc_size; garbage not yet collected included) or V8's heapUsed; where the runtime counts
   * them (QuickJS): objects, strings and their bytes, atoms, shapes, fast-array elements,
   * ArrayBuffer bytes. With `collect`, a full garbage collection first (QuickJS JS_RunGC; on Node
   * only when started with --expose-gc). Walks the heap on QuickJS (about 1 ms per MB): not for
   * hot paths.
   */
  heapUsage(collect?: boolean): HeapUsage;
}
