import { describe, expect, it } from 'vitest';
import { Namer, normaliseResponse } from './normalise.js';

const NOW = Date.parse('2026-12-02T12:00:00.000Z');
const namer = () => new Namer(() => NOW);

describe('Namer', () => {
  it('names UUIDs by first appearance, case-insensitively, the same across both sides', () => {
    const a = namer();
    const b = namer();
    expect(a.text('11111111-1111-4111-8111-111111111111 then 22222222-2222-4222-8222-222222222222')).toBe('<uuid#1> then <uuid#2>');
    expect(b.text('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa then bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')).toBe('<uuid#1> then <uuid#2>');
    expect(a.text('11111111-1111-4111-8111-111111111111'.toUpperCase())).toBe('<uuid#1>');
  });

  it('hides clock readings near now (and expiries as whole minutes from now) but keeps times a client supplied', () => {
    const n = namer();
    expect(n.text('2026-12-02T12:00:01.234567Z')).toBe('<now>');
    expect(n.text('2026-12-02T12:30:00.1Z')).toBe('<now+30m>');
    expect(n.text('2025-06-01T10:00:00.000Z')).toBe('2025-06-01T10:00:00.000Z');
    expect(n.json(NOW + 500)).toBe('<now-ms>');
    expect(n.json(1700000000000)).toBe(1700000000000);
  });

  it('compares cursors by what they encode', () => {
    const n = namer();
    const cursor = Buffer.from(`${NOW}|11111111-1111-4111-8111-111111111111`).toString('base64url');
    expect(n.json({ nextCursor: cursor })).toEqual({ nextCursor: '<cursor <now-ms>|<uuid#1>>' });
    expect(n.text(`{"nextCursor":"${cursor}"}`)).toBe('{"nextCursor":"<cursor <now-ms>|<uuid#1>>"}');
    expect(n.json({ nextCursor: 'not-a-cursor' })).toEqual({ nextCursor: 'not-a-cursor' });
  });
});

describe('normaliseResponse', () => {
  it('keeps the headers a client acts on, as comparable values', () => {
    const out = normaliseResponse(
      {
        status: 405,
        headers: { allow: 'PUT, GET, DELETE', 'x-ratelimit-remaining': '117', 'x-ratelimit-reset': '1796212800', 'x-correlation-id': 'sent-id', date: 'x', 'content-length': '0' },
        body: '',
      },
      namer(),
      'sent-id',
    );
    expect(out.headers).toEqual({ allow: 'DELETE, GET, PUT', 'x-ratelimit-remaining': '<count>', 'x-ratelimit-reset': '<unix seconds>', 'x-correlation-id': '<as sent>' });
  });

  it('parses JSON bodies with sorted keys and keeps the exact text apart', () => {
    const out = normaliseResponse({ status: 200, headers: { 'x-correlation-id': 'c0ffee00-0000-4000-8000-000000000000' }, body: '{"b":1,"a":"c0ffee00-0000-4000-8000-000000000000"}\n' }, namer(), undefined);
    expect(out.headers['x-correlation-id']).toBe('<generated>');
    expect(out.body).toEqual({ a: '<correlation>', b: 1 });
    expect(out.text).toBe('{"b":1,"a":"<correlation>"}\n');
  });
});
