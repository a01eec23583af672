import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../app.tokens.js';
import { DeadlinePreviewController } from '../deadlines/deadline-preview.controller.js';
import { consoleBundleDir, serveConsole } from './console-static.js';
import { SettingsController } from './settings.controller.js';

/**
 * The web console: its built bundle served at `/` by the API process, and the two small
 * endpoints it needs that no other feature had (the deployment's settings, a deadline preview).
 * The deadline preview lives with the deadlines feature; it is registered here only so the app
 * module gains a single import.
 */
@Module({ controllers: [SettingsController, DeadlinePreviewController] })
export class ConsoleModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // an application context without HTTP (the worker) has nothing to serve
    if (fastify) serveConsole(fastify, consoleBundleDir(), this.logger);
  }
}
