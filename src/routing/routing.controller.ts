import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { badRequest, notFound } from '../common/domain-error.js';
import { DirectoryService } from '../directory/directory.service.js';
import { CreateRoutingRuleDto, SuggestQueryDto, UpdateRoutingRuleDto } from './routing-rule.dto.js';
import { RoutingRule } from './routing-rule.entity.js';
import { RoutingService, type NamedSuggestion } from './routing.service.js';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('api/v1')
export class RoutingController {
  constructor(
    @InjectRepository(RoutingRule) private readonly rules: Repository<RoutingRule>,
    private readonly directory: DirectoryService,
    private readonly routing: RoutingService,
  ) {}

  @Roles('operator', 'dispatcher', 'supervisor', 'admin')
  @Get('routing/suggest')
  async suggest(@Query() q: SuggestQueryDto): Promise<NamedSuggestion[]> {
    const category = q.categoryCode ? await this.directory.categoryByCode(q.categoryCode) : undefined;
    return this.routing.suggest({ categoryId: category?.id ?? null, district: q.district, description: q.description });
  }

  @Roles('dispatcher', 'supervisor', 'admin')
  @Get('routing-rules')
  list(): Promise<RoutingRule[]> {
    return this.rules.find({ order: { priority: 'ASC', createdAt: 'ASC' } });
  }

  @Roles('admin')
  @Post('routing-rules')
  async create(@Body() dto: CreateRoutingRuleDto): Promise<RoutingRule> {
    const rule = this.rules.create({ id: randomUUID(), ...(await this.resolve(dto)) });
    const saved = await this.rules.save(rule);
    this.directory.invalidate();
    return saved;
  }

  @Roles('admin')
  @Patch('routing-rules/:id')
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateRoutingRuleDto): Promise<RoutingRule> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw notFound('ROUTING_RULE_NOT_FOUND', 'No such routing rule');
    Object.assign(rule, await this.resolve(dto));
    const saved = await this.rules.save(rule);
    this.directory.invalidate();
    return saved;
  }

  @Roles('admin')
  @Delete('routing-rules/:id')
  @HttpCode(204)
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    const { affected } = await this.rules.delete({ id });
    if (!affected) throw notFound('ROUTING_RULE_NOT_FOUND', 'No such routing rule');
    this.directory.invalidate();
  }

  /** Turns the DTO's codes into ids, checking every reference; only fields present are set. */
  private async resolve(dto: UpdateRoutingRuleDto): Promise<Partial<RoutingRule>> {
    const out: Partial<RoutingRule> = {};
    if (dto.name !== undefined) out.name = dto.name;
    if (dto.categoryCode !== undefined) out.categoryId = dto.categoryCode ? (await this.directory.categoryByCode(dto.categoryCode)).id : null;
    if (dto.district !== undefined) out.district = dto.district?.trim() || null;
    if (dto.keywords !== undefined) out.keywords = dto.keywords.map((k) => k.trim()).filter(Boolean);
    if (dto.leadDepartmentId !== undefined) {
      const [lead] = await this.directory.handlingDepartments([dto.leadDepartmentId], 'leadDepartmentId');
      if (lead.kind !== 'department') throw badRequest('NOT_A_HANDLING_DEPARTMENT', 'leadDepartmentId: supervision and leadership offices do not handle tickets', { field: 'leadDepartmentId' });
      out.leadDepartmentId = dto.leadDepartmentId;
    }
    if (dto.assistingDepartmentIds !== undefined) {
      await this.directory.handlingDepartments(dto.assistingDepartmentIds, 'assistingDepartmentIds');
      out.assistingDepartmentIds = [...new Set(dto.assistingDepartmentIds)];
    }
    if (dto.priority !== undefined) out.priority = dto.priority;
    if (dto.autoDispatch !== undefined) out.autoDispatch = dto.autoDispatch;
    if (dto.active !== undefined) out.active = dto.active;
    return out;
  }
}
