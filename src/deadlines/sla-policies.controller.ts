import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { badRequest, notFound } from '../common/domain-error.js';
import { DirectoryService } from '../directory/directory.service.js';
import { parseLimit } from './deadline-plan.js';
import { SlaPolicyDto } from './sla-policy.dto.js';
import { SlaPolicy, STAGES } from './sla-policy.entity.js';

/** Admins set the time limits; a change applies to tickets registered from then on. */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/v1/sla-policies')
export class SlaPoliciesController {
  constructor(
    @InjectRepository(SlaPolicy) private readonly policies: Repository<SlaPolicy>,
    private readonly directory: DirectoryService,
  ) {}

  @Roles('dispatcher', 'supervisor', 'admin')
  @Get()
  list(): Promise<SlaPolicy[]> {
    return this.policies.find({ order: { createdAt: 'ASC' } });
  }

  @Roles('admin')
  @Post()
  async create(@Body() dto: SlaPolicyDto): Promise<SlaPolicy> {
    return this.save(this.policies.create({ id: randomUUID() }), dto);
  }

  @Roles('admin')
  @Put(':id')
  async replace(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SlaPolicyDto): Promise<SlaPolicy> {
    const policy = await this.policies.findOneBy({ id });
    if (!policy) throw notFound('SLA_POLICY_NOT_FOUND', 'No such SLA policy');
    return this.save(policy, dto);
  }

  private async save(policy: SlaPolicy, dto: SlaPolicyDto): Promise<SlaPolicy> {
    const limits: Record<string, string> = {};
    for (const [stage, text] of Object.entries(dto.limits)) {
      if (!(STAGES as readonly string[]).includes(stage)) throw badRequest('UNKNOWN_STAGE', `limits.${stage}: stages are ${STAGES.join(', ')}`, { field: `limits.${stage}` });
      try {
        parseLimit(String(text));
      } catch (err) {
        throw badRequest('INVALID_LIMIT', `limits.${stage}: ${(err as Error).message}`, { field: `limits.${stage}` });
      }
      limits[stage] = String(text).trim();
    }
    Object.assign(policy, {
      name: dto.name,
      categoryId: dto.categoryCode ? (await this.directory.categoryByCode(dto.categoryCode)).id : null,
      priority: dto.priority ?? null,
      clock: dto.clock ?? 'business',
      limits,
      warnPercent: dto.warnPercent ?? 75,
      level2AfterMinutes: dto.level2AfterMinutes ?? 240,
      level3AfterMinutes: dto.level3AfterMinutes ?? 480,
      repeatEveryMinutes: dto.repeatEveryMinutes ?? 120,
      active: dto.active ?? true,
    });
    const saved = await this.policies.save(policy);
    this.directory.invalidate();
    return saved;
  }
}
