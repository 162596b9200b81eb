// Tests of the qmi4g_native C module, run on QuickJS by the qjs test host (scripts/qjs-tests.mjs):
// natively and, for mipsel/mips, under qemu-user. Peers are real: socat listens on a unix stream
// socket and a UDP port; /dev/null is the character device. Prints one line per check and
// "Total: N / Passed: N"; exits 1 on any failure.
import * as std from 'std';
import * as os from 'os';
import * as n from 'qmi4g_native';

let total = 0;
let passed = 0;
function check(name, fn) {
  total++;
  try {
    fn();
    passed++;
    std.out.puts(`  ok   ${name}\n`);
  } catch (e) {
    std.out.puts(`  FAIL ${name}: ${e && e.message}\n`);
  }
}
function eq(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}
function oneOf(actual, list, what) {
  if (!list.includes(actual)) throw new Error(`${what}: expected one of ${list.join('|')}, got ${String(actual)}`);
}
function throwsRange(fn, what) {
  try { fn(); } catch (e) { if (e instanceof RangeError) return; throw new Error(`${what}: threw ${e}`); }
  throw new Error(`${what}: did not throw`);
}

const underQemu = n.ARCH === 'mips' || n.ARCH === 'mipsel';
const tmp = `/tmp/qmi4g-native-${os.getpid()}`;
os.mkdir(tmp, 0o700);
const children = [];

/** Starts socat with `args`; returns its pid. */
function socat(...args) {
  const quiet = os.open('/dev/null', os.O_WRONLY);
  const pid = os.exec(['socat', ...args], { block: false, usePath: true, stderr: quiet });
  os.close(quiet);
  children.push(pid);
  return pid;
}
/** Waits up to 3 s for `path` to exist (the listener socket of a child). */
function waitForPath(path) {
  for (let i = 0; i < 300; i++) {
    if (os.stat(path)[1] === 0) return;
    os.sleep(10);
  }
  throw new Error(`${path} did not appear`);
}
/** recv() until `want` bytes arrived or 3 s passed; returns the bytes as a string. */
function recvAll(fd, want) {
  const buf = new ArrayBuffer(256);
  let got = '';
  for (let i = 0; i < 300 && got.length < want; i++) {
    const r = n.recv(fd, buf, 0, buf.byteLength);
    if (r > 0) got += String.fromCharCode(...new Uint8Array(buf, 0, r));
    else if (r === 0) break;
    else if (r === -n.EAGAIN) os.sleep(10);
    else throw new Error(`recv: ${n.errnoName(r)}`);
  }
  return got;
}
function bytes(s) {
  const u = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u.buffer;
}

check('architecture constants come from the target headers', () => {
  if (underQemu) {
    eq(n.O_NONBLOCK, 0x80, 'O_NONBLOCK');
    eq(n.O_NOCTTY, 0x800, 'O_NOCTTY');
    eq(n.IOCTL_WDM_MAX_COMMAND, 0x400248a0, 'IOCTL_WDM_MAX_COMMAND');
  } else if (n.ARCH === 'x86_64') {
    eq(n.O_NONBLOCK, 0x800, 'O_NONBLOCK');
    eq(n.O_NOCTTY, 0x100, 'O_NOCTTY');
    eq(n.IOCTL_WDM_MAX_COMMAND >>> 0, 0x800248a0, 'IOCTL_WDM_MAX_COMMAND');
  }
  eq(os.O_RDWR, n.O_RDWR, 'O_RDWR agrees with qjs os');
  eq(os.SIGTERM, n.SIGTERM, 'SIGTERM agrees with qjs os');
});

check('errnoName names errno values, either sign; unknown ones as E<n>', () => {
  eq(n.errnoName(n.ENOENT), 'ENOENT', 'ENOENT');
  eq(n.errnoName(-n.EAGAIN), 'EAGAIN', '-EAGAIN');
  eq(n.errnoName(-n.ECONNREFUSED), 'ECONNREFUSED', 'ECONNREFUSED');
  eq(n.errnoName(4000), 'E4000', 'unknown');
});

check('memoryUsage: [malloc bytes, blocks, objects]; cyclic garbage is counted until gc, gone after memoryUsage(true)', () => {
  const [bytes0, blocks0, objects0] = n.memoryUsage(true);
  if (!(bytes0 > 10000 && blocks0 > 10 && objects0 > 10)) throw new Error(`implausible: ${[bytes0, blocks0, objects0]}`);
  // 2000 objects in reference cycles: refcounting cannot free them, only the cycle collector
  for (let i = 0; i < 2000; i++) { const a = {}; const b = { a }; a.b = b; }
  const [, , withGarbage] = n.memoryUsage(false);
  const [, , after] = n.memoryUsage(true);
  // the allocator may have collected some cycles on its own meanwhile, never the last ones
  if (!(withGarbage > after)) throw new Error(`garbage not counted before gc: ${withGarbage} then ${after}`);
  if (after > objects0 + 100) throw new Error(`gc left ${after - objects0} objects`);
});

check('unixConnect to a missing socket returns -ENOENT; an overlong path -ENAMETOOLONG', () => {
  eq(n.unixConnect(`${tmp}/none.sock`), -n.ENOENT, 'missing');
  eq(n.errnoName(n.unixConnect(`/${'x'.repeat(200)}`)), 'ENAMETOOLONG', 'overlong');
});

check('unix stream socket: send and recv through a real peer (socat echo), non-blocking', () => {
  const path = `${tmp}/echo.sock`;
  socat(`UNIX-LISTEN:${path}`, 'PIPE');
  waitForPath(path);
  const fd = n.unixConnect(path);
  if (fd < 0) throw new Error(`connect: ${n.errnoName(fd)}`);
  eq(n.recv(fd, new ArrayBuffer(8), 0, 8), -n.EAGAIN, 'recv before data');
  eq(n.send(fd, bytes('xhello qmi4g'), 1, 11), 11, 'sent');
  eq(recvAll(fd, 11), 'hello qmi4g', 'echoed');
  os.close(fd);
});

check('send to a peer that went away returns -EPIPE/-ECONNRESET, no SIGPIPE', () => {
  const path = `${tmp}/gone.sock`;
  socat(`UNIX-LISTEN:${path}`, 'EXEC:true');
  waitForPath(path);
  const fd = n.unixConnect(path);
  if (fd < 0) throw new Error(`connect: ${n.errnoName(fd)}`);
  let r = 0;
  for (let i = 0; i < 300 && r >= 0; i++) {
    r = n.send(fd, bytes('x'), 0, 1);
    if (r >= 0) os.sleep(10);
  }
  oneOf(n.errnoName(r), ['EPIPE', 'ECONNRESET'], 'send after close');
  os.close(fd);
});

check('send/recv refuse a range outside the buffer', () => {
  throwsRange(() => n.send(0, new ArrayBuffer(4), 2, 3), 'send');
  throwsRange(() => n.recv(0, new ArrayBuffer(4), 5, 0), 'recv');
});

check('udpConnect bound to a device (SO_BINDTODEVICE lo) exchanges datagrams with a real peer', () => {
  const port = 20000 + (os.getpid() % 20000);
  socat(`UDP4-LISTEN:${port},bind=127.0.0.1`, 'PIPE');
  os.sleep(200); // socat has no file to wait for; a lost first datagram is retried below
  const fd = n.udpConnect('127.0.0.1', port, 'lo');
  if (fd < 0) throw new Error(`udpConnect: ${n.errnoName(fd)}`);
  let got = '';
  for (let i = 0; i < 5 && !got; i++) {
    eq(n.send(fd, bytes('dns?'), 0, 4), 4, 'sent');
    got = recvAll(fd, 4);
  }
  eq(got, 'dns?', 'echoed datagram');
  os.close(fd);
});

check('udpConnect: unknown device -ENODEV, bad address -EINVAL, IPv6 literal accepted', () => {
  eq(n.errnoName(n.udpConnect('127.0.0.1', 53, 'nosuchdev0')), 'ENODEV', 'device');
  eq(n.udpConnect('not-an-ip', 53, ''), -n.EINVAL, 'address');
  const fd = n.udpConnect('::1', 53, '');
  if (fd < 0) oneOf(n.errnoName(fd), ['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'ENETUNREACH'], 'IPv6 absent');
  else os.close(fd);
  throwsRange(() => n.udpConnect('127.0.0.1', 70000, ''), 'port');
});

check('fstat: /dev/null is char 1:3, a regular file is not a char device, a closed fd -EBADF', () => {
  const c = os.open('/dev/null', os.O_RDONLY);
  const st = n.fstat(c);
  eq(st.isChar, true, '/dev/null isChar');
  eq(`${st.major}:${st.minor}`, '1:3', '/dev/null rdev');
  const f = os.open(`${tmp}/file`, os.O_RDWR | os.O_CREAT, 0o600);
  eq(n.fstat(f).isChar, false, 'regular file');
  os.close(f);
  eq(n.fstat(f), -n.EBADF, 'closed');
  // IOCTL_WDM_MAX_COMMAND on a character device that is not cdc-wdm: the kernel refuses it.
  // qemu-user does not know this ioctl and answers ENOSYS itself before the kernel sees it.
  oneOf(n.errnoName(n.wdmMaxCommand(c)), underQemu ? ['ENOTTY', 'ENOSYS'] : ['ENOTTY'], 'wdmMaxCommand(/dev/null)');
  eq(n.errnoName(n.ttyRaw(c, 115200)), 'ENOTTY', 'ttyRaw(/dev/null)');
  os.close(c);
});

check('open /dev/ptmx with the module\'s O_NONBLOCK|O_NOCTTY: an empty read does not block; ttyRaw sets raw mode', () => {
  // a pty master stands for a control port: open /dev/ptmx as the daemon opens ports
  const fd = os.open('/dev/ptmx', n.O_RDWR | n.O_NOCTTY | n.O_NONBLOCK);
  if (fd < 0) throw new Error(`open /dev/ptmx: ${n.errnoName(fd)}`);
  eq(n.errnoName(os.read(fd, new ArrayBuffer(16), 0, 16)), 'EAGAIN', 'read');
  eq(n.ttyRaw(fd, 115200), 0, 'ttyRaw 115200 on a pty');
  eq(n.ttyRaw(fd, 12345), -n.EINVAL, 'ttyRaw at an unknown baud');
  eq(os.isatty(fd), true, 'still a tty');
  os.close(fd);
});

check('unixListen on an abstract name, unixConnect by "@name", unixAccept, peerUid; EADDRINUSE twice; EAGAIN when none waits', () => {
  const name = `@qmi4g-native-${os.getpid()}`;
  const l = n.unixListen(name, 8);
  if (l < 0) throw new Error(`unixListen: ${n.errnoName(l)}`);
  eq(n.errnoName(n.unixListen(name, 8)), 'EADDRINUSE', 'second bind');
  eq(n.unixAccept(l), -n.EAGAIN, 'accept with none waiting');
  const c = n.unixConnect(name);
  if (c < 0) throw new Error(`unixConnect: ${n.errnoName(c)}`);
  let a = -n.EAGAIN;
  for (let i = 0; i < 300 && a === -n.EAGAIN; i++) { a = n.unixAccept(l); if (a === -n.EAGAIN) os.sleep(10); }
  if (a < 0) throw new Error(`unixAccept: ${n.errnoName(a)}`);
  eq(n.peerUid(a), n.peerUid(c), 'peer uid (both ends are this process)');
  if (n.peerUid(a) < 0) throw new Error(`peerUid: ${n.errnoName(n.peerUid(a))}`);
  eq(n.send(c, bytes('qmux'), 0, 4), 4, 'sent');
  eq(recvAll(a, 4), 'qmux', 'received on the accepted socket');
  os.close(c); os.close(a); os.close(l);
  eq(n.unixConnect(name), -n.ECONNREFUSED, 'the name is gone with the socket');
  eq(n.errnoName(n.unixListen(`@${'x'.repeat(120)}`, 8)), 'ENAMETOOLONG', 'overlong');
});

check('unixListen on a filesystem path: a real client (socat) connects and is accepted', () => {
  const path = `${tmp}/listen.sock`;
  const l = n.unixListen(path, 8);
  if (l < 0) throw new Error(`unixListen: ${n.errnoName(l)}`);
  socat('-u', 'OPEN:/dev/null', `UNIX-CONNECT:${path}`);
  let a = -n.EAGAIN;
  for (let i = 0; i < 300 && a === -n.EAGAIN; i++) { a = n.unixAccept(l); if (a === -n.EAGAIN) os.sleep(10); }
  if (a < 0) throw new Error(`unixAccept: ${n.errnoName(a)}`);
  os.close(a); os.close(l);
});

for (const pid of children) { os.kill(pid, n.SIGTERM); os.waitpid(pid, 0); }
for (const f of ['echo.sock', 'gone.sock', 'file', 'listen.sock']) os.remove(`${tmp}/${f}`);
os.remove(tmp);
std.out.puts(`Total: ${total}\nPassed: ${passed}\n`);
std.exit(passed === total ? 0 : 1);
