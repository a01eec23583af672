import { Module } from '@nestjs/common';
import { DeadlineDueProcessor } from './deadline-due.processor.js';
import { DeadlineReconciler } from './deadline-reconciler.js';

/** Processors and the reconciler: only in processes that run workers. */
@Module({ providers: [DeadlineDueProcessor, DeadlineReconciler], exports: [DeadlineReconciler] })
export class DeadlinesWorkerModule {}
