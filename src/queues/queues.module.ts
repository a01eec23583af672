import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queue-names.js';
import type { QueueBackend } from './queue-backend.js';

/** Registers BullMQ on the chosen backend and every queue; producers inject queues from here. */
@Module({})
export class QueuesModule {
  static forRoot(backend: QueueBackend): DynamicModule {
    const queues = Object.values(QUEUES).map((name) => ({ name }));
    return {
      module: QueuesModule,
      global: true,
      imports: [
        BullModule.forRoot({ connection: backend.connection, prefix: backend.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
        BullModule.registerQueue(...queues),
      ],
      exports: [BullModule],
    };
  }
}
