import { describe, expect, it } from 'vitest';
import { ENTITIES, entityByKey } from '../../contract/entities.js';
import { toolName } from '../../contract/tools.js';
import { buildTools, type ToolDef } from './definitions.js';

const tools = buildTools();
const tool = (name: string): ToolDef => tools.find((t) => t.name === name)!;
const UID = '0F8E9A1C-2B3D-4E5F-8A9B-0C1D2E3F4A5B';

function plan(name: string, raw: Record<string, unknown>) {
  const t = tool(name);
  const args = t.input.parse(raw);
  return t.plan(args);
}

describe('generated tools', () => {
  it('are 8 per entity, 40 in all, with unique names', () => {
    expect(tools).toHaveLength(40);
    expect(new Set(tools.map((t) => t.name)).size).toBe(40);
    for (const entity of ENTITIES) expect(tools.filter((t) => t.entity === entity)).toHaveLength(8);
    expect(toolName(entityByKey('chat_messages'), 'list')).toBe('list_chat_messages');
    expect(toolName(entityByKey('chat_messages'), 'replace')).toBe('update_chat_message');
  });

  it('list sends limit always, cursor and includeDeleted only when given', () => {
    expect(plan('list_notes', {})).toEqual({ method: 'GET', path: '/v1/notes', query: { limit: '100' } });
    expect(plan('list_chat_messages', { limit: 5, cursor: 'abc', include_deleted: true })).toEqual({
      method: 'GET',
      path: '/v1/chat_messages',
      query: { limit: '5', cursor: 'abc', includeDeleted: 'true' },
    });
  });

  it('escapes nothing it does not need to and validates uid as a UUID', () => {
    expect(plan('get_task', { uid: UID })).toEqual({ method: 'GET', path: `/v1/tasks/${UID}` });
    for (const bad of ['../sync/wipe', 'x', `${UID}/archive`, `${UID}?x=1`, '']) {
      expect(tool('get_task').input.safeParse({ uid: bad }).success).toBe(false);
    }
  });

  it('create maps parameter names to payload keys, drops absent values and merges additional_fields last', () => {
    expect(plan('create_task', { title: 'T', due_date: '2025-01-01', tags: ['a'], additional_fields: { title: 'override', uid: UID } })).toEqual({
      method: 'POST',
      path: '/v1/tasks',
      body: { title: 'override', dueDate: '2025-01-01', tags: ['a'], uid: UID },
    });
    expect(plan('create_chat', { title: 'C' }).body).toEqual({ title: 'C', archived: false });
    expect(plan('create_comment', { content: 'c', parent_type: 'task', parent_uid: UID }).body).toEqual({
      content: 'c',
      parentType: 'task',
      parentUid: UID,
    });
  });

  it('limits parent_type to the types Go accepts', () => {
    expect(tool('create_comment').input.safeParse({ content: 'c', parent_type: 'chat', parent_uid: UID }).success).toBe(false);
  });

  it('update sends the uid, the fields and If-Match; children carry their parent keys over', () => {
    expect(plan('update_note', { uid: UID, title: 't', content: 'c', if_match: 3 })).toEqual({
      method: 'PUT',
      path: `/v1/notes/${UID}`,
      body: { uid: UID, title: 't', content: 'c' },
      ifMatch: 3,
    });
    expect(tool('update_comment').carryOver).toEqual(['parentType', 'parentUid']);
    expect(tool('update_chat_message').carryOver).toEqual(['chatUid']);
    expect(tool('update_note').carryOver).toEqual([]);
  });

  it('process accepts exactly the entity actions and sends metadata when given', () => {
    expect(plan('process_chat_message', { uid: UID, action: 'mark_read', metadata: { by: 'me' } }).body).toEqual({
      action: 'mark_read',
      metadata: { by: 'me' },
    });
    expect(tool('process_note').input.safeParse({ uid: UID, action: 'complete' }).success).toBe(false);
  });

  it('archive, delete and patch hit the right routes', () => {
    expect(plan('archive_chat', { uid: UID })).toEqual({ method: 'POST', path: `/v1/chats/${UID}/archive`, body: {} });
    expect(plan('delete_comment', { uid: UID })).toEqual({ method: 'DELETE', path: `/v1/comments/${UID}` });
    expect(plan('patch_task', { uid: UID, updates: { status: 'x', note: null } }).body).toEqual({ status: 'x', note: null });
  });

  it('bounds limit to 1..1000 and rejects unknown arguments', () => {
    const list = tool('list_notes').input;
    expect(list.safeParse({ limit: 0 }).success).toBe(false);
    expect(list.safeParse({ limit: 1001 }).success).toBe(false);
    expect(list.safeParse({ limit: 1.5 }).success).toBe(false);
    expect(list.safeParse({ limti: 5 }).success).toBe(false);
  });
});
