export declare const workerEntries: Record<string, string>;
export declare function buildCli(): Promise<void>;
