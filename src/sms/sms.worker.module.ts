import { Module } from '@nestjs/common';
import { SmsArmer } from './sms-armer.js';
import { SmsSendProcessor } from './sms-send.processor.js';
import { SmsSender } from './sms-sender.js';

/** The outbox's armer and sender: only in processes that run workers. */
@Module({ providers: [SmsArmer, SmsSender, SmsSendProcessor], exports: [SmsArmer, SmsSender] })
export class SmsWorkerModule {}
