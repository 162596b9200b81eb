// The file subset of types.ts (PlatformFs) on QuickJS's os module, synchronous, PlatformError on failure.
import * as os from 'qjs:os';
import * as native from 'qmi4g_native';
import { platformError } from '../errors';
import type { FileKind, FileStat, PlatformFs } from '../types';
import { abRange, check, checkPair, errnoError } from './sys';
import { decodeUtf8 as utf8Decode, encodeUtf8 as utf8Encode } from '../../util/utf8';

function kindOf(mode: number): FileKind {
  switch (mode & os.S_IFMT) {
    case os.S_IFREG: return 'file';
    case os.S_IFDIR: return 'dir';
    case os.S_IFCHR: return 'char';
    case os.S_IFBLK: return 'block';
    case os.S_IFIFO: return 'fifo';
    case os.S_IFSOCK: return 'socket';
    case os.S_IFLNK: return 'symlink';
    default: return 'other';
  }
}

/** Whole file `path` as bytes (read until end of file: sysfs files report a size of 4096). */
function readBytes(path: string): Uint8Array {
  const fd = check(os.open(path, native.O_RDONLY | native.O_CLOEXEC), 'open', path);
  try {
    let buf = new Uint8Array(4096);
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const n = os.read(fd, buf.buffer as ArrayBuffer, len, buf.length - len);
      if (n === -native.EINTR) continue;
      check(n, 'read', path);
      if (n === 0) return buf.slice(0, len);
      len += n;
    }
  } finally {
    os.close(fd);
  }
}

function writeFile(path: string, data: string | Uint8Array, mode = 0o644): void {
  const bytes = typeof data === 'string' ? utf8Encode(data) : data;
  const fd = check(os.open(path, native.O_WRONLY | native.O_CREAT | native.O_TRUNC | native.O_CLOEXEC, mode), 'open', path);
  try {
    const [ab, off, len] = abRange(bytes);
    let done = 0;
    while (done < len) {
      const n = os.write(fd, ab, off + done, len - done);
      if (n === -native.EINTR) continue;
      done += check(n, 'write', path);
    }
  } finally {
    os.close(fd);
  }
}

function stat(path: string, follow = true): FileStat {
  const st = checkPair(follow ? os.stat(path) : os.lstat(path), follow ? 'stat' : 'lstat', path);
  return { kind: kindOf(st.mode), size: st.size, mtimeMs: st.mtime };
}

/** PlatformFs on QuickJS (see types.ts). */
export const qjsFs: PlatformFs = {
  readBytes,
  readText: (path) => utf8Decode(readBytes(path)),
  writeFile,
  writeFileAtomic(path, data, mode) {
    const tmp = `${path}.${os.getpid()}.tmp`;
    try {
      writeFile(tmp, data, mode);
      check(os.rename(tmp, path), 'rename', path);
    } catch (e) {
      os.remove(tmp);
      throw e;
    }
  },
  exists: (path) => os.stat(path)[1] === 0,
  readdir: (path) => checkPair(os.readdir(path), 'readdir', path).filter((n) => n !== '.' && n !== '..'),
  realpath: (path) => checkPair(os.realpath(path), 'realpath', path),
  readlink: (path) => checkPair(os.readlink(path), 'readlink', path),
  stat,
  mkdirp(path, mode = 0o755) {
    const parts = path.split('/');
    let cur = path.startsWith('/') ? '' : '.';
    for (const p of parts) {
      if (!p) continue;
      cur = `${cur}/${p}`;
      const r = os.mkdir(cur, mode);
      if (r >= 0) continue;
      const [st, e] = os.stat(cur);
      if (e !== 0) throw errnoError(r, 'mkdir', cur);
      if (kindOf(st.mode) !== 'dir') throw platformError('ENOTDIR', `mkdir ${cur}: exists and is not a directory`, 'mkdir', cur);
    }
  },
  unlink(path) {
    // os.remove is remove(3): it would also remove an empty directory, unlink(2) does not
    if (stat(path, false).kind === 'dir') throw platformError('EISDIR', `unlink ${path}: is a directory`, 'unlink', path);
    check(os.remove(path), 'unlink', path);
  },
};
