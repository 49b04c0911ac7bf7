// Fills a tool form the way a person would: a title, and a team picked from what the sandbox shows.
import type { Page } from 'playwright-core';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

export type RuntimeState = {
  functions: {
    id: string;
    name: string;
    triggers: { tool?: { toolName: string; inputSchema: JsonSchema } };
  }[];
  sandbox: Record<string, Record<string, unknown>> | null;
};

/** The first seeded Linear team, as `{ id, key }`, from the sandbox view (its collection holding teams). */
function firstLinearTeam(state: RuntimeState): { id?: string; key?: string } | undefined {
  const linear = state.sandbox?.linear ?? {};
  const teams = Object.entries(linear).find(([key]) => /teams?/i.test(key))?.[1];
  return Array.isArray(teams) ? (teams[0] as { id?: string; key?: string }) : undefined;
}

function valueFor(name: string, schema: JsonSchema, state: RuntimeState, title: string): string | undefined {
  if (/title/i.test(name)) return title;
  if (/team/i.test(name)) {
    const team = firstLinearTeam(state);
    // People (and the AI) name Linear teams by key ("ENG"); a field named `...Id` wants the id.
    return /id$/i.test(name) ? team?.id : (team?.key ?? team?.id);
  }
  if (/description|body/i.test(name)) return 'Created from the console browser test.';
  if (schema.enum) return String(schema.enum[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') return '1';
  return undefined;
}

export async function fillToolForm(page: Page, schema: JsonSchema, state: RuntimeState, title: string) {
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const value = valueFor(name, property, state, title);
    if (value === undefined) {
      if (required.has(name)) throw new Error(`No test value for the required field "${name}"`);
      continue;
    }
    if (!required.has(name) && !/description|body/i.test(name)) continue;
    const field = page.getByTestId(`input-${name}`);
    if (property.enum) await field.selectOption(value);
    else await field.fill(value);
  }
}
