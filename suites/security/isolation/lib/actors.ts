/**
 * A user acting on items through one channel: the Go API directly, or the proxy's MCP tools. Both answer the same
 * two questions, so every isolation probe is written once: what happened to one operation on one item, and which
 * uids a full listing of an entity shows.
 */
import { z } from 'zod';
import type { EntityDef } from '../../../../contract/entities.js';
import { ERR } from '../../../../contract/messages.js';
import { restPath } from '../../../../contract/routes.js';
import type { GoUser } from '../../../../framework/clients/go-user.js';
import type { McpSession } from '../../../../framework/clients/mcp-session.js';
import { CheckFailure } from '../../../../framework/model/assert.js';
import { itemPath } from '../../../shared/go-direct.js';
import { SurfaceCaller } from '../../../shared/tool-surface.js';
import { goRoute, type OperationSpec } from '../../../shared/uid-operations.js';
import type { OwnedItem } from '../../../shared/owned-items.js';
import { isSuccess, jsonError, safeJson, snippet } from '../../../shared/text.js';
import { goStatusOf } from '../../../shared/tool-status.js';

export interface Outcome {
  /** the operation succeeded (2xx, or a tool result without isError) */
  readonly accepted: boolean;
  /** refused exactly as the contract says: 404 "<entity> not found" */
  readonly notFound: boolean;
  /** what was sent and answered, for failure messages */
  readonly summary: string;
  /** everything the caller got back, to look for the owner's data in */
  readonly text: string;
}

export type Listing = { readonly uids: string[]; readonly text: string } | { readonly failed: string };

export interface Actor {
  /** "A" or "B" */
  readonly name: string;
  perform(spec: OperationSpec, item: OwnedItem, purpose: string): Promise<Outcome>;
  /** every page of the entity's list, oldest first, following nextCursor until an empty page */
  list(entity: EntityDef): Promise<Listing>;
}

/** Pages read before giving up: far more than any check user owns. */
const MAX_PAGES = 20;
const PAGE = 1000;

const Page = z.looseObject({
  items: z.array(z.looseObject({ uid: z.string() })),
  nextCursor: z.string().nullable().optional(),
});

export class GoActor implements Actor {
  constructor(
    readonly name: string,
    private readonly user: GoUser,
  ) {}

  async perform(spec: OperationSpec, item: OwnedItem, purpose: string): Promise<Outcome> {
    const { method, path } = goRoute(spec, item);
    const body = spec.goBody(item, this.name);
    const response = await this.user.request(method, path, {
      ...(body !== undefined ? { body } : {}),
      label: `${this.name}: ${method} ${path} (${purpose})`,
    });
    const error = jsonError(response.text);
    return {
      accepted: isSuccess(response.status),
      notFound: response.status === 404 && error === ERR.notFound(item.entity),
      summary: `${this.name}'s ${method} ${path} answered ${response.status} ${snippet(response.text)}`,
      text: response.text,
    };
  }

  async list(entity: EntityDef): Promise<Listing> {
    const uids: string[] = [];
    let text = '';
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const path = restPath(entity, 'list');
      const response = await this.user.request('GET', path, {
        query: { limit: String(PAGE), ...(cursor ? { cursor } : {}) },
        label: `${this.name}: list ${entity.plural} (page ${page + 1})`,
      });
      const parsed = response.status === 200 ? Page.safeParse(safeJson(response.text)) : undefined;
      if (!parsed?.success) return { failed: `${this.name}'s GET ${path} answered ${response.status} ${snippet(response.text)}` };
      text += response.text;
      uids.push(...parsed.data.items.map((i) => i.uid));
      if (parsed.data.items.length === 0 || !parsed.data.nextCursor) break;
      cursor = parsed.data.nextCursor;
    }
    return { uids, text };
  }
}

export class McpActor implements Actor {
  constructor(
    readonly name: string,
    private readonly tools: SurfaceCaller,
    /** the same subject on the Go API, to see what a tool did when its answer says otherwise */
    private readonly user: GoUser,
  ) {}

  static async connect(name: string, session: McpSession, user: GoUser): Promise<McpActor> {
    return new McpActor(name, await SurfaceCaller.learn(session), user);
  }

  async perform(spec: OperationSpec, item: OwnedItem, purpose: string): Promise<Outcome> {
    const tool = this.tools.tool(item.entity, spec.op).name;
    const call = `${this.name}'s ${tool} {uid: ${item.uid}}`;
    try {
      const outcome = await this.tools.call(item.entity, spec.op, spec.toolArgs(item, this.name), `${this.name}: ${tool} (${purpose})`);
      const text = `${outcome.text}${outcome.structured ? JSON.stringify(outcome.structured) : ''}`;
      // a proxy that drops Go's body still refuses with Go's 404; E2E-GO-ERRORS reports the lost message
      const notFound = outcome.isError && goStatusOf(outcome) === 404;
      if (outcome.isError && spec.op === 'delete' && (await this.deletedForMe(item))) {
        return { accepted: true, notFound: false, summary: `${call} reported an error, but the Go API shows the item deleted: ${snippet(outcome.text)}`, text };
      }
      return {
        accepted: !outcome.isError,
        notFound,
        summary: outcome.isError ? `${call} returned the tool error ${snippet(outcome.text)}` : `${call} succeeded: ${snippet(outcome.text)}`,
        text,
      };
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return { accepted: false, notFound: false, summary: `${call} failed with a protocol error: ${snippet(message)}`, text: message };
    }
  }

  /** The item is a tombstone as this actor sees it through the Go API (410): the delete happened. */
  private async deletedForMe(item: OwnedItem): Promise<boolean> {
    const response = await this.user.request('GET', itemPath(item.entity, item.uid), { label: `${this.name}: is ${item.uid} deleted? (Go API)` });
    return response.status === 410;
  }

  async list(entity: EntityDef): Promise<Listing> {
    const tool = this.tools.tool(entity, 'list').name;
    const uids: string[] = [];
    let text = '';
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let failed: string | undefined;
      let parsed: z.infer<typeof Page> | undefined;
      try {
        const outcome = await this.tools.call(entity, 'list', { limit: PAGE, ...(cursor ? { cursor } : {}) }, `${this.name}: ${tool} (page ${page + 1})`);
        const result = Page.safeParse(outcome.structured);
        if (outcome.isError || !result.success) failed = `${this.name}'s ${tool} returned ${snippet(outcome.text)}`;
        else {
          parsed = result.data;
          text += outcome.text;
        }
      } catch (error) {
        failed = `${this.name}'s ${tool} failed with a protocol error: ${snippet(error instanceof Error ? error.message : String(error))}`;
      }
      if (failed || !parsed) return { failed: failed ?? `${this.name}'s ${tool} returned nothing` };
      uids.push(...parsed.items.map((i) => i.uid));
      if (parsed.items.length === 0 || !parsed.nextCursor) break;
      cursor = parsed.nextCursor;
    }
    return { uids, text };
  }
}
