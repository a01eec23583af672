import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AllExceptionsFilter, frameworkErrorResponse } from './common/all-exceptions.filter.js';
import { PinoNestLogger } from './common/logger.js';
import { createValidationPipe } from './common/validation.js';
import { AppModule } from './app.module.js';
import type { Runtime } from './runtime.js';

/** Builds the HTTP app exactly as production runs it; tests use this too. */
export async function createApp(runtime: Runtime): Promise<INestApplication> {
  // Fastify: about half Express's per-request cost (bench:calls); proxies are trusted for the
  // client address and X-Forwarded-Proto/-Host (Twilio's signed URL behind a reverse proxy)
  const adapter = new FastifyAdapter({
    trustProxy: true,
    bodyLimit: 1_048_576,
    frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
      const out = frameworkErrorResponse(req.url, err);
      void reply.status(out.status).headers(out.headers).send(out.payload);
    },
  });
  // Open311 clients post photos as multipart/form-data; the Open311 controller reads its fields
  adapter.getInstance().addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 10 * 1_048_576 }, (_req, body, done) => done(null, body));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(runtime), adapter, { logger: new PinoNestLogger(runtime.logger), abortOnError: false, rawBody: true });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(runtime.logger, app.getHttpAdapter()));
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hotline ticketing service')
      .setDescription('Call logging, routing, ticket lifecycle. Errors are { statusCode, code, message, details? }.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // the docs' assets are served by @fastify/static, which Swagger loads with a dynamic import():
  // hand it the statically imported module (Jest's ESM mode cannot resolve that import)
  await loadPackage('@fastify/static', 'SwaggerModule', async () => fastifyStatic);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
