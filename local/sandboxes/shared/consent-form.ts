/** The fields of a consent page's form, as a browser would post them. */
export type ConsentForm = { fields: Record<string, string>; accounts: string[]; scopes: string[] };

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Reads a consent page rendered by `renderConsentPage`: its hidden fields and the account choices. Lets
 * tests (and scripts) act like a person clicking Approve without a browser (`scopes`: the checkboxes of a page
 * with selectable scopes, each posted as `scope`):
 * `new URLSearchParams({ ...form.fields, account: form.accounts[0], decision: 'approve' })`.
 */
export function readConsentForm(html: string): ConsentForm {
  const fields: Record<string, string> = {};
  const accounts: string[] = [];
  const scopes: string[] = [];
  for (const match of html.matchAll(/<input ([^>]*)>/g)) {
    const attributes = Object.fromEntries(
      [...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((attr) => [attr[1]!, decodeEntities(attr[2]!)]),
    );
    if (attributes.type === 'hidden' && attributes.name) fields[attributes.name] = attributes.value ?? '';
    if (attributes.type === 'radio' && attributes.name === 'account') accounts.push(attributes.value ?? '');
    if (attributes.type === 'checkbox' && attributes.name === 'scope') scopes.push(attributes.value ?? '');
  }
  return { fields, accounts, scopes };
}
