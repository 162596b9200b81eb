// The MIPS smoke tests: the mipsel build (ramips routers) and the big-endian mips build (ath79) of
// qmi4gd (QMI4G_TARGET=mipsel|mips npm run build:router) under qemu-user do the main job against
// the simulator — the checks of test/router/smoke.ts.
import { suite } from 'uvu';
import { smokeTests } from './smoke';

for (const target of ['mipsel', 'mips'] as const) {
  const t = suite(target);
  smokeTests(t, target);
  t.run();
}
