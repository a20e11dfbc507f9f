export interface VitestJsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: Array<{ name?: string; assertionResults?: Array<{ fullName?: string; title?: string; duration?: number }> }>;
}
export declare function countReport(j: VitestJsonReport): { passed: number; failed: number; skipped: number };
export declare function slowestTests(j: VitestJsonReport, root: string, n?: number): Array<{ ms: number; file: string; name: string }>;
export declare function formatSeconds(s: number): string;
