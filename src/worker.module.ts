import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, WORKER_MODULES } from './app.module.js';
import type { Runtime } from './runtime.js';

/** The worker process: domain services and queue processors, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(runtime), ...WORKER_MODULES] };
  }
}
