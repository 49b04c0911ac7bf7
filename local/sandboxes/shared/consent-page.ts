/** One account (user or workspace) the person can authorize as on the consent page. */
export type ConsentAccount = { id: string; name: string; detail?: string };

/** Everything the consent page shows and posts back. */
export type ConsentPageInput = {
  providerName: string;
  appName: string;
  /** Brand colour for the header mark and the Approve button. */
  accent: string;
  /** What the accounts are called: "Account", "Workspace". */
  accountLabel: string;
  scopes: { name: string; description: string }[];
  /** Scopes as checkboxes (posted as `scope`), so the person can approve fewer than requested. */
  selectableScopes?: boolean;
  accounts: ConsentAccount[];
  /** Where Approve/Cancel send the person back to (shown, as real consent screens do). */
  redirectUri: string;
  /** Hidden form fields posted back with the decision (the original authorize parameters and a nonce). */
  hidden: Record<string, string>;
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
background:#f4f5f8;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328}
main{width:440px;max-width:calc(100vw - 32px);background:#fff;border-radius:14px;box-shadow:0 8px 30px rgba(20,20,40,.08),
0 1px 2px rgba(20,20,40,.06);padding:32px}
.marks{display:flex;align-items:center;justify-content:center;gap:12px;margin-bottom:20px}
.mark{width:48px;height:48px;border-radius:12px;display:flex;align-items:center;justify-content:center;color:#fff;
font-weight:700;font-size:22px}.dots{color:#9aa0a6;letter-spacing:3px}
h1{font-size:19px;line-height:1.35;text-align:center;margin:0 0 6px}.sub{text-align:center;color:#656d76;margin:0 0 22px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#656d76;margin:20px 0 8px}
ul{list-style:none;margin:0;padding:0}li.scope{padding:8px 0;border-bottom:1px solid #eef0f3}li.scope:last-child{border:0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f5;border-radius:4px;padding:1px 5px}
.desc{display:block;color:#656d76;font-size:13px}
label.account{display:flex;gap:10px;align-items:center;border:1px solid #d8dee4;border-radius:10px;padding:10px 12px;
margin-bottom:8px;cursor:pointer}label.account:has(input:checked){border-color:var(--accent);background:#fafbff}
.who{display:flex;flex-direction:column}.who small{color:#656d76}
.actions{display:flex;gap:10px;margin-top:24px}button{flex:1;border-radius:8px;padding:10px 14px;font-size:15px;
font-weight:600;cursor:pointer;border:1px solid #d0d7de;background:#fff;color:#1f2328}
button.approve{background:var(--accent);border-color:var(--accent);color:#fff}
.foot{margin-top:18px;font-size:12px;color:#8c959f;text-align:center;word-break:break-all}`;

function page(title: string, accent: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body style="--accent:${escapeHtml(accent)}"><main>${body}</main></body></html>`;
}

/**
 * The provider's consent screen: "Authorize <App> to access your <Provider> account", the requested scopes,
 * a choice of seeded accounts and Approve / Cancel. The form has no `action`, so it posts back to the very
 * URL it was served from (which also works when the runtime serves the sandbox under a loopback path).
 */
export function renderConsentPage(input: ConsentPageInput): string {
  const title = `Authorize ${input.appName} to access your ${input.providerName} account`;
  const scopes = input.scopes
    .map(
      (scope) =>
        `<li class="scope">${input.selectableScopes ? `<label><input type="checkbox" name="scope" value="${escapeHtml(scope.name)}" checked> ` : ''}<code>${escapeHtml(scope.name)}</code>${input.selectableScopes ? '</label>' : ''}<span class="desc">${escapeHtml(scope.description)}</span></li>`,
    )
    .join('');
  const accounts = input.accounts
    .map(
      (account, index) =>
        `<label class="account"><input type="radio" name="account" value="${escapeHtml(account.id)}"${index === 0 ? ' checked' : ''}>` +
        `<span class="who"><strong>${escapeHtml(account.name)}</strong>${account.detail ? `<small>${escapeHtml(account.detail)}</small>` : ''}</span></label>`,
    )
    .join('');
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const body = `<div class="marks"><div class="mark" style="background:#5b5bd6">${escapeHtml(input.appName.charAt(0))}</div>
<span class="dots">•••</span><div class="mark" style="background:${escapeHtml(input.accent)}">${escapeHtml(input.providerName.charAt(0))}</div></div>
<h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(input.appName)} is requesting access to:</p>
<form method="post">${hidden}<ul>${scopes}</ul><h2>${escapeHtml(input.accountLabel)}</h2>${accounts}
<div class="actions"><button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="approve" class="approve">Approve</button></div></form>
<p class="foot">You will be redirected to ${escapeHtml(input.redirectUri)}</p>`;
  return page(title, input.accent, body);
}

/** A provider error page: shown instead of redirecting when the client or redirect URI cannot be trusted. */
export function renderErrorPage(input: { providerName: string; title: string; message: string }): string {
  const body = `<h1>${escapeHtml(input.title)}</h1><p class="sub">${escapeHtml(input.message)}</p>
<p class="foot">${escapeHtml(input.providerName)}</p>`;
  return page(`${input.title} · ${input.providerName}`, '#444', body);
}

/** An HTML response (no caching: consent pages carry a single-use nonce). */
export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}
