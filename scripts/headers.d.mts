// Types for headers.mjs (imported by vite.config.ts as well as by Node scripts).
export declare const ISOLATION_HEADERS: Readonly<Record<string, string>>;
export declare const CONTENT_SECURITY_POLICY: string;
export declare const SECURITY_HEADERS: Readonly<Record<string, string>>;
export declare const PRODUCTION_HEADERS: Readonly<Record<string, string>>;
export declare function errorReportsURL(url?: string): string;
