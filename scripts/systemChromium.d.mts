// Types for systemChromium.mjs (imported by playwright.config.ts as well as by Node scripts).
export declare const SYSTEM_CHROMIUM: string;
export declare const SYSTEM_CHROMIUM_FLAGS: readonly string[];
