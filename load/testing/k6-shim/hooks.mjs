// Module hooks of the k6 shim: `k6` and `k6/*` imports resolve to small modules re-exporting runtime.ts.
const RUNTIME = new URL('./runtime.ts', import.meta.url).href;

const MODULES = {
  k6: `export { check, sleep } from '${RUNTIME}';`,
  'k6/http': `import { http } from '${RUNTIME}'; export default http;`,
  'k6/execution': `import { exec } from '${RUNTIME}'; export default exec;`,
  'k6/metrics': `export { Trend, Counter } from '${RUNTIME}';`,
  'k6/data': `export { SharedArray } from '${RUNTIME}';`,
  'k6/crypto': `import { crypto } from '${RUNTIME}'; export default crypto;`,
  'k6/encoding': `import { encoding } from '${RUNTIME}'; export default encoding;`,
};

export async function resolve(specifier, context, next) {
  const source = MODULES[specifier];
  if (source !== undefined) return { url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true };
  return next(specifier, context);
}
