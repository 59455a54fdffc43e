/**
 * User Timing marks for one scan (decoded → checked → logged → verdict), visible in the
 * browser's performance panel and read by the scan-to-verdict bench to split the latency.
 * Only the latest scan's marks are kept, so a day of scanning does not grow the buffer.
 */
const STAGES = ['gatecheck:decoded', 'gatecheck:checked', 'gatecheck:logged', 'gatecheck:verdict'] as const;

/** One stage of a scan. */
export type ScanStage = (typeof STAGES)[number];

/** Marks a stage; 'gatecheck:decoded' starts a new scan and clears the previous one's marks. */
export function markScanStage(stage: ScanStage, detail?: Record<string, number | string>): void {
  if (typeof performance?.mark !== 'function') return;
  if (stage === 'gatecheck:decoded') for (const name of STAGES) performance.clearMarks(name);
  performance.mark(stage, detail ? { detail } : undefined);
}
