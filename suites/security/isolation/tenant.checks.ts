/**
 * The tenant id scopes no data (contract §5 "Data binding", §13): the Go API checks the tenant headers' signature
 * and then never reads the tenant id again. A posture finding: one JWT subject sees the same items under any
 * signed tenant id. It fails outright when the target is worse, i.e. another subject's data shows through.
 */
import { randomUUID } from 'node:crypto';
import { ENTITIES } from '../../../contract/entities.js';
import { HEADERS } from '../../../contract/messages.js';
import { restPath } from '../../../contract/routes.js';
import { tenantHeaders } from '../../../contract/tenant-signature.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { GoRequestOptions, GoUser } from '../../../framework/clients/go-user.js';
import type { HttpExchange } from '../../../framework/clients/http.js';
import { ownerAndIntruder } from '../../shared/arrange.js';
import { GO_CONTRACT, TENANT_BINDING } from './lib/meta.js';
import { itemPath } from '../../shared/go-direct.js';
import type { OwnedItem } from '../../shared/owned-items.js';
import { jsonError, safeJson, snippet } from '../../shared/text.js';

/** A user speaking under another (correctly signed) tenant id, with a session opened under that tenant. */
class TenantView {
  private session: { id: string; epoch: number } | undefined;

  constructor(
    private readonly ctx: CheckContext,
    private readonly user: GoUser,
    readonly who: string,
    readonly tenantId: string,
  ) {}

  request(method: string, path: string, options: GoRequestOptions = {}): Promise<HttpExchange> {
    const session: Record<string, string> = this.session ? { [HEADERS.syncSession]: this.session.id, [HEADERS.syncEpoch]: String(this.session.epoch) } : {};
    return this.user.request(method, path, {
      ...options,
      withSession: false,
      headers: { ...tenantHeaders(this.tenantId, this.ctx.target.tenantSecret), ...session, ...options.headers },
      label: `${this.who} as tenant "${this.tenantId}": ${options.label ?? `${method} ${path}`}`,
    });
  }

  /** Opens a session under this tenant; the refusal, if any, as text. */
  async open(): Promise<string | undefined> {
    const response = await this.request('POST', '/v1/sync/sessions', { label: 'open a sync session' });
    const body = safeJson(response.text) as { id?: unknown; epoch?: unknown } | undefined;
    if (response.status !== 201 || typeof body?.id !== 'string' || typeof body.epoch !== 'number') {
      return `POST /v1/sync/sessions answered ${response.status} ${snippet(response.text)}`;
    }
    this.session = { id: body.id, epoch: body.epoch };
    return undefined;
  }
}

/** Which of `owned` the view lists. */
async function listedOf(view: TenantView, owned: readonly OwnedItem[]): Promise<OwnedItem[]> {
  const seen: OwnedItem[] = [];
  for (const entity of ENTITIES) {
    const response = await view.request('GET', restPath(entity, 'list'), { query: { limit: '1000' }, label: `list ${entity.plural}` });
    const items = (safeJson(response.text) as { items?: { uid?: unknown }[] } | undefined)?.items ?? [];
    const uids = new Set(response.status === 200 ? items.map((i) => i.uid) : []);
    seen.push(...owned.filter((o) => o.entity === entity && uids.has(o.uid)));
  }
  return seen;
}

export const tenantBindingChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-ISOLATION-TENANT-UNBOUND',
      title: 'The tenant id does not scope data: one JWT subject sees the same items under any signed tenant id',
      area: 'security/isolation',
      severity: 'medium',
      posture: true,
      requirement: TENANT_BINDING,
      expected:
        "a secure target binds data to the tenant as well as to the subject (the subject's items are not visible under another tenant id); the documented API does not, which is reported as a posture finding. In no case may another subject read them (404 under any tenant id)",
      rationale:
        'every deployment shares one data space per JWT subject whatever tenant it serves: a subject known to two tenants (one identity provider, several ToolBridge tenants) sees and changes the same items in both, and the signed tenant header protects nothing about the data',
      security: {
        score: 5.0,
        cwe: 'CWE-639',
        remediation:
          'Store the validated tenant id with every row and scope every query by (tenant, owner); or bind the tenant to the identity (a tenant claim in the JWT compared with X-TB-Tenant-ID) if one deployment must serve several tenants.',
        location: GO_CONTRACT,
      },
    },
    async (ctx) => {
      const { a, b, owned, marker } = await ownerAndIntruder(ctx);
      const home = ctx.target.tenantId;
      const other = `tbv-other-tenant-${randomUUID().slice(0, 8)}`;
      ctx.note(
        `A wrote its items with X-TB-Tenant-ID ${JSON.stringify(home)} (the target's tenant). Next, A and B speak with X-TB-Tenant-ID ${JSON.stringify(other)}, ` +
          'a tenant id this deployment was never configured for, signed with the shared tenant secret (fresh timestamp, valid signature).',
      );

      // Worse than documented: another subject, under the other tenant id (or the home one if it is refused), reads A's items.
      const aOther = new TenantView(ctx, a, 'A', other);
      const refused = await aOther.open();
      const bView = new TenantView(ctx, b, 'B', refused ? home : other);
      const bRefused = await bView.open();
      if (bRefused) ctx.skip(`untestable: B could not open a sync session as tenant "${bView.tenantId}" (${bRefused})`);
      const leaks: string[] = [];
      for (const item of owned) {
        const response = await bView.request('GET', itemPath(item.entity, item.uid), { label: `read A's ${item.entity.singular}` });
        const error = jsonError(response.text);
        if (response.status !== 404 || error !== `${item.entity.singular} not found` || response.text.includes(marker)) {
          leaks.push(`B's GET ${itemPath(item.entity, item.uid)} as tenant "${bView.tenantId}" answered ${response.status} ${snippet(response.text)}`);
        }
      }
      if (leaks.length > 0) {
        throw new CheckFailure(`another subject's data is not kept apart across tenant ids (expected 404 "<entity> not found"): ${leaks.join('; ')}`);
      }

      if (refused) {
        ctx.note(`the target refuses tenant id ${JSON.stringify(other)} (${refused}): tenant ids are bound to the deployment`);
        return;
      }
      const shared = await listedOf(aOther, owned);
      if (shared.length === 0) {
        ctx.note(`as tenant ${JSON.stringify(other)}, A sees none of the items it wrote as tenant ${JSON.stringify(home)}: data is scoped by tenant`);
        return;
      }
      ctx.warn(
        `the tenant id does not scope data: JWT subject ${a.sub} wrote ${owned.length} items with X-TB-Tenant-ID ${JSON.stringify(home)} and lists ` +
          `${shared.length} of them (${shared.map((o) => `${o.entity.singular} ${o.uid}`).join(', ')}) with X-TB-Tenant-ID ${JSON.stringify(other)}; ` +
          'every signed tenant id shares one data space per JWT subject (other subjects stay apart: B got 404 for all of them)',
      );
    },
  ),
]);
