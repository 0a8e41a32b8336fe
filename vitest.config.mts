import { defineConfig } from 'vitest/config';

export default defineConfig( {
	test: {
		environment: 'jsdom',
		globals: true,
		include: [ 'src/**/test/*.test.{ts,tsx}' ],
		setupFiles: [ './src/test-setup.ts' ],
		// userEvent types key by key: a long form takes over 5 s (the default) on a busy 2-core machine.
		testTimeout: 15000,
	},
} );
