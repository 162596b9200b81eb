// `npx tsx bench/uci-parse.ts [N]`: time to parse one uci section with N options (default 100,000), plus re-set/list/delete churn.
import { parseUci } from '../src/uci';

const n = Number(process.argv[2] ?? 100_000);
const lines = ["config interface 'wan'"];
for (let i = 0; i < n; i++) lines.push(`\toption opt${i} 'value ${i}'`);
for (let i = 0; i < n; i += 10) lines.push(`\tlist opt${i} 'more'`);
for (let i = 1; i < n; i += 10) lines.push(`\toption opt${i} ''`);
const text = lines.join('\n');
const t0 = performance.now();
const pkg = parseUci(text);
const ms = performance.now() - t0;
process.stdout.write(`uci parse: ${n} options (${(text.length / 1048576).toFixed(1)} MiB) in ${ms.toFixed(0)} ms; ${pkg.sections[0]!.options.length} options kept\n`);
