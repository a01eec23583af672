import { Module } from '@nestjs/common';
import { CallbackSweeper } from './callback-sweeper.js';

/** Turns unanswered rating requests into callback tasks: only in processes that run workers. */
@Module({ providers: [CallbackSweeper], exports: [CallbackSweeper] })
export class FeedbackWorkerModule {}
