import { Module } from '@nestjs/common';
import { DeadlineArmer } from './deadline-armer.js';
import { DeadlineDueProcessor } from './deadline-due.processor.js';
import { DeadlineReconciler } from './deadline-reconciler.js';

/** The armer, the processor and the reconciler: only in processes that run workers. */
@Module({ providers: [DeadlineArmer, DeadlineDueProcessor, DeadlineReconciler], exports: [DeadlineArmer, DeadlineReconciler] })
export class DeadlinesWorkerModule {}
