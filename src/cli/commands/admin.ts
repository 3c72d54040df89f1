// `tenure migrate`, `tenure workspace …`, `tenure user …`, `tenure token …`: administration
// through the services (never through HTTP).
import { type Command, Option } from 'commander';
import { createApiToken, revokeApiToken } from '../../modules/auth/index.ts';
import { addMember, roles } from '../../modules/users/index.ts';
import { createWorkspaceWithOwner } from '../../workflows/create-workspace.ts';
import { resealSecrets } from '../../workflows/reseal-secrets.ts';
import { printJson, withDeps } from '../run.ts';
import { parseDateTime, parseUuid } from './options.ts';

const roleOption = () => new Option('--role <role>', 'role in the workspace').choices(roles).makeOptionMandatory();

export function registerAdmin(program: Command) {
  program
    .command('migrate')
    .description('Apply pending database migrations (also done at every start)')
    .action(async () => {
      await withDeps('migrate', async () => {});
      console.log('Database is up to date.');
    });

  program
    .command('secrets')
    .description('Stored secrets (webhook signing secrets, authenticator keys), sealed with SECRETS_KEY')
    .command('reseal')
    .description(
      'Seal every stored secret with the first key of SECRETS_KEY (after adding a key, before dropping the old one)',
    )
    .option('--json', 'print {"webhookSecrets", "authenticatorKeys"}: how many were resealed')
    .action(async (o) => {
      const counts = await withDeps('secrets reseal', (deps) => resealSecrets(deps));
      if (o.json) return printJson(counts);
      console.log(
        `Resealed ${counts.webhookSecrets} webhook signing secret(s) and ${counts.authenticatorKeys} authenticator key(s).`,
      );
    });

  const workspace = program.command('workspace').description('Workspaces (tenants)');
  workspace
    .command('create')
    .description('Create a workspace and its owner')
    .requiredOption('--name <name>', 'workspace name')
    .requiredOption('--owner-email <email>', "owner's email")
    .requiredOption(
      '--owner-password <password>',
      "owner's password (at least 10 characters; not a common password, a sequence or the email)",
    )
    .option('--owner-name <name>', "owner's name")
    .option('--slug <slug>', 'public slug (for the complaint form); derived from the name when absent')
    .option('--currency <code>', 'ISO 4217 currency', 'USD')
    .addOption(
      new Option('--locale <locale>', 'language of the workspace').choices(['en', 'pt-BR', 'es']).default('en'),
    )
    .option('--time-zone <tz>', 'IANA time zone', 'UTC')
    .option('--json', 'print {"workspaceId", "apiToken"} (an owner API token)')
    .action(async (o) => {
      const created = await withDeps('workspace create', (deps) =>
        createWorkspaceWithOwner(deps, {
          workspace: { name: o.name, slug: o.slug, currency: o.currency, locale: o.locale, timeZone: o.timeZone },
          owner: { email: o.ownerEmail, name: o.ownerName, password: o.ownerPassword },
          withToken: Boolean(o.json),
        }),
      );
      if (o.json) return printJson({ workspaceId: created.workspace.id, apiToken: created.token?.token });
      console.log(
        `Created workspace "${created.workspace.name}" (${created.workspace.id}); owner ${created.owner.email}.`,
      );
    });

  const user = program.command('user').description('People in a workspace');
  user
    .command('create')
    // The operator runs the CLI on the server itself, so it adds directly; through the API
    // (other workspaces' admins) people are invited and must accept.
    .description(
      'Add a person to a workspace directly (creating their account if new); through the API, people are invited instead',
    )
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .requiredOption('--email <email>', 'email')
    .requiredOption('--name <name>', 'name')
    .addOption(roleOption())
    .option('--password <password>', 'password (required for a new account; the same rule as --owner-password)')
    .option('--json', 'print the member as JSON')
    .action(async (o) => {
      const member = await withDeps('user create', (deps) =>
        addMember(
          deps,
          o.workspace,
          { role: 'owner' },
          { email: o.email, name: o.name, role: o.role, password: o.password },
        ),
      );
      if (o.json) return printJson(member);
      console.log(`Added ${member.email} as ${member.role} (${member.id}).`);
    });

  const token = program.command('token').description('API tokens for integrations');
  token
    .command('create')
    .description('Create an API token; the secret is printed once')
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .requiredOption('--name <name>', 'what the token is for')
    .addOption(roleOption())
    .option('--expires-at <datetime>', 'when it stops working (ISO 8601)', parseDateTime)
    .option('--json', 'print the token as JSON')
    .action(async (o) => {
      const created = await withDeps('token create', (deps) =>
        createApiToken(deps, {
          workspaceId: o.workspace,
          actorRole: 'owner',
          createdByUserId: null,
          input: { name: o.name, role: o.role, expiresAt: o.expiresAt },
        }),
      );
      if (o.json) return printJson(created);
      console.log(
        `Token "${created.name}" (${created.role}, id ${created.id}):\n${created.token}\nStore it now; it is not shown again.`,
      );
    });
  token
    .command('revoke')
    .description('Revoke an API token')
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .requiredOption('--id <id>', 'token id', parseUuid)
    .action(async (o) => {
      const revoked = await withDeps('token revoke', (deps) =>
        revokeApiToken(deps, o.workspace, { role: 'owner' }, o.id),
      );
      console.log(`Revoked token "${revoked.name}" (${revoked.id}).`);
    });
}
