/**
 * Evidence in full: HTTP exchanges with headers and bodies, MCP tool calls with arguments and results, notes.
 * Every string is escaped; JSON bodies are pretty-printed; huge bodies are cut with a visible note.
 */
import type { Evidence, HttpEvidence, NoteEvidence, ToolEvidence } from '../../../framework/model/types.js';
import { escapeHtml, htmlAttributes } from './escape.js';

const MAX_BODY_CHARS = 50_000;

function pretty(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_BODY_CHARS || !/^[[{]/.test(trimmed)) return body;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return body;
  }
}

function bodyBlock(body: string | undefined, what: string): string {
  if (body === undefined) return '';
  if (body.length === 0) return `<p class="muted">(empty ${escapeHtml(what)})</p>`;
  const shown = pretty(body);
  const cut = shown.length > MAX_BODY_CHARS ? `<p class="muted">(${shown.length - MAX_BODY_CHARS} more characters not shown; see verification-report.json)</p>` : '';
  return `<pre class="body">${escapeHtml(shown.slice(0, MAX_BODY_CHARS))}</pre>${cut}`;
}

function headersTable(headers: Readonly<Record<string, string>>): string {
  const entries = Object.entries(headers);
  if (entries.length === 0) return '<p class="muted">(no headers)</p>';
  const rows = entries.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`);
  return `<table class="headers"><tbody>${rows.join('')}</tbody></table>`;
}

function label(text: string | undefined): string {
  return text ? ` <span class="ev-label">${escapeHtml(text)}</span>` : '';
}

function statusClass(status: number): string {
  return `http-${Math.floor(status / 100)}xx`;
}

function http(evidence: HttpEvidence): string {
  const { request, response } = evidence;
  const outcome = response
    ? `<span${htmlAttributes({ class: `http-status ${statusClass(response.status)}` })}>${response.status}</span> <span class="muted">${escapeHtml(String(response.durationMs))} ms</span>`
    : '<span class="http-status http-error">no response</span>';
  const head = `<div class="ev-head"><span class="ev-kind">HTTP</span>${label(evidence.label)} <code class="ev-request">${escapeHtml(`${request.method} ${request.url}`)}</code> → ${outcome}</div>`;
  const requestPart = `<div class="ev-part"><h5>Request</h5>${headersTable(request.headers)}${bodyBlock(request.body, 'request body')}</div>`;
  const responsePart = response
    ? `<div class="ev-part"><h5>Response</h5>${headersTable(response.headers)}${bodyBlock(response.body, 'response body')}</div>`
    : '';
  const error = evidence.error ? `<p class="ev-error"><strong>Error:</strong> ${escapeHtml(evidence.error)}</p>` : '';
  return `<div class="evidence ev-http">${head}${error}<div class="ev-parts">${requestPart}${responsePart}</div></div>`;
}

function argumentsText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function mcp(evidence: ToolEvidence): string {
  const outcome = evidence.isError ? '<span class="http-status http-error">tool error</span>' : '<span class="http-status http-2xx">ok</span>';
  const head = `<div class="ev-head"><span class="ev-kind">MCP</span>${label(evidence.label)} <code class="ev-request">${escapeHtml(evidence.tool)}</code> → ${outcome} <span class="muted">${escapeHtml(String(evidence.durationMs))} ms</span></div>`;
  const args = `<div class="ev-part"><h5>Arguments</h5><pre class="body">${escapeHtml(argumentsText(evidence.arguments))}</pre></div>`;
  const result = `<div class="ev-part"><h5>Result</h5>${bodyBlock(evidence.result, 'result')}</div>`;
  return `<div class="evidence ev-mcp">${head}<div class="ev-parts">${args}${result}</div></div>`;
}

function note(evidence: NoteEvidence): string {
  return `<div class="evidence ev-note"><span class="ev-kind">Note</span> <span class="note-text">${escapeHtml(evidence.text)}</span></div>`;
}

export function renderEvidence(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'http':
      return http(evidence);
    case 'mcp':
      return mcp(evidence);
    case 'note':
      return note(evidence);
  }
}
