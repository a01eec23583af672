import { Module } from '@nestjs/common';
import { AlertDeliveryWorker } from './alert-delivery.worker.js';
import { AlertTransports } from './alert-transports.js';

/** Sends alerts outside the app: only in processes that run workers. */
@Module({ providers: [AlertTransports, AlertDeliveryWorker], exports: [AlertDeliveryWorker] })
export class AlertsWorkerModule {}
