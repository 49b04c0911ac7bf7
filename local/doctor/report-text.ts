import type { DoctorReport } from './doctor.ts';
import type { Status } from './probe-kit.ts';

const MARK: Record<Status, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

/** The plain-text report: one block per provider, one line per check. */
export const formatReport = (report: DoctorReport): string => {
  const lines = [
    `twenty-connect doctor${report.mode ? ` · ${report.mode} mode` : ''} · runtime ${report.runtimeUrl}`,
    '',
  ];
  for (const provider of report.providers) {
    const head = provider.note
      ? `${provider.displayName}: ${provider.note}`
      : `${provider.displayName}: configured, requests ${provider.requestedScopes.join(', ')}`;
    lines.push(head);
    for (const connection of provider.connections) {
      const who = [
        connection.visibility,
        connection.owner && `owner ${connection.owner}`,
        connection.account && `account ${connection.account}`,
      ];
      lines.push(`  "${connection.name}": ${who.filter(Boolean).join(', ')}`);
      const width = Math.max(...connection.checks.map((check) => check.check.length));
      for (const check of connection.checks) {
        lines.push(`    ${MARK[check.status]}  ${check.check.padEnd(width)}  ${check.detail}`);
      }
    }
    lines.push('');
  }
  lines.push(`Result: ${report.verdict}. ${report.summary}`);
  return `${lines.join('\n')}\n`;
};
