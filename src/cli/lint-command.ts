/**
 * `flowhook lint --webhook FILE`: checks a webhook config without sending anything and reports every
 * problem at once: the config's fields, its OAuth settings and response validators, the body template's
 * syntax, whether the template renders JSON for each of the six sample events, and every template path
 * that the event schema does not have (Handlebars renders a misspelt path as an empty string, silently).
 */
import { describeOAuth, readOAuthSettings } from '../core/oauth-settings.js';
import { secretsOf } from '../core/redact.js';
import { compileTemplate, type CompiledTemplate } from '../core/render.js';
import { compileResponseValidators } from '../core/response-validators.js';
import { SAMPLE_EVENTS } from '../core/samples.js';
import { unknownTemplatePaths } from '../core/template-lint.js';
import { TRIGGERS } from '../core/triggers.js';
import type { LocalTargetOptions } from '../core/url-policy.js';
import { validateWebhookConfig } from '../core/webhook-config.js';
import { compileWebhook } from '../deliver.js';
import { FlowhookError, isFlowhookError, type Problem } from '../errors.js';
import type { Trigger, WebhookConfig } from '../types.js';
import { localTargetsFrom } from './allow-local.js';
import { describeTarget } from './describe-target.js';
import { RedactingIO, processIO, type CommandIO } from './io.js';
import { readWebhookFile } from './load-webhook.js';
import { EXIT, runCommand } from './run-command.js';

export interface LintCommandOptions {
  webhook: string;
  allowLocal?: boolean;
  /** `--allow-net`: comma-separated networks. */
  allowNet?: string;
  json?: boolean;
}

export interface LintReport {
  /** The webhook's name, when the config has one. */
  webhook: string | null;
  /** What okta-url recognised in the URL and where the credential sits; absent when the URL does not parse. */
  target?: string;
  /** Which client gets OAuth tokens, how and where; absent without OAuth or when its settings have problems. */
  oauth?: string;
  /** The triggers whose sample event the template renders to JSON. */
  renders: Trigger[];
  /** Every problem, each at its JSON path; empty when the config is ready to send. */
  problems: Problem[];
}

const TEMPLATE_PATH = '$.body_template';

/** Lints a config read from a file; a problem of the config is reported, never thrown. It never connects anywhere. */
export function lintWebhook(value: unknown, targets: LocalTargetOptions = {}): LintReport {
  const problems = validateWebhookConfig(value, targets);
  const config = isRecord(value) ? value : {};
  const describable =
    typeof config.url === 'string' &&
    URL.canParse(config.url) &&
    !hasProblemAt(problems, '$.headers') &&
    !hasProblemAt(problems, '$.authentication_config');
  const report: LintReport = {
    webhook: typeof config.name === 'string' ? config.name : null,
    ...(describable ? { target: describeTarget(config as Pick<WebhookConfig, 'url' | 'headers' | 'authentication_config'>) } : {}),
    renders: [],
    problems,
  };
  if (problems.length > 0) {
    // Only a template that is a string can be checked further; the schema problems say what else is wrong.
    if (typeof config.body_template === 'string') lintTemplate(config.body_template, report);
    return report;
  }
  const webhook = value as WebhookConfig;
  const oauth = webhook.authentication_config?.oauth;
  if (oauth) report.oauth = describeOAuth(readOAuthSettings(oauth, webhook.url, targets));
  problems.push(...thrownProblems(() => compileResponseValidators(webhook.response_validators)));
  lintTemplate(webhook.body_template, report);
  // Whatever the checks above missed would still stop a delivery.
  if (problems.length === 0) problems.push(...thrownProblems(() => compileWebhook(webhook, targets)));
  return report;
}

function lintTemplate(source: string | null | undefined, report: LintReport): void {
  let template: CompiledTemplate;
  try {
    template = compileTemplate(source);
  } catch (err) {
    report.problems.push(...problemsOf(err));
    return;
  }
  const failures = new Map<string, Trigger[]>();
  for (const trigger of TRIGGERS) {
    try {
      template.render(SAMPLE_EVENTS[trigger]);
      report.renders.push(trigger);
    } catch (err) {
      for (const problem of problemsOf(err)) {
        const key = `${problem.path}\n${problem.message}`;
        failures.set(key, [...(failures.get(key) ?? []), trigger]);
      }
    }
  }
  for (const [key, triggers] of failures) {
    const [path = TEMPLATE_PATH, message = ''] = key.split('\n');
    const which = triggers.length === TRIGGERS.length ? 'every sample event' : `the sample event of ${triggers.join(', ')}`;
    report.problems.push({ path, message: `${message} (rendering ${which})` });
  }
  if (source === null || source === undefined || source.trim() === '') return;
  for (const unknown of unknownTemplatePaths(source)) {
    const suggestion = unknown.suggestion === undefined ? '' : `; did you mean "${unknown.suggestion}"?`;
    report.problems.push({
      path: TEMPLATE_PATH,
      message: `line ${unknown.line}: "${unknown.path}" is not in the event schema, so it renders empty${suggestion}`,
    });
  }
}

export async function lintCommand(options: LintCommandOptions, io: CommandIO): Promise<number> {
  const output = new RedactingIO(io);
  return runCommand(output, async () => {
    const targets = localTargetsFrom(options, io.env);
    const value = readWebhookFile(options.webhook, io.env, output);
    const report = lintWebhook(value, targets);
    if (report.problems.length === 0) output.addSecrets(secretsOf(value as WebhookConfig));
    if (options.json === true) {
      output.out(JSON.stringify(report, null, 2));
      return report.problems.length === 0 ? EXIT.ok : EXIT.badInput;
    }
    output.out(humanReport(report, options.webhook).join('\n'));
    if (report.problems.length === 0) return EXIT.ok;
    const count = report.problems.length === 1 ? '1 problem' : `${report.problems.length} problems`;
    const name = report.webhook === null ? '' : ` "${report.webhook}"`;
    throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', `webhook config${name} (${options.webhook}) has ${count}`, {
      hint: 'fix each problem at its JSON path, then run flowhook lint again',
      details: report.problems,
    });
  });
}

function humanReport(report: LintReport, file: string): string[] {
  const lines = [report.webhook === null ? `webhook config ${file}` : `webhook "${report.webhook}" (${file})`];
  if (report.target !== undefined) lines.push(`  target: ${report.target}`);
  if (report.oauth !== undefined) lines.push(`  oauth: ${report.oauth}`);
  const rendered = report.renders.length === TRIGGERS.length ? 'all 6 triggers' : `${report.renders.length} of 6 triggers`;
  lines.push(`  template: renders JSON for ${rendered}`);
  if (report.problems.length === 0) lines.push('no problems found');
  return lines;
}

/** `flowhook lint`: runs the command. */
export async function runLint(options: LintCommandOptions): Promise<void> {
  process.exitCode = await lintCommand(options, processIO);
}

function thrownProblems(check: () => unknown): Problem[] {
  try {
    check();
    return [];
  } catch (err) {
    return problemsOf(err);
  }
}

function problemsOf(err: unknown): Problem[] {
  if (!isFlowhookError(err)) throw err;
  return err.details ?? [{ path: '$', message: err.message }];
}

function hasProblemAt(problems: readonly Problem[], prefix: string): boolean {
  return problems.some((problem) => problem.path.startsWith(prefix));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
