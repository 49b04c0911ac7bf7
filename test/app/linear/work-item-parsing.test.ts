import { describe, expect, it } from 'vitest';
import { classifyLinear } from '../../../src/providers/linear/linear.errors.ts';
import type { LinearIssue } from '../../../src/providers/linear/linear.issues.ts';
import { linearItemOf, parseLinearReference } from '../../../src/providers/linear/linear.work-items.ts';

const UUID = '5eed0004-0000-4000-8000-000000000001';

describe('parseLinearReference', () => {
  it.each([
    ['ENG-42', { identifier: 'ENG-42' }],
    ['  eng-42 ', { identifier: 'ENG-42' }],
    ['OPS2-7', { identifier: 'OPS2-7' }],
    [UUID, { id: UUID }],
    [UUID.toUpperCase(), { id: UUID }],
    [
      'https://linear.app/acme/issue/ENG-42/gripper-firmware-drops-can-frames',
      { identifier: 'ENG-42', workspace: 'acme' },
    ],
    ['https://linear.app/Acme/issue/eng-42', { identifier: 'ENG-42', workspace: 'acme' }],
    [
      'https://linear.app/acme/issue/ENG-42/slug?foo=1#comment-1',
      { identifier: 'ENG-42', workspace: 'acme' },
    ],
  ])('reads %s', (text, expected) => {
    expect(parseLinearReference(text)).toEqual(expected);
  });

  it.each([
    '',
    'ENG',
    '42',
    'ENG-',
    'ENG 42',
    '-42',
    'ENG-42-1',
    'http://linear.app/acme/issue/ENG-42',
    'https://linear.app.evil.com/acme/issue/ENG-42',
    'https://github.com/acme/repo/issues/42',
    'https://linear.app/acme/project/ENG-42',
    'https://linear.app/acme/issue/',
    'not a url ENG-42',
  ])('refuses %j', (text) => {
    expect(parseLinearReference(text)).toBeNull();
  });
});

const issue = (
  state: { name: string; type: string } | null,
  assignee: string | null = 'Ada',
): LinearIssue => ({
  id: UUID,
  identifier: 'ENG-1',
  title: 'Gripper',
  url: 'https://linear.app/acme/issue/ENG-1/gripper',
  priority: 1,
  updatedAt: '2026-11-28T10:00:00.000Z',
  state,
  assignee: assignee ? { name: assignee } : null,
  team: { key: 'ENG' },
});

describe('linearItemOf', () => {
  it.each([
    ['triage', 'OPEN'],
    ['backlog', 'OPEN'],
    ['unstarted', 'OPEN'],
    ['started', 'IN_PROGRESS'],
    ['completed', 'DONE'],
    ['canceled', 'CANCELED'],
    ['duplicate', 'CANCELED'],
    ['something new', null],
  ])('maps state type %s to %s', (type, category) => {
    expect(linearItemOf(issue({ name: 'Whatever', type })).statusCategory).toBe(category);
  });

  it('keeps the state name, assignee, URL and updatedAt as Linear gives them', () => {
    expect(linearItemOf(issue({ name: 'In Progress', type: 'started' }))).toEqual({
      provider: 'linear',
      upstreamId: UUID,
      identifier: 'ENG-1',
      title: 'Gripper',
      url: 'https://linear.app/acme/issue/ENG-1/gripper',
      status: 'In Progress',
      statusCategory: 'IN_PROGRESS',
      assignee: 'Ada',
      upstreamUpdatedAt: '2026-11-28T10:00:00.000Z',
    });
  });

  it('has no status or assignee when Linear gives none', () => {
    expect(linearItemOf(issue(null, null))).toMatchObject({
      status: null,
      statusCategory: null,
      assignee: null,
    });
  });
});

describe('classifyLinear: permissions', () => {
  const answer = (extensions: Record<string, unknown>, message: string) => ({
    errors: [{ message, extensions }],
  });

  it('reads "feature not accessible" as FORBIDDEN saying a Linear admin or plan must allow it', () => {
    const failure = classifyLinear(
      new Response(null, { status: 200 }),
      answer(
        { type: 'feature not accessible', userPresentableMessage: 'Customers is not enabled.' },
        'Feature not accessible',
      ),
    );
    expect(failure?.code).toBe('FORBIDDEN');
    expect(failure?.message).toMatch(/Customers is not enabled.*Linear admin.*plan/);
  });

  it('reads a forbidden answer naming a scope as FORBIDDEN telling the member to reconnect', () => {
    const failure = classifyLinear(
      new Response(null, { status: 200 }),
      answer(
        { type: 'forbidden', code: 'FORBIDDEN', userPresentableMessage: 'You do not have permission.' },
        'Invalid scope: `write` required',
      ),
    );
    expect(failure?.code).toBe('FORBIDDEN');
    expect(failure?.message).toMatch(/Invalid scope: `write` required.*Reconnect it in Settings/);
  });

  it('keeps other forbidden answers as they were', () => {
    const failure = classifyLinear(
      new Response(null, { status: 403 }),
      answer({ type: 'forbidden', userPresentableMessage: 'Admins only.' }, 'Forbidden'),
    );
    expect(failure).toEqual({ code: 'FORBIDDEN', message: 'Linear refused: Admins only.' });
  });
});
