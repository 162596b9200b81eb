// `npm run fuzz -- [--minutes N] [--seed S]`: fast-check fuzzing of every decoder for N minutes, with per-decoder counts, crashes and heap use.
//
// Targets and their allowed (typed) errors: test/unit/fuzz/decoders.ts. Time is shared round-robin
// in slices of about a second per target; each slice is one fast-check run with the next seed, so
// a crash report's seed replays it (`FUZZ_TARGETS[i].run(numRuns, seed)`). A decoder call over
// MAX_CALL_MS counts as a hang (a crash). Exit status 1 when anything crashed.

import { FUZZ_TARGETS, MAX_CALL_MS } from '../test/unit/fuzz/decoders';

interface Stats { executions: number; crashes: number; ms: number; firstCrash?: string }

function parseArgs(argv: readonly string[]): { minutes: number; seed: number } {
  let minutes = 5;
  let seed = Date.now() % 0x7fffffff;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--minutes') minutes = Number(value());
    else if (a === '--seed') seed = Number(value());
    else if (a === '--help' || a === '-h') { process.stdout.write('usage: npm run fuzz -- [--minutes N (default 5)] [--seed S]\n'); process.exit(0); }
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(minutes > 0) || !Number.isFinite(minutes)) throw new Error('--minutes must be a positive number');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  return { minutes, seed };
}

function mib(n: number): string { return `${(n / 1048576).toFixed(1)} MiB`; }

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function main(): number {
  const { minutes, seed } = parseArgs(process.argv.slice(2));
  const deadline = Date.now() + minutes * 60_000;
  const sliceMs = 1000;
  const stats = new Map<string, Stats>(FUZZ_TARGETS.map((t) => [t.name, { executions: 0, crashes: 0, ms: 0 }]));
  const batch = new Map<string, number>(FUZZ_TARGETS.map((t) => [t.name, t.name === 'qmux' ? 20 : 200]));
  const heapBefore = heapUsed();
  let heapPeak = heapBefore;
  let nextSeed = seed;
  process.stdout.write(`fuzzing ${FUZZ_TARGETS.length} decoder families for ${minutes} min, seed ${seed}, call limit ${MAX_CALL_MS} ms\n`);

  let round = 0;
  while (Date.now() < deadline) {
    for (const t of FUZZ_TARGETS) {
      if (Date.now() >= deadline) break;
      const st = stats.get(t.name)!;
      const n = batch.get(t.name)!;
      const s = nextSeed++;
      const t0 = Date.now();
      try {
        st.executions += t.run(n, s);
      } catch (e) {
        st.crashes++;
        st.firstCrash ??= `seed ${s}, numRuns ${n}: ${String((e as Error)?.message ?? e).slice(0, 800)}`;
      }
      const ms = Date.now() - t0;
      st.ms += ms;
      // Aim each slice at about sliceMs: grow at most 4x per slice (a fast slice says little), never below 1 run.
      const factor = Math.min(4, sliceMs / Math.max(1, ms));
      batch.set(t.name, Math.max(1, Math.min(200_000, Math.round(n * factor))));
    }
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    if (++round % 10 === 0) {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      process.stdout.write(`  round ${round}, ${left} s left, heap ${mib(process.memoryUsage().heapUsed)}\n`);
    }
  }

  const heapAfter = heapUsed();
  let crashes = 0;
  for (const t of FUZZ_TARGETS) {
    const st = stats.get(t.name)!;
    crashes += st.crashes;
    process.stdout.write(`${t.name}: ${st.executions} executions, ${st.crashes} crashes (${(st.ms / 1000).toFixed(0)} s; allowed errors: ${t.allowed.join(', ')})\n`);
    if (st.firstCrash) process.stdout.write(`  first crash: ${st.firstCrash}\n`);
  }
  const total = [...stats.values()].reduce((a, s) => a + s.executions, 0);
  process.stdout.write(`total: ${total} executions, ${crashes} crashes\n`);
  process.stdout.write(`heapUsed: before ${mib(heapBefore)}, peak ${mib(heapPeak)}, after ${mib(heapAfter)}${(globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: after is not collected)'}\n`);
  process.stdout.write(crashes === 0 ? 'zero crashes\n' : `${crashes} crashing slices\n`);
  return crashes === 0 ? 0 : 1;
}

process.exitCode = main();
