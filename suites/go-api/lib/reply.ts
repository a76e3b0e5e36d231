/**
 * One Go API response with the contract's response conventions as assertions (contract conventions, §8):
 * JSON(x), JERR(msg), TEXT(msg), the 410 tombstone body and bodiless responses.
 */
import type { z } from 'zod';
import { HEADERS, JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE } from '../../../contract/messages.js';
import { JsonError, Tombstone } from '../../../contract/schemas.js';
import { CheckFailure, ensure, equal, matches } from '../../../framework/model/assert.js';
import type { HttpExchange } from '../../../framework/clients/http.js';

const SNIPPET = 200;

export class Reply {
  constructor(
    /** the request, e.g. `PUT /v1/notes/…`, used in every failure message */
    readonly label: string,
    readonly res: HttpExchange,
  ) {}

  get status(): number {
    return this.res.status;
  }

  header(name: string): string | undefined {
    return this.res.header(name);
  }

  /** The exact status, with the start of the body in the message when it differs. */
  expectStatus(status: number): this {
    if (this.res.status !== status) {
      const body = this.res.text.length > SNIPPET ? `${this.res.text.slice(0, SNIPPET)}…` : this.res.text;
      throw new CheckFailure(`${this.label}: expected status ${status}, got ${this.res.status} (body ${JSON.stringify(body)})`);
    }
    return this;
  }

  /** JSON(x): the status, `application/json`, and a body matching the contract schema. */
  json<S extends z.ZodType>(status: number, schema: S): z.infer<S> {
    this.expectStatus(status);
    equal(this.header('content-type'), JSON_CONTENT_TYPE, `${this.label} content type`);
    return matches(schema, this.parsed(), `${this.label} body`);
  }

  /**
   * A successful answer of an arrange step, where the exact 2xx status belongs to another check
   * (e.g. POST create is 201, asserted by GOAPI-<ENTITY>-CRUD).
   */
  succeeded<S extends z.ZodType>(schema: S): z.infer<S> {
    ensure(this.res.status >= 200 && this.res.status < 300, `${this.label}: expected a 2xx answer, got ${this.res.status} (${this.res.text.slice(0, SNIPPET)})`);
    equal(this.header('content-type'), JSON_CONTENT_TYPE, `${this.label} content type`);
    return matches(schema, this.parsed(), `${this.label} body`);
  }

  /**
   * JERR(msg): the status, `application/json`, `{"error": msg, "correlation_id": id}` where id is the response's
   * X-Correlation-ID header, and the request's own id when the client sent one.
   */
  jerr(status: number, message: string, sentCorrelationId?: string): JsonError {
    const body = this.json(status, JsonError);
    equal(body.error, message, `${this.label} error text`);
    equal(body.correlation_id, this.header(HEADERS.correlationId), `${this.label} correlation_id versus the X-Correlation-ID header`);
    if (sentCorrelationId !== undefined) equal(body.correlation_id, sentCorrelationId, `${this.label} correlation_id versus the request's X-Correlation-ID`);
    return body;
  }

  /** TEXT(msg): Go's http.Error, plain text with nosniff and a trailing newline, correlation header present. */
  text(status: number, message: string): void {
    this.expectStatus(status);
    equal(this.header('content-type'), TEXT_CONTENT_TYPE, `${this.label} content type`);
    equal(this.header('x-content-type-options'), 'nosniff', `${this.label} X-Content-Type-Options`);
    equal(this.res.text, `${message}\n`, `${this.label} body`);
    this.expectCorrelationHeader();
  }

  /** 410 `{"error": msg, "deletedAt": ts}`: no correlation_id in the body (the strict schema rejects one). */
  tombstone(message: string): Tombstone {
    const body = this.json(410, Tombstone);
    equal(body.error, message, `${this.label} error text`);
    return body;
  }

  /** A status with an empty body (405, 204, a recovered panic's 500). */
  empty(status: number): void {
    this.expectStatus(status);
    equal(this.res.text, '', `${this.label} body`);
  }

  expectCorrelationHeader(): string {
    const id = this.header(HEADERS.correlationId);
    ensure(id, `${this.label}: response carries no ${HEADERS.correlationId} header`);
    return id;
  }

  private parsed(): unknown {
    try {
      return this.res.json();
    } catch {
      throw new CheckFailure(`${this.label}: body is not JSON: ${JSON.stringify(this.res.text.slice(0, SNIPPET))}`);
    }
  }
}
