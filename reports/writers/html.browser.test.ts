/**
 * report.html in a real Chromium (Debian's, at /usr/bin/chromium, driven by playwright-core): it renders from
 * file://, filters rows, expands evidence, draws the histogram, keeps hostile evidence inert and requests nothing.
 * The screenshot is kept at reports/out/screenshots/report.png (reports/out is git-ignored).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleReport, HOSTILE_ATTRIBUTE, HOSTILE_SCRIPT, LATENCY_HISTOGRAM } from '../testing/sample-report.js';
import { optionalRequirement } from '../../framework/testing/optional.js';
import { writeReports } from './index.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SKIP_REASON = `skipped: ${optionalRequirement(HAS_CHROMIUM, CHROMIUM, "apt-get install chromium; never `npx playwright install`") ?? ''}`;
const OUT_DIR = fileURLToPath(new URL('../out/browser-test/', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../out/screenshots/report.png', import.meta.url));

// Browser globals used inside page.evaluate: the project compiles without the DOM lib, so declare just these here.
declare const DOMParser: new () => {
  parseFromString(text: string, type: string): { querySelector(selector: string): { textContent: string | null } | null; querySelectorAll(selector: string): { length: number } };
};
declare const window: { __pwned?: unknown };

if (!HAS_CHROMIUM) console.warn(`reports/writers/html.browser.test.ts ${SKIP_REASON}`);

describe.skipIf(!HAS_CHROMIUM)(`report.html in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  const report = buildSampleReport();
  let browser: Browser;
  let page: Page;
  let fileUrl: string;
  let junitXml: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  /** ids of the check rows currently displayed */
  const visibleIds = async (): Promise<string[]> => {
    const rows = await page.locator('details.check:visible').all();
    return Promise.all(rows.map(async (row) => (await row.getAttribute('data-id')) ?? ''));
  };
  const idsWhere = (keep: (c: (typeof report.checks)[number]) => boolean): string[] => report.checks.filter(keep).map((c) => c.id);
  const filter = (kind: 'area' | 'status', value: string): Promise<void> => page.click(`button[data-filter="${kind}"][data-value="${value}"]`);

  beforeAll(async () => {
    const paths = await writeReports(report, OUT_DIR);
    const htmlPath = paths.find((p) => p.endsWith('report.html'))!;
    junitXml = await readFile(paths.find((p) => p.endsWith('junit.xml'))!, 'utf8');
    fileUrl = pathToFileURL(htmlPath).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the verdict, the target and one row per check, with its script allowed by the CSP', async () => {
    expect(await page.textContent('#verdict h1')).toContain('Verification failed');
    expect(await page.textContent('#verdict')).toContain('staging');
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('failed');
    expect(await page.locator('details.check').count()).toBe(report.checks.length);
    expect(await page.textContent('[data-counter="blocking"] .n')).toBe('2');
    // the filters are revealed by the script: it ran, so the CSP hash matches
    expect(await page.isVisible('.filters')).toBe(true);
    expect(await visibleIds()).toEqual(report.checks.map((c) => c.id));
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('filters rows by area and by status, and says when nothing matches', async () => {
    await filter('area', 'latency');
    expect(await visibleIds()).toEqual(['LAT-002', 'LAT-003']);
    expect(await page.textContent('#shown-count')).toBe('2');
    expect(await page.getAttribute('button[data-filter="area"][data-value="latency"]', 'aria-pressed')).toBe('true');

    await filter('status', 'warned');
    expect(await visibleIds()).toEqual(['LAT-003']);

    await filter('area', 'all');
    expect(await visibleIds()).toEqual(idsWhere((c) => c.status === 'warned'));

    await filter('status', 'failed');
    expect(await visibleIds()).toEqual(['E2E-GO-ERRORS', 'SEC-SKEW-REPLAY']);

    await filter('area', 'security/https');
    expect(await visibleIds()).toEqual([]);
    expect(await page.isVisible('#no-match')).toBe(true);

    await filter('status', 'all');
    expect(await visibleIds()).toEqual(['SEC-HTTPS-HSTS']);
    await filter('area', 'all');
    expect(await visibleIds()).toHaveLength(report.checks.length);
    expect(await page.isVisible('#no-match')).toBe(false);
  });

  it('expands a check to show its message, requirement and evidence — hostile markup shown as text, never run', async () => {
    const row = page.locator('details.check[data-id="E2E-GO-ERRORS"]');
    expect(await row.locator('.ev-http').isVisible()).toBe(false);
    await row.locator('summary').click();
    expect(await row.getAttribute('open')).not.toBeNull();
    const http = row.locator('.ev-http');
    expect(await http.isVisible()).toBe(true);
    expect(await http.locator('.ev-head').textContent()).toContain('GET https://toolbridge-api-staging.fly.dev/v1/notes/%22%3E%3Cimg');
    expect(await http.locator('.http-status').textContent()).toBe('404');
    expect(await http.textContent()).toContain('x-echo');
    expect(await http.textContent()).toContain(HOSTILE_ATTRIBUTE);
    expect(await http.locator('pre.body').last().textContent()).toBe(`<html><body>not found: ${HOSTILE_SCRIPT}</body></html>`);
    const mcp = row.locator('.ev-mcp');
    expect(await mcp.locator('.ev-request').textContent()).toBe('get_note');
    expect(await mcp.textContent()).toContain('tool error');
    expect(await row.locator('.facts').textContent()).toContain('contract §16.3');
    expect(await row.locator('.message').textContent()).toContain('expected the error to carry X-Correlation-ID');

    // inert: no script ran, no element was injected
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(await page.title()).not.toBe('pwned');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);
  });

  it('draws the latency histogram as an inline SVG bar chart', async () => {
    const chart = page.locator('#latency svg.chart[data-metric="histogram"]').first();
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('g.bar rect').count()).toBe(Object.keys(LATENCY_HISTOGRAM).length);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(100);
    const heights = await chart.locator('g.bar rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
    const tallest = heights.indexOf(Math.max(...heights));
    expect(Object.keys(LATENCY_HISTOGRAM)[tallest]).toBe('20-50');
    expect(await page.textContent('#latency')).toContain('148.2 ms');
  });

  it('parses junit.xml with the browser\'s own XML parser', async () => {
    const result = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, cases: doc.querySelectorAll('testcase').length };
    }, junitXml);
    expect(result).toEqual({ error: null, cases: report.checks.length });
  });

  it('requested nothing but its own file, and leaves a screenshot', async () => {
    await page.locator('details.check[data-id="LAT-002"] summary').click();
    await mkdir(fileURLToPath(new URL('../out/screenshots/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(requests).toEqual([fileUrl]);
  });
});
