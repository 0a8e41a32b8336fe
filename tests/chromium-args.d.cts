/** Types of chromium-args.cjs, for playwright.config.ts. */
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: readonly string[];
