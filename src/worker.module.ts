import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule } from './app.module.js';
import type { Runtime } from './runtime.js';
import { DeadlinesWorkerModule } from './deadlines/deadlines.worker.module.js';
import { AlertsWorkerModule } from './alerts/alerts.worker.module.js';

/** The worker process: domain services and queue processors, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(runtime), DeadlinesWorkerModule, AlertsWorkerModule] };
  }
}
