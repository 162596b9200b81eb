// qmi4gd for this machine (npm run build:router) on the real ubusd with a simulated modem: test/router/smoke.ts.
import { test } from 'uvu';
import { smokeTests } from './smoke';

smokeTests(test, 'native');
test.run();
