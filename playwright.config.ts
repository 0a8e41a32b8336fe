import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium-args.cjs';
import { ADMIN_STATE as adminState } from './tests/e2e/lab';

/**
 * End-to-end tests against the lab (tests/lab/up.sh: nginx + PHP-FPM + MariaDB on loopback), in
 * Debian's Chromium. Playwright never downloads a browser here.
 */
const baseURL =
	process.env.TRIAGE_E2E_URL ??
	`http://127.0.0.1:${ process.env.TRIAGE_LAB_PORT ?? '8889' }`;

export default defineConfig( {
	testDir: 'tests/e2e/specs',
	// One folder per WordPress version when bin/test.sh runs the suite on each.
	outputDir: process.env.TRIAGE_E2E_OUTPUT ?? 'artifacts/e2e/results',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: [ [ 'list' ] ],
	use: {
		baseURL,
		screenshot: 'only-on-failure',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: CHROMIUM_PATH,
			args: [ ...CHROMIUM_ARGS ],
		},
	},
	projects: [
		{ name: 'login', testMatch: /login\.setup\.ts/ },
		{
			name: 'install',
			testMatch: /install\.spec\.ts/,
			dependencies: [ 'login' ],
			use: { storageState: adminState },
		},
		{
			name: 'lab',
			testIgnore: /(install\.spec|login\.setup)\.ts/,
			dependencies: [ 'install' ],
			use: { storageState: adminState },
		},
	],
} );
