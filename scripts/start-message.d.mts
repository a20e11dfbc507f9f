export declare function binaryPathFrom(stdout: string): string;
export declare function failureReason(stderr: string): string;
export declare function explainNoElectron(reason: string): string;
