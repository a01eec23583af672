import './common/gc-tuning.js';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './common/logger.js';
import { createApp } from './app.factory.js';
import { prepareRuntime, releaseRuntime } from './runtime.js';
import { DEMO_OPEN311_KEY, DEMO_USERNAMES } from './seed/demo-seed.js';
import { onShutdown } from './shutdown.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await prepareRuntime(config, logger);
  const app = await createApp(runtime);
  onShutdown(logger, async () => {
    await app.close();
    await releaseRuntime(runtime);
  });
  await app.listen(config.port, config.mode === 'demo' ? '127.0.0.1' : '0.0.0.0');
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  logger.info({ url, mode: config.mode, queueBackend: runtime.queue.kind }, 'hotline API listening');
  if (config.mode === 'demo') {
    const logins = DEMO_USERNAMES.map((u) => `    ${u.username.padEnd(11)} (${u.role})`).join('\n');
    process.stdout.write(
      `\nHotline demo is running at ${url}\n  API docs: ${url}/api/docs\n  Data: ${config.dataDir} (embedded PostgreSQL; BullMQ on PostgreSQL)\n` +
        `  Open311 GeoReport v2: ${url}/open311/discovery.xml (post with api_key=${DEMO_OPEN311_KEY})\n` +
        (config.sms.transport === 'sandbox' ? `  SMS: sandbox (no Twilio configured); play a caller with POST ${url}/api/v1/sms/sandbox/inbound\n` : '') +
        `  Demo logins, password "${config.demoPassword}":\n${logins}\n  Stop with Ctrl-C.\n\n`,
    );
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
