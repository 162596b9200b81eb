// The qjs test host: QuickJS with the qmi4g_native C module linked in (built by
// scripts/build-router.mjs --test-host), running the ES module file given as its argument, the
// way qmi4gd runs its own bundle. `qjs-test FILE.js [ARGS...]`; the file sees scriptArgs.slice(1).
import * as std from 'std';
// imported so that qjsc links them in for the scripts this host runs
import * as os from 'os';
import * as native from 'qmi4g_native';
void os; void native;

const file = scriptArgs[1];
if (!file) {
  std.err.puts('usage: qjs-test FILE.js [ARGS...]\n');
  std.exit(2);
}
// the script sees itself as the program: scriptArgs = [file, args…], as qmi4gd sees [qmi4gd, args…]
globalThis.scriptArgs = scriptArgs.slice(1);
import(file.startsWith('/') ? file : `${std.getenv('PWD') ?? '.'}/${file}`).catch((e) => {
  std.err.puts(`qjs-test: ${file}: ${e}\n${(e && e.stack) || ''}\n`);
  std.exit(1);
});
