import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { QUEUES } from '../queues/queue-names.js';
import { QUEUE_BACKEND_KIND } from '../app.tokens.js';

const CHECK_TIMEOUT_MS = 2_000;

async function probe(fn: () => Promise<unknown>): Promise<{ status: 'up' | 'down'; ms: number; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', ms: Math.round(performance.now() - started), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.deadlines) private readonly queue: Queue,
    @Inject(QUEUE_BACKEND_KIND) private readonly queueKind: string,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready only when PostgreSQL and the queue backend both answer. */
  @Get('ready')
  async ready() {
    const [database, queue] = await Promise.all([probe(() => this.ds.query('SELECT 1')), probe(() => this.queue.getJobCounts('waiting'))]);
    const body = { status: database.status === 'up' && queue.status === 'up' ? 'ok' : 'unavailable', checks: { database, queue: { ...queue, backend: this.queueKind } } };
    if (body.status !== 'ok') throw new HttpException({ ...body, code: 'NOT_READY', message: 'A dependency is down', details: body.checks }, 503);
    return body;
  }
}
