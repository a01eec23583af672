import './common/gc-tuning.js';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger, PinoNestLogger } from './common/logger.js';
import { prepareRuntime, releaseRuntime } from './runtime.js';
import { onShutdown } from './shutdown.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await prepareRuntime(config, logger);
  const ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(runtime), { logger: new PinoNestLogger(logger) });
  await ctx.init();
  onShutdown(logger, async () => {
    await ctx.close();
    await releaseRuntime(runtime);
  });
  logger.info({ queueBackend: runtime.queue.kind }, 'hotline worker running');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
