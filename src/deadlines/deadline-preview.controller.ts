import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { Roles } from '../auth/auth.decorators.js';
import { DirectoryService } from '../directory/directory.service.js';
import { RoutingService } from '../routing/routing.service.js';
import { PRIORITIES, Ticket, type Priority } from '../tickets/ticket.entity.js';
import { DeadlineService } from './deadline.service.js';
import type { Stage } from './sla-policy.entity.js';

export class DeadlinePreviewQueryDto {
  @ApiPropertyOptional({ example: 'environment.noise.construction' }) @IsOptional() @IsString() @Length(1, 200)
  categoryCode?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' }) @IsOptional() @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ description: 'with the description, decides whether the ticket is dispatched at once (then the accept clock runs instead of dispatch)' })
  @IsOptional() @IsString() @Length(1, 100)
  district?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 5000)
  description?: string;
}

export interface DeadlinePreview {
  /** The committed resolve deadline a complaint logged now would get: what the caller is told. */
  dueAt: string | null;
  policy: { id: string; name: string; clock: 'business' | 'wall' } | null;
  /** Each stage that starts at registration, with its breach time. */
  stages: { stage: Stage; dueAt: string }[];
  /** Whether the matching routing rule dispatches the ticket at once. */
  autoDispatch: boolean;
  asOf: string;
}

/**
 * The deadline a complaint would be promised if it were logged now, computed by the same
 * planner registration uses, so the operator can read it to the caller before saving.
 */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/v1/deadlines')
export class DeadlinePreviewController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly routing: RoutingService,
    private readonly deadlines: DeadlineService,
  ) {}

  @Roles('operator', 'dispatcher', 'supervisor', 'admin')
  @Get('preview')
  @ApiOperation({ summary: 'the committed deadline and stage deadlines a complaint logged now would get (nothing is written)' })
  async preview(@Query() q: DeadlinePreviewQueryDto): Promise<DeadlinePreview> {
    const now = new Date();
    const category = q.categoryCode ? await this.directory.categoryByCode(q.categoryCode) : undefined;
    const route = (await this.routing.suggest({ categoryId: category?.id ?? null, district: q.district, description: q.description }))[0];
    const autoDispatch = route?.autoDispatch === true;
    // a draft that is never saved: only the fields the planner reads
    const draft = Object.assign(new Ticket(), { id: 'preview', categoryId: category?.id ?? null, priority: q.priority ?? 'normal', slaPolicyId: null, status: autoDispatch ? 'dispatched' : 'registered' });
    const plan = await this.deadlines.planRegistration(draft, now);
    const policy = plan.ticket.slaPolicyId ? await this.directory.slaPolicyById(plan.ticket.slaPolicyId) : undefined;
    return {
      dueAt: plan.ticket.dueAt?.toISOString() ?? null,
      policy: policy ? { id: policy.id, name: policy.name, clock: policy.clock } : null,
      stages: plan.rows.filter((r) => r.kind === 'breach').map((r) => ({ stage: r.stage, dueAt: r.dueAt.toISOString() })),
      autoDispatch,
      asOf: now.toISOString(),
    };
  }
}
