// `npm run doctor`: checks the runtime's connections against their providers (docs/doctor.md).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeOf, runDoctor } from '../local/doctor/doctor.ts';
import { formatReport } from '../local/doctor/report-text.ts';
import { loadSettings, SettingsError } from '../local/twenty/config/settings.ts';

const HELP = `npm run doctor -- [options]

Checks every connection of the running local runtime against its providers with the app's own
provider code: reachable, token accepted, scopes, expiry and refresh, rate-limit headroom, answer shapes.
Read-only at the providers unless --write. Sandbox mode checks the sandboxes; live mode the real providers (needs the network).

  --write               also create one test item per provider and remove it (only where removal is possible)
  --slack-channel <id>  the channel for Slack's test message (default: LINEAR_DIGEST_SLACK_CHANNEL)
  --linear-team <key>   the team for Linear's test issue (default: the first team)
  --url <url>           the runtime (default: from .twentyrc / TWENTY_CONNECT_HOST and _PORT)
  --json                the report as JSON on stdout
  -h, --help            this text

Exit code: 0 all good, 1 something is broken, 2 the doctor could not check (runtime down, no network).`;

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      write: { type: 'boolean', default: false },
      'slack-channel': { type: 'string' },
      'linear-team': { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const settings = loadSettings(resolve(import.meta.dirname, '..'));
  const host =
    settings.host === '0.0.0.0'
      ? '127.0.0.1'
      : settings.host.includes(':')
        ? `[${settings.host}]`
        : settings.host;
  const out = process.stdout.write.bind(process.stdout);
  // Progress, and the app code's own log lines (retries), go to stderr: stdout is the report.
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.warn = toStderr;
  const report = await runDoctor({
    runtimeUrl: values.url ?? `http://${host}:${settings.port}`,
    dataDir: settings.dataDir,
    write: values.write
      ? { slackChannel: values['slack-channel'] ?? null, linearTeam: values['linear-team'] ?? null }
      : null,
    progress: (line) => process.stderr.write(`… ${line}\n`),
  });
  out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return exitCodeOf(report);
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof SettingsError ? error.message : `The doctor stopped: ${(error as Error).message ?? error}`}\n`,
    );
    process.exitCode = 2;
  },
);
