import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readManifest } from '../runtime/build/manifest.ts';
import { startRuntime } from '../runtime/runtime.ts';
import { readConsentForm } from '../runtime/sandboxes/shared/index.ts';
const root = resolve(import.meta.dirname, '..');
const app = { outputDir: join(root, '.twenty/output'), manifest: readManifest(join(root, '.twenty/output')) };
const runtime = await startRuntime({ app, appPath: root, cron: false, log: () => {}, settings: { host: '127.0.0.1', port: 0, dataDir: mkdtempSync(join(tmpdir(), 'x-')), mode: 'sandbox' } });
const csrf = runtime.services.ctx.secrets.csrfToken;
const api = (path: string, body: unknown, method = 'POST') => fetch(`${runtime.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', 'x-twenty-connect-csrf': csrf }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, string>>);
await api('/api/server-variables', { values: { LINEAR_CLIENT_ID: 'bench-id', LINEAR_CLIENT_SECRET: 'bench-secret' } }, 'PUT');
const { authorizeUrl } = await api('/api/connections', { member: 'ada', provider: 'linear', visibility: 'user' });
const form = readConsentForm(await (await fetch(authorizeUrl!)).text());
const approved = await fetch(authorizeUrl!, { method: 'POST', body: new URLSearchParams({ ...form.fields, account: form.accounts[0] ?? '', decision: 'approve' }), redirect: 'manual' });
await fetch(approved.headers.get('location')!, { redirect: 'manual' });
const ada = runtime.services.ctx.members.byId('ada')!;
const fn = runtime.services.runner.list().find((f) => f.name === 'linear-create-issue')!;
for (let i = 0; i < 8; i++) {
  await new Promise((r) => setTimeout(r, 300));
  const t = performance.now();
  const { record } = await runtime.services.runner.invoke(fn, { trigger: 'tool', payload: { team: 'ENG', title: 'x' }, userWorkspaceId: ada.userWorkspaceId, workspaceMemberId: ada.workspaceMemberId });
  console.log(fn.name, 'total', (performance.now() - t).toFixed(1), 'ok', record.ok, record.error?.message ?? '', record.logs.length);
}
const calls = runtime.services.ctx.bridge!.forProvider('linear')!.calls().slice(-4).map((c) => c.operation);
console.log(calls);
await runtime.close();
