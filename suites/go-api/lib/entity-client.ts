/**
 * The eight REST operations and the two sync routes of one entity, as one user (contract §3, §9, §10).
 */
import type { EntityDef } from '../../../contract/entities.js';
import { HEADERS } from '../../../contract/messages.js';
import { fillPath, restMethod, restPath, type RestOperation } from '../../../contract/routes.js';
import type { GoRequestOptions, GoUser } from '../../../framework/clients/go-user.js';
import { call } from './call.js';
import type { Reply } from './reply.js';

type Query = Readonly<Record<string, string>>;

export class EntityClient {
  constructor(
    readonly user: GoUser,
    readonly entity: EntityDef,
  ) {}

  list(query?: Query): Promise<Reply> {
    return this.rest('list', undefined, query ? { query } : {});
  }

  create(body: unknown): Promise<Reply> {
    return this.rest('create', undefined, { body });
  }

  get(uid: string, query?: Query): Promise<Reply> {
    return this.rest('get', uid, query ? { query } : {});
  }

  /** PUT; `ifMatch` is sent verbatim as the If-Match header */
  replace(uid: string, body: unknown, ifMatch?: string): Promise<Reply> {
    return this.rest('replace', uid, { body, ...ifMatchHeader(ifMatch) });
  }

  patch(uid: string, body: unknown, ifMatch?: string): Promise<Reply> {
    return this.rest('patch', uid, { body, ...ifMatchHeader(ifMatch) });
  }

  remove(uid: string): Promise<Reply> {
    return this.rest('delete', uid);
  }

  archive(uid: string, ifMatch?: string): Promise<Reply> {
    return this.rest('archive', uid, { body: {}, ...ifMatchHeader(ifMatch) });
  }

  process(uid: string, body: unknown): Promise<Reply> {
    return this.rest('process', uid, { body });
  }

  push(body: unknown): Promise<Reply> {
    return call(this.user, 'POST', `/v1/sync/${this.entity.path}/push`, { body });
  }

  pull(query?: Query): Promise<Reply> {
    return call(this.user, 'GET', `/v1/sync/${this.entity.path}/pull`, query ? { query } : {});
  }

  /** Any REST operation with extra request options (headers, session overrides, raw bodies). */
  rest(op: RestOperation, uid?: string, options: GoRequestOptions = {}): Promise<Reply> {
    return call(this.user, restMethod(op), fillPath(restPath(this.entity, op), uid === undefined ? {} : { uid }), options);
  }
}

function ifMatchHeader(ifMatch: string | undefined): GoRequestOptions {
  return ifMatch === undefined ? {} : { headers: { [HEADERS.ifMatch]: ifMatch } };
}
