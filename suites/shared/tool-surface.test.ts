import { describe, expect, it } from 'vitest';
import { ENTITIES, entityByKey } from '../../contract/entities.js';
import { z } from 'zod';
import { buildTools } from '../../proxy/tools/definitions.js';
import { toolName } from '../../contract/tools.js';
import { mapToolSurface, OPERATIONS, type ListedTool } from './tool-surface.js';

/** Our proxy's own tools/list, as the SDK lists it. */
function ourTools(): ListedTool[] {
  return buildTools().map((t) => ({ name: t.name, inputSchema: z.toJSONSchema(t.input, { io: 'input' }) as ListedTool['inputSchema'] }));
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('the tool surface', () => {
  it("maps our proxy's 40 tools onto the 40 entity operations under their contract names, with nothing extra", () => {
    const surface = mapToolSurface(ourTools());
    expect(surface.unmapped).toEqual([]);
    expect(surface.extra).toEqual([]);
    expect(surface.mapped).toHaveLength(ENTITIES.length * OPERATIONS.length);
    for (const m of surface.mapped) {
      expect(m.name).toBe(toolName(m.entity, m.op));
      for (const [ours, theirs] of Object.entries(m.params)) expect(theirs).toBe(ours);
    }
  });

  it('lists a tool that performs no entity operation (health_check) as extra', () => {
    const surface = mapToolSurface([...ourTools(), { name: 'health_check', inputSchema: { type: 'object', properties: {} } }]);
    expect(surface.unmapped).toEqual([]);
    expect(surface.extra.map((t) => t.name)).toEqual(['health_check']);
  });

  it('finds tools named and parametrised another way (noun_verb, camelCase parameters) and translates the arguments', () => {
    const renamed = ourTools().map((t) => {
      const [verb, ...noun] = t.name.split('_');
      const properties = Object.fromEntries(Object.entries(t.inputSchema.properties ?? {}).map(([k, v]) => [camel(k), v]));
      return { name: `${noun.join('_')}_${verb}`, inputSchema: { ...t.inputSchema, properties } };
    });
    const surface = mapToolSurface(renamed);
    expect(surface.unmapped).toEqual([]);
    const task = entityByKey('tasks');
    const create = surface.find(task, 'create')!;
    expect(create.name).toBe('task_create');
    expect(create.args({ title: 't', due_date: '2026-12-03', additional_fields: { x: 1 } })).toEqual({ title: 't', dueDate: '2026-12-03', additional_fields: { x: 1 } });
  });

  it('says why an operation has no usable tool: a tool of that name without a needed parameter, or no tool at all', () => {
    const note = entityByKey('notes');
    const tools = ourTools()
      .filter((t) => t.name !== toolName(note, 'archive'))
      .map((t) => (t.name === toolName(note, 'process') ? { ...t, inputSchema: { type: 'object' as const, properties: { uid: {} } } } : t));
    const surface = mapToolSurface(tools);
    expect(surface.unmapped.map((u) => [u.expected, u.reason])).toEqual([
      ['archive_note', 'no tool named archive_note or a variant of it'],
      ['process_note', 'process_note takes no "action" (its parameters: uid)'],
    ]);
    expect(surface.extra.map((t) => t.name)).toEqual(['process_note']);
  });
});
