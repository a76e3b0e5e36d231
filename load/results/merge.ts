/**
 * Shards (or k6 instances) into one summary: counters added, histograms added (exact to the histogram's resolution),
 * thresholds evaluated on the merged data, never averaged from the parts' verdicts.
 */
import { decodeHistogram, newHistogram } from './histogram.js';
import { PartError, type LoadPart } from './part.js';
import { NO_COUNTS, addCounters, judge, type Judged } from './tally.js';

const sameShape = (a: LoadPart, b: LoadPart) => JSON.stringify(a.shape) === JSON.stringify(b.shape);

/** Every part must come from the same run shape; built-in shards must be exactly 1..N, each once. */
function checkComplete(parts: readonly LoadPart[], sources: readonly string[]): void {
  if (parts.length === 0) throw new PartError('nothing to merge: name the result files of every shard');
  const first = parts[0]!;
  parts.forEach((part, i) => {
    if (!sameShape(first, part)) {
      throw new PartError(`${sources[i]} is from another run shape (${JSON.stringify(part.shape)}) than ${sources[0]} (${JSON.stringify(first.shape)})`);
    }
  });
  const sharded = parts.filter((p) => p.shard !== undefined);
  if (sharded.length === 0) return; // k6 instances: k6's execution segments partition the run
  if (sharded.length !== parts.length) throw new PartError('mixes built-in shards with k6 results: merge each run on its own');
  const total = sharded[0]!.shard!.count;
  const seen = new Map<number, string>();
  parts.forEach((part, i) => {
    if (part.shard!.count !== total) throw new PartError(`${sources[i]} is shard ${part.shard!.index}/${part.shard!.count}, the others are of ${total}`);
    const twin = seen.get(part.shard!.index);
    if (twin) throw new PartError(`shard ${part.shard!.index}/${total} twice: ${twin} and ${sources[i]}`);
    seen.set(part.shard!.index, sources[i]!);
  });
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new PartError(`shards ${missing.map((m) => `${m}/${total}`).join(', ')} missing: a merged summary of part of a run would understate its load`);
}

export function mergeParts(parts: readonly LoadPart[], sources: readonly string[] = parts.map((_, i) => `part ${i + 1}`)): Judged {
  checkComplete(parts, sources);
  const histogram = newHistogram();
  let counters = NO_COUNTS;
  for (const part of parts) {
    histogram.add(decodeHistogram(part.histogram));
    counters = addCounters(counters, part.counters);
  }
  return judge(parts[0]!.shape, counters, histogram, { shards: parts.length });
}
