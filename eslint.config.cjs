/**
 * ESLint flat config: the WordPress recommended rules (with Prettier), plus Playwright rules for e2e specs.
 */
const wpPlugin = require( '@wordpress/eslint-plugin' );

module.exports = [
	{
		ignores: [
			'build/**',
			'node_modules/**',
			'vendor/**',
			'.cache/**',
			'artifacts/**',
			'playwright-report/**',
			'test-results/**',
			'assets/**',
		],
	},
	...wpPlugin.configs.recommended,
	...wpPlugin.configs[ 'test-playwright' ].map( ( config ) => ( {
		...config,
		files: [ 'tests/e2e/**/*.ts' ],
	} ) ),
	{
		settings: {
			// Types and externals resolve at build time; the import plugin cannot see WordPress globals.
			'import/resolver': { node: { extensions: [ '.js', '.ts', '.tsx' ] } },
		},
		rules: {
			// Dependency extraction maps @wordpress/* to WordPress's own scripts: they are devDependencies.
			'import/no-extraneous-dependencies': 'off',
		},
	},
	{
		files: [ 'bin/**/*.mjs', 'tests/**/*.mjs' ],
		languageOptions: {
			globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
		},
		rules: { 'no-console': 'off' },
	},
];
