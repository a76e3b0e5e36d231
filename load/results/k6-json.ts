/**
 * k6's granular output (`k6 run --out json=…`, plain or gzipped NDJSON) as a load part: every call_duration sample
 * into the histogram, the counters from their points. k6's end-of-test summary only has aggregates, which cannot be
 * merged; its samples can. The run's shape comes from the scenario tags the scripts set (load/k6/lib/config.ts).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { METRICS, SHAPE_TAGS } from '../scenario/results.js';
import { SCENARIO_KEYS, SCENARIO_NAMES, type ScenarioName } from '../scenario/scenario.js';
import { encodeHistogram, newHistogram, recordMs } from './histogram.js';
import { PART_FORMAT, PartError, type LoadPart } from './part.js';
import { NO_COUNTS, type Counters, type RunShape } from './tally.js';

interface Point {
  readonly type: string;
  readonly metric: string;
  readonly data?: { readonly value?: number; readonly tags?: Record<string, string> | null };
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

const scenarioOfKey = (key: string): ScenarioName | undefined => SCENARIO_NAMES.find((name) => SCENARIO_KEYS[name] === key);

function shapeFrom(tags: Record<string, string>, scenario: ScenarioName, source: string): RunShape {
  const number = (name: string) => {
    const value = Number(tags[name]);
    if (!Number.isFinite(value) || value <= 0) throw new PartError(`${source}: the samples lack the ${name} tag the load/k6 scripts set; was it written by them?`);
    return value;
  };
  const mode = tags[SHAPE_TAGS.mode];
  if (mode !== 'open' && mode !== 'closed') throw new PartError(`${source}: the samples lack the ${SHAPE_TAGS.mode} tag the load/k6 scripts set; was it written by them?`);
  return {
    scenario,
    engine: 'k6',
    mode,
    vus: number(SHAPE_TAGS.vus),
    durationS: number(SHAPE_TAGS.durationS),
    ...(mode === 'open' ? { arrivalRatePerS: number(SHAPE_TAGS.rate) } : {}),
  };
}

export async function partFromK6Json(path: string): Promise<LoadPart> {
  let gzip: boolean;
  try {
    gzip = await isGzip(path);
  } catch (error) {
    throw new PartError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stream = createReadStream(path);
  const lines = createInterface({ input: gzip ? stream.pipe(createGunzip()) : stream, crlfDelay: Infinity });
  const histogram = newHistogram();
  const c: { -readonly [K in keyof Counters]: number } = { ...NO_COUNTS };
  let scenarioKey: string | undefined;
  let shapeTags: Record<string, string> | undefined;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let point: Point;
    try {
      point = JSON.parse(line) as Point;
    } catch {
      throw new PartError(`${path}:${lineNumber}: not a JSON line (is this k6's --out json output?)`);
    }
    if (point.type !== 'Point') continue;
    const tags = point.data?.tags ?? {};
    const value = Number(point.data?.value ?? 0);
    const key = tags.scenario;
    if (key === undefined || scenarioOfKey(key) === undefined) continue; // setup, teardown, other scenarios
    if (scenarioKey === undefined) {
      scenarioKey = key;
      shapeTags = tags;
    } else if (key !== scenarioKey) {
      throw new PartError(`${path}: samples of two scenarios (${scenarioKey} and ${key}); run one scenario per k6 test`);
    }
    switch (point.metric) {
      case METRICS.duration:
        recordMs(histogram, value);
        break;
      case METRICS.calls:
        c.calls += value;
        break;
      case METRICS.errors:
        c.errors += value;
        break;
      case METRICS.dropped:
        c.droppedIterations += value;
        break;
      case 'http_req_failed':
        c.httpRequests++;
        if (value !== 0) c.httpFailures++;
        break;
      case 'checks':
        if (value !== 0) c.checksPassed++;
        else c.checksFailed++;
        break;
    }
  }
  if (scenarioKey === undefined || shapeTags === undefined) throw new PartError(`${path}: no samples of the mcp or go_direct scenario`);
  return {
    format: PART_FORMAT,
    version: 1,
    shape: shapeFrom(shapeTags, scenarioOfKey(scenarioKey)!, path),
    counters: c,
    histogram: encodeHistogram(histogram),
  };
}
