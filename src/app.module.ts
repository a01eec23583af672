import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { CallersController } from './callers/callers.controller.js';
import { CallsController } from './calls/calls.controller.js';
import { CallsService } from './calls/calls.service.js';
import { CategoriesController } from './categories/categories.controller.js';
import { APP_CONFIG } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { ENTITIES } from './database/entities.js';
import { DepartmentsController } from './departments/departments.controller.js';
import { DirectoryService } from './directory/directory.service.js';
import { HealthController } from './health/health.controller.js';
import { QueuesModule } from './queues/queues.module.js';
import { RoutingController } from './routing/routing.controller.js';
import { RoutingService } from './routing/routing.service.js';
import { LOGGER, QUEUE_BACKEND_KIND } from './app.tokens.js';
import type { Runtime } from './runtime.js';
import { TicketNumberAllocator } from './tickets/ticket-number.allocator.js';
import { TicketViewService } from './tickets/ticket-view.service.js';
import { TicketsController } from './tickets/tickets.controller.js';
import { TicketsService } from './tickets/tickets.service.js';
import { UsersController } from './users/users.controller.js';
import { AlertService } from './alerts/alert.service.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { AlertStream } from './alerts/alert-stream.js';
import { SupervisionController } from './alerts/supervision.controller.js';
import { AlertsWorkerModule } from './alerts/alerts.worker.module.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { CalendarService } from './calendar/calendar.service.js';
import { DeadlineFirer } from './deadlines/deadline-firer.js';
import { DeadlineScheduler } from './deadlines/deadline-scheduler.js';
import { DeadlineService } from './deadlines/deadline.service.js';
import { DeadlinesWorkerModule } from './deadlines/deadlines.worker.module.js';
import { ExtensionsController } from './extensions/extensions.controller.js';
import { ExtensionsService } from './extensions/extensions.service.js';
import { SlaPoliciesController } from './deadlines/sla-policies.controller.js';
import { FeedbackController } from './feedback/feedback.controller.js';
import { FeedbackWorkerModule } from './feedback/feedback.worker.module.js';
import { RatingService } from './feedback/rating.service.js';
import { SmsController } from './sms/sms.controller.js';
import { SmsInboundService } from './sms/sms-inbound.service.js';
import { SmsOutbox } from './sms/sms-outbox.js';
import { SmsWordings } from './sms/sms-wordings.js';
import { SmsScheduler } from './sms/sms-scheduler.js';
import { SmsStatusService } from './sms/sms-status.service.js';
import { createSmsTransport, SMS_TRANSPORT } from './sms/sms-transport.js';
import { SmsWorkerModule } from './sms/sms.worker.module.js';
import { Open311Module } from './open311/open311.module.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { EmailWorkerModule } from './email/email.worker.module.js';
import { ConsoleModule } from './console/console.module.js';

/** Domain services both processes use (the API to act, the worker to fire and deliver). */
const SHARED_SERVICES = [
  DirectoryService,
  RoutingService,
  TicketNumberAllocator,
  TicketsService,
  TicketViewService,
  CallsService,
  CalendarService,
  AlertService,
  DeadlineService,
  DeadlineScheduler,
  DeadlineFirer,
  SmsWordings,
  SmsOutbox,
  SmsScheduler,
  SmsStatusService,
];

/** Processors, pollers and sweepers: the worker process, or the API process in one-machine mode. */
export const WORKER_MODULES = [DeadlinesWorkerModule, AlertsWorkerModule, SmsWorkerModule, FeedbackWorkerModule, EmailWorkerModule];

/** What both processes share: config, database, queues, domain services. */
@Module({})
export class CoreModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions({ url: runtime.databaseUrl, applicationName: 'hotline' }) }),
        TypeOrmModule.forFeature(ENTITIES),
        QueuesModule.forRoot(runtime.queue),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: QUEUE_BACKEND_KIND, useValue: runtime.queue.kind },
        { provide: SMS_TRANSPORT, useValue: createSmsTransport(runtime.config.sms) },
        ...SHARED_SERVICES,
      ],
      exports: [TypeOrmModule, APP_CONFIG, LOGGER, QUEUE_BACKEND_KIND, SMS_TRANSPORT, ...SHARED_SERVICES],
    };
  }
}

/** The HTTP API. */
@Module({})
export class AppModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(runtime),
        Open311Module,
        ConsoleModule,
        // one-machine mode: API and workers in one process
        ...(runtime.config.runWorkers ? WORKER_MODULES : []),
        // A KeyObject, not the string: jsonwebtoken first tries to parse a string secret as a PEM
        // public key on every verify, which costs ~450 µs per request (measured by bench:calls).
        JwtModule.register({ secret: createSecretKey(Buffer.from(runtime.config.jwtSecret)) as unknown as string, signOptions: { expiresIn: runtime.config.jwtTtlSeconds, algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
      ],
      controllers: [
        AuthController,
        HealthController,
        CallsController,
        CallersController,
        TicketsController,
        RoutingController,
        CategoriesController,
        DepartmentsController,
        UsersController,
        AlertsController,
        ExtensionsController,
        SlaPoliciesController,
        SmsController,
        FeedbackController,
        ReportsController,
        SupervisionController,
        CalendarController,
      ],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }, ExtensionsService, RatingService, SmsInboundService, ReportsService, AlertStream],
    };
  }
}
