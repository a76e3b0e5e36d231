import { describe, expect, it } from 'vitest';
import { AliveItem, DeleteSummary, EpochMismatch, Item, JsonError, List, PullPage, SyncInfo, Tombstone } from './schemas.js';

const item = {
  uid: '0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
  version: 1,
  updatedAt: '2024-01-02T03:04:20.12Z',
  payload: { title: 'x' },
};

describe('schemas', () => {
  it('accepts a Go item and rejects deviations', () => {
    expect(AliveItem.safeParse(item).success).toBe(true);
    expect(Item.safeParse({ ...item, deletedAt: null }).success).toBe(false);
    expect(AliveItem.safeParse({ ...item, deletedAt: item.updatedAt }).success).toBe(false);
    expect(Item.safeParse({ ...item, updatedAt: '2024-01-02T03:04:20.120Z' }).success).toBe(false);
    expect(Item.safeParse({ ...item, uid: item.uid.toUpperCase() }).success).toBe(false);
    expect(Item.safeParse({ ...item, extra: 1 }).success).toBe(false);
  });

  it('enforces the nextCursor rule on lists and pull pages', () => {
    expect(List.safeParse({ items: [item], nextCursor: 'abc' }).success).toBe(true);
    expect(List.safeParse({ items: [] }).success).toBe(true);
    expect(List.safeParse({ items: [item] }).success).toBe(false);
    expect(List.safeParse({ items: [], nextCursor: 'abc' }).success).toBe(false);
    expect(PullPage.safeParse({ upserts: [], deletes: [] }).success).toBe(true);
    expect(PullPage.safeParse({ upserts: [{}], deletes: [] }).success).toBe(false);
  });

  it('requires deletedAt = updatedAt on a delete summary', () => {
    const summary = { uid: item.uid, version: 2, updatedAt: item.updatedAt, deletedAt: item.updatedAt };
    expect(DeleteSummary.safeParse(summary).success).toBe(true);
    expect(DeleteSummary.safeParse({ ...summary, deletedAt: '2024-01-02T03:04:21Z' }).success).toBe(false);
    expect(DeleteSummary.safeParse({ ...summary, payload: {} }).success).toBe(false);
  });

  it('distinguishes the error shapes', () => {
    expect(JsonError.safeParse({ error: 'x', correlation_id: 'c' }).success).toBe(true);
    expect(JsonError.safeParse({ error: 'x' }).success).toBe(false);
    expect(EpochMismatch.safeParse({ error: 'epoch_mismatch', epoch: 1, correlation_id: '' }).success).toBe(true);
    expect(Tombstone.safeParse({ error: 'note deleted', deletedAt: item.updatedAt }).success).toBe(true);
    expect(Tombstone.safeParse({ error: 'note deleted', deletedAt: item.updatedAt, correlation_id: 'c' }).success).toBe(false);
  });

  it('pins /v1/sync/info', () => {
    const entities = Object.fromEntries(
      ['notes', 'tasks', 'comments', 'chats', 'chat_messages'].map((k) => [k, { maxLimit: 1000, push: true, pull: true }]),
    );
    const info = {
      apiVersion: '1.1',
      serverTime: '2024-01-02T03:04:20.123456789Z',
      entities,
      locking: { supported: true, mode: 'session' },
      minClientVersion: '0.1.0',
      rateLimit: { windowSeconds: 60, maxRequests: 600, burst: 120 },
      hints: { recommendedBatch: 500, backoffMsOn429: 1500 },
    };
    expect(SyncInfo.safeParse(info).success).toBe(true);
    expect(SyncInfo.safeParse({ ...info, recommendedBatch: 0 }).success).toBe(false);
  });
});
