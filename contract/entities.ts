/**
 * The entity table: the one description of the five ToolBridge entities (contract §9.2, §13, §15.3).
 * Routes, stand-in handlers, MCP tools and per-entity checks are all generated from it.
 */

export type EntityKey = 'notes' | 'tasks' | 'comments' | 'chats' | 'chat_messages';

/** A payload change: keys set to fixed values. */
export type PayloadEffect = Readonly<Record<string, string | boolean>>;

/** How a child entity refers to its parent; checked by the server on every non-delete mutation. */
export type ParentRule =
  | {
      readonly kind: 'polymorphic';
      /** payload key naming the parent type, e.g. `parentType` */
      readonly typeField: string;
      /** payload key holding the parent uid, e.g. `parentUid` */
      readonly uidField: string;
      /** allowed parent types → entity key of the parent table */
      readonly types: Readonly<Record<string, EntityKey>>;
    }
  | {
      readonly kind: 'fixed';
      readonly uidField: string;
      readonly parent: EntityKey;
    };

/** One MCP tool parameter that maps onto a payload key (upstream proxy, contract §15.3). */
export interface ToolField {
  /** parameter name seen by MCP clients (snake_case, upstream-compatible) */
  readonly param: string;
  /** payload key sent to the Go API */
  readonly key: string;
  readonly type: 'string' | 'string[]' | 'boolean' | 'uuid';
  readonly required: boolean;
  readonly description: string;
  /** sent even when falsy (upstream sends `archived` on create_chat always) */
  readonly default?: boolean;
}

export interface EntityDef {
  readonly key: EntityKey;
  /** URL segment in `/v1/{path}` and `/v1/sync/{path}/push|pull` */
  readonly path: string;
  /** database table name */
  readonly table: string;
  /** human names used in Go error messages */
  readonly singular: string;
  readonly plural: string;
  /** tool-name stems: `get_${toolSingular}`, `list_${toolPlural}` */
  readonly toolSingular: string;
  readonly toolPlural: string;
  readonly parent: ParentRule | null;
  /** effect of POST …/archive */
  readonly archiveEffect: PayloadEffect;
  /** POST …/process actions and their payload effects */
  readonly processActions: Readonly<Record<string, PayloadEffect>>;
  /** MCP tool parameters for create_* and update_* (update always also takes uid and if_match) */
  readonly createFields: readonly ToolField[];
  readonly updateFields: readonly ToolField[];
}

const tags: ToolField = {
  param: 'tags',
  key: 'tags',
  type: 'string[]',
  required: false,
  description: 'Tags to attach',
};

export const ENTITIES: readonly EntityDef[] = [
  {
    key: 'notes',
    path: 'notes',
    table: 'note',
    singular: 'note',
    plural: 'notes',
    toolSingular: 'note',
    toolPlural: 'notes',
    parent: null,
    archiveEffect: { status: 'archived' },
    processActions: {
      pin: { pinned: true },
      unpin: { pinned: false },
      archive: { status: 'archived' },
      unarchive: { status: 'active' },
    },
    createFields: [
      { param: 'title', key: 'title', type: 'string', required: true, description: 'Note title' },
      { param: 'content', key: 'content', type: 'string', required: true, description: 'Note body' },
      tags,
    ],
    updateFields: [
      { param: 'title', key: 'title', type: 'string', required: true, description: 'Note title' },
      { param: 'content', key: 'content', type: 'string', required: true, description: 'Note body' },
    ],
  },
  {
    key: 'tasks',
    path: 'tasks',
    table: 'task',
    singular: 'task',
    plural: 'tasks',
    toolSingular: 'task',
    toolPlural: 'tasks',
    parent: null,
    archiveEffect: { status: 'archived' },
    processActions: {
      start: { status: 'in_progress' },
      complete: { status: 'completed' },
      reopen: { status: 'open' },
    },
    createFields: [
      { param: 'title', key: 'title', type: 'string', required: true, description: 'Task title' },
      { param: 'description', key: 'description', type: 'string', required: false, description: 'Task description' },
      { param: 'status', key: 'status', type: 'string', required: false, description: 'Task status' },
      { param: 'priority', key: 'priority', type: 'string', required: false, description: 'Task priority' },
      { param: 'due_date', key: 'dueDate', type: 'string', required: false, description: 'Due date (ISO 8601)' },
      tags,
    ],
    updateFields: [
      { param: 'title', key: 'title', type: 'string', required: true, description: 'Task title' },
      { param: 'description', key: 'description', type: 'string', required: false, description: 'Task description' },
      { param: 'status', key: 'status', type: 'string', required: false, description: 'Task status' },
    ],
  },
  {
    key: 'comments',
    path: 'comments',
    table: 'comment',
    singular: 'comment',
    plural: 'comments',
    toolSingular: 'comment',
    toolPlural: 'comments',
    parent: {
      kind: 'polymorphic',
      typeField: 'parentType',
      uidField: 'parentUid',
      types: { note: 'notes', task: 'tasks' },
    },
    archiveEffect: { status: 'archived' },
    processActions: {
      resolve: { status: 'resolved' },
      reopen: { status: 'open' },
    },
    createFields: [
      { param: 'content', key: 'content', type: 'string', required: true, description: 'Comment text' },
      { param: 'parent_type', key: 'parentType', type: 'string', required: true, description: "Parent entity type: 'note' or 'task'" },
      { param: 'parent_uid', key: 'parentUid', type: 'uuid', required: true, description: 'UID of the parent note or task' },
      { param: 'author', key: 'author', type: 'string', required: false, description: 'Comment author' },
      tags,
    ],
    updateFields: [{ param: 'content', key: 'content', type: 'string', required: true, description: 'Comment text' }],
  },
  {
    key: 'chats',
    path: 'chats',
    table: 'chat',
    singular: 'chat',
    plural: 'chats',
    toolSingular: 'chat',
    toolPlural: 'chats',
    parent: null,
    archiveEffect: { archived: true },
    processActions: {
      resolve: { status: 'resolved' },
      reopen: { status: 'active' },
    },
    createFields: [
      { param: 'title', key: 'title', type: 'string', required: true, description: 'Chat title' },
      { param: 'description', key: 'description', type: 'string', required: false, description: 'Chat description' },
      { param: 'participants', key: 'participants', type: 'string[]', required: false, description: 'Participant names' },
      { param: 'archived', key: 'archived', type: 'boolean', required: false, default: false, description: 'Create the chat already archived' },
      tags,
    ],
    updateFields: [
      { param: 'title', key: 'title', type: 'string', required: true, description: 'Chat title' },
      { param: 'description', key: 'description', type: 'string', required: false, description: 'Chat description' },
    ],
  },
  {
    key: 'chat_messages',
    path: 'chat_messages',
    table: 'chat_message',
    singular: 'chat message',
    plural: 'chat messages',
    toolSingular: 'chat_message',
    toolPlural: 'chat_messages',
    parent: { kind: 'fixed', uidField: 'chatUid', parent: 'chats' },
    archiveEffect: { archived: true },
    processActions: {
      mark_read: { read: true },
      mark_delivered: { delivered: true },
    },
    createFields: [
      { param: 'chat_uid', key: 'chatUid', type: 'uuid', required: true, description: 'UID of the chat this message belongs to' },
      { param: 'content', key: 'content', type: 'string', required: true, description: 'Message text' },
      { param: 'sender', key: 'sender', type: 'string', required: false, description: 'Sender name' },
      { param: 'message_type', key: 'messageType', type: 'string', required: false, description: 'Message type' },
      tags,
    ],
    updateFields: [{ param: 'content', key: 'content', type: 'string', required: true, description: 'Message text' }],
  },
];

const byKey = new Map(ENTITIES.map((entity) => [entity.key, entity]));

export function entityByKey(key: EntityKey): EntityDef {
  const entity = byKey.get(key);
  if (!entity) throw new Error(`unknown entity ${key}`);
  return entity;
}

export function entityByPath(path: string): EntityDef | undefined {
  return ENTITIES.find((entity) => entity.path === path);
}

/** Payload keys that name a parent (never dropped by a replace done through the proxy). */
export function parentFields(entity: EntityDef): string[] {
  if (!entity.parent) return [];
  return entity.parent.kind === 'polymorphic'
    ? [entity.parent.typeField, entity.parent.uidField]
    : [entity.parent.uidField];
}
