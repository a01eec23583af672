import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { PinoNestLogger } from './common/logger.js';
import { createValidationPipe } from './common/validation.js';
import { AppModule } from './app.module.js';
import type { Runtime } from './runtime.js';

/** Builds the HTTP app exactly as production runs it; tests use this too. */
export async function createApp(runtime: Runtime): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(runtime), { logger: new PinoNestLogger(runtime.logger), abortOnError: false, rawBody: true });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(runtime.logger));
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  express.set('trust proxy', true);
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hotline ticketing service')
      .setDescription('Call logging, routing, ticket lifecycle. Errors are { statusCode, code, message, details? }.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
