import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request the fake token endpoint received: its tenant and form fields. */
export interface TokenRequest {
  tenant: string;
  form: Record<string, string>;
}

/**
 * A local Entra ID token endpoint over real HTTPS (a self-signed certificate made by openssl), as the
 * Secure Application Model meets it: it redeems a refresh token issued to one app, with that app's
 * secret, for an access token and a new refresh token, and refuses the old one after that (as Entra ID
 * refuses a refresh token of another client). It answers the metadata msal-node asks for, too.
 */
export class FakeEntraId {
  readonly requests: TokenRequest[] = [];
  private readonly live = new Set<string>();
  private issued = 0;

  private constructor(
    private readonly server: Server,
    readonly certificateFile: string,
    private readonly folder: string,
    readonly app: { id: string; secret: string },
  ) {}

  static async start(app: { id: string; secret: string }, firstRefreshToken: string): Promise<FakeEntraId> {
    const folder = mkdtempSync(join(tmpdir(), 'mfa-ready-fake-entra-'));
    const [key, cert] = [join(folder, 'key.pem'), join(folder, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    let fake: FakeEntraId | undefined;
    const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => fake!.answer(request.method ?? 'GET', request.url ?? '/', body, (status, json) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeEntraId(server, cert, folder, app);
    fake.live.add(firstRefreshToken);
    return fake;
  }

  get origin(): string {
    return `https://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.folder, { recursive: true, force: true });
  }

  private answer(method: string, url: string, body: string, reply: (status: number, json: unknown) => void): void {
    const path = new URL(url, this.origin).pathname;
    const tenant = path.split('/')[1];
    if (path.endsWith('/discovery/instance')) return reply(200, this.instanceDiscovery());
    if (path.endsWith('/.well-known/openid-configuration')) return reply(200, this.openIdConfiguration(tenant));
    if (method === 'POST' && path.endsWith('/oauth2/v2.0/token')) return reply(...this.token(tenant, Object.fromEntries(new URLSearchParams(body))));
    reply(404, { error: 'not_found', error_description: `the fake has no ${method} ${path}` });
  }

  private token(tenant: string, form: Record<string, string>): [number, unknown] {
    this.requests.push({ tenant, form });
    if (form.grant_type === 'client_credentials') return this.appOnlyToken(form);
    if (form.grant_type !== 'refresh_token') return [400, { error: 'unsupported_grant_type' }];
    if (form.client_id !== this.app.id || form.client_secret !== this.app.secret) return [401, { error: 'invalid_client' }];
    if (!this.live.delete(form.refresh_token)) return [400, { error: 'invalid_grant', error_description: 'AADSTS70000: the refresh token is not valid' }];
    const rotated = `rotated-refresh-token-${++this.issued}`;
    this.live.add(rotated);
    const scope = form.scope ?? '';
    return [200, { token_type: 'Bearer', scope, expires_in: 3599, ext_expires_in: 3599, access_token: `access-token-${this.issued}`, refresh_token: rotated, id_token: idToken(tenant, this.app.id), client_info: clientInfo(tenant) }];
  }

  /** App-only: the app proves itself with a certificate's signed assertion, and asks for one resource's `.default`. */
  private appOnlyToken(form: Record<string, string>): [number, unknown] {
    if (form.client_id !== this.app.id || !form.client_assertion) return [401, { error: 'invalid_client' }];
    if (!/^\S+\/\.default$/.test(form.scope ?? '')) return [400, { error: 'invalid_scope', error_description: 'the client credentials flow takes one resource\'s /.default scope' }];
    return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `app-token-${++this.issued}` }];
  }

  private instanceDiscovery(): unknown {
    const host = new URL(this.origin).host;
    return { tenant_discovery_endpoint: `${this.origin}/common/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }] };
  }

  private openIdConfiguration(tenant: string): unknown {
    const base = `${this.origin}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    };
  }
}

const USER_ID = '00000000-0000-0000-0000-0000000000a1';

function base64Url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function clientInfo(tenant: string): string {
  return base64Url({ uid: USER_ID, utid: tenant });
}

/** An unsigned ID token: msal-node reads its claims for the account and does not check a signature. */
function idToken(tenant: string, audience: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud: audience, iss: `https://login.microsoftonline.com/${tenant}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid: USER_ID, tid: tenant, preferred_username: 'admin@contoso.example', name: 'Admin' };
  return `${base64Url({ alg: 'none', typ: 'JWT' })}.${base64Url(claims)}.`;
}
