import type { LoadSection } from '../../model.js';

/** How the load run was driven, for a heading: `50 VUs, 30 s`, or `open loop at 150 calls/s (up to 50 VUs), 30 s, 0 dropped`. */
export function loadRunShape(load: LoadSection): string {
  const shape =
    load.mode === 'open'
      ? `open loop at ${load.arrivalRatePerS} calls/s (up to ${load.vus} VUs), ${load.durationS} s, ${load.droppedIterations ?? 0} dropped`
      : `${load.vus} VUs, ${load.durationS} s`;
  return load.shards ? `${shape}, ${load.shards} shards merged` : shape;
}

/** The proxy's memory over the run, when it was measured: `proxy RSS 80 → 82 MB (peak 90 MB), slope 0.01 MB/min`. */
export function proxyMemoryLine(load: LoadSection): string | undefined {
  const m = load.proxyMemory;
  return m ? `proxy RSS ${m.startRssMb} → ${m.endRssMb} MB (peak ${m.peakRssMb} MB), slope ${m.slopeMbPerMin} MB/min` : undefined;
}
