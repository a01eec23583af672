import { Module } from '@nestjs/common';
import { CallerEmailWorker } from './caller-email.worker.js';

/** Sends callers' e-mails: only in processes that run workers. */
@Module({ providers: [CallerEmailWorker], exports: [CallerEmailWorker] })
export class EmailWorkerModule {}
