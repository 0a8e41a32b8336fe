/**
 * ESLint flat config: the WordPress recommended rules (with Prettier), plus Playwright rules for e2e specs,
 * plus the app's layout: a feature imports only src/shared/, and src/shared/ imports no feature.
 */
const { readdirSync } = require( 'fs' );
const wpPlugin = require( '@wordpress/eslint-plugin' );

const FEATURES = readdirSync( `${ __dirname }/src/features`, {
	withFileTypes: true,
} )
	.filter( ( entry ) => entry.isDirectory() )
	.map( ( entry ) => entry.name );

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
			'import/resolver': {
				node: { extensions: [ '.js', '.ts', '.tsx' ] },
			},
		},
		rules: {
			// Dependency extraction maps @wordpress/* to WordPress's own scripts: they are devDependencies.
			'import/no-extraneous-dependencies': 'off',
		},
	},
	{
		files: [ 'src/**/*.{ts,tsx}' ],
		rules: {
			// TypeScript already names and types every parameter: a @param line is written when it says more.
			'jsdoc/require-param': 'off',
			'import/no-restricted-paths': [
				'error',
				{
					zones: [
						...FEATURES.map( ( feature ) => ( {
							target: `./src/features/${ feature }`,
							from: './src/features',
							except: [ `./${ feature }` ],
							message:
								'A feature imports src/shared/ and never another feature: move what both need to src/shared/.',
						} ) ),
						{
							target: './src/shared',
							from: [ './src/features', './src/app' ],
							message:
								'src/shared/ serves every feature and imports none of them.',
						},
						{
							target: './src/features',
							from: './src/app',
							message:
								'Features do not know the app shell that lists them.',
						},
					],
				},
			],
		},
	},
	{
		files: [ 'bin/**/*.mjs', 'tests/**/*.mjs' ],
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				URL: 'readonly',
			},
		},
		rules: { 'no-console': 'off' },
	},
];
