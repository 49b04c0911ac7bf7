/**
 * The runtime's own consent page for MCP clients: a member of this workspace chooses whom the client acts as
 * and which scopes it gets. (The sandboxes have their own pages, standing in for the providers' screens.)
 */

/** Escapes text for HTML element content and attribute values. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const ACCENT = '#5b5bd6';

const STYLE = `
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
background:#f4f5f8;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328}
main{width:440px;max-width:calc(100vw - 32px);background:#fff;border-radius:14px;box-shadow:0 8px 30px rgba(20,20,40,.08),
0 1px 2px rgba(20,20,40,.06);padding:32px}
.mark{width:48px;height:48px;border-radius:12px;display:flex;align-items:center;justify-content:center;color:#fff;
font-weight:700;font-size:22px;margin:0 auto 20px;background:${ACCENT}}
h1{font-size:19px;line-height:1.35;text-align:center;margin:0 0 6px}.sub{text-align:center;color:#656d76;margin:0 0 22px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#656d76;margin:20px 0 8px}
ul{list-style:none;margin:0;padding:0}li.scope{padding:8px 0;border-bottom:1px solid #eef0f3}li.scope:last-child{border:0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f5;border-radius:4px;padding:1px 5px}
.desc{display:block;color:#656d76;font-size:13px}
label.account{display:flex;gap:10px;align-items:center;border:1px solid #d8dee4;border-radius:10px;padding:10px 12px;
margin-bottom:8px;cursor:pointer}label.account:has(input:checked){border-color:${ACCENT};background:#fafbff}
.who{display:flex;flex-direction:column}.who small{color:#656d76}
.actions{display:flex;gap:10px;margin-top:24px}button{flex:1;border-radius:8px;padding:10px 14px;font-size:15px;
font-weight:600;cursor:pointer;border:1px solid #d0d7de;background:#fff;color:#1f2328}
button.approve{background:${ACCENT};border-color:${ACCENT};color:#fff}
.foot{margin-top:18px;font-size:12px;color:#8c959f;text-align:center;word-break:break-all}`;

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;

export type McpConsentInput = {
  clientName: string;
  /** The requested scopes, each a checkbox (posted as `scope`) so the member can approve fewer. */
  scopes: { name: string; description: string }[];
  members: { id: string; name: string; email: string }[];
  /** Where Approve/Cancel send the browser back to (shown, as real consent screens do). */
  redirectUri: string;
};

/**
 * "Allow <client> to use the twenty-connect tools": the scopes, the member the client acts as, Approve / Cancel.
 * The form has no `action`: it posts back to the URL it was served from.
 */
export const renderMcpConsentPage = (input: McpConsentInput): string => {
  const title = `Allow ${input.clientName} to use the twenty-connect tools`;
  const scopes = input.scopes
    .map(
      (scope) =>
        `<li class="scope"><label><input type="checkbox" name="scope" value="${escapeHtml(scope.name)}" checked> <code>${escapeHtml(scope.name)}</code></label><span class="desc">${escapeHtml(scope.description)}</span></li>`,
    )
    .join('');
  const members = input.members
    .map(
      (member, index) =>
        `<label class="account"><input type="radio" name="account" value="${escapeHtml(member.id)}"${index === 0 ? ' checked' : ''}>` +
        `<span class="who"><strong>${escapeHtml(member.name)}</strong><small>${escapeHtml(member.email)}</small></span></label>`,
    )
    .join('');
  const body = `<div class="mark">${escapeHtml(input.clientName.charAt(0))}</div>
<h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(input.clientName)} is requesting access to:</p>
<form method="post"><ul>${scopes}</ul><h2>Act as (the member's own connections, then workspace-shared ones)</h2>${members}
<div class="actions"><button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="approve" class="approve">Approve</button></div></form>
<p class="foot">You will be redirected to ${escapeHtml(input.redirectUri)}</p>`;
  return page(title, body);
};

/** The authorization server's error page (an OAuth error code and what to do). */
export const renderMcpErrorPage = (error: string, description: string): string =>
  page(
    `${error} · twenty-connect MCP`,
    `<h1>${escapeHtml(error)}</h1><p class="sub">${escapeHtml(description)}</p><p class="foot">twenty-connect MCP</p>`,
  );
