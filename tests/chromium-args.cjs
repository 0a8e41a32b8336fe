/**
 * How every browser test here launches Debian's Chromium: the Playwright config (TypeScript) and the smoke
 * scripts (plain Node ESM) both import this file. CommonJS, because both can load it as it is: Node's ESM
 * import reads its named exports, and Playwright compiles its TypeScript config to require() calls.
 */

/** The browser: Debian's Chromium, or CHROMIUM_PATH. Playwright never downloads one here. */
exports.CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launch arguments: no sandbox (the tests run as root, where Chromium's sandbox will not start), no GPU,
 * and nothing that reaches out to the network on its own (QUIC, background networking, component updates,
 * sync): the tests run offline.
 */
exports.CHROMIUM_ARGS = Object.freeze( [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
] );
