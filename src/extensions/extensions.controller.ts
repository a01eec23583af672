import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { DecideExtensionDto, ListExtensionsDto, RequestExtensionDto } from './extension.dto.js';
import { ExtensionRequest } from './extension-request.entity.js';
import { ExtensionsService } from './extensions.service.js';

@ApiTags('extensions')
@ApiBearerAuth()
@Controller('api/v1')
export class ExtensionsController {
  constructor(
    private readonly extensions: ExtensionsService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Roles('agent')
  @Post('tickets/:number/extension-requests')
  @ApiOperation({ summary: '延期: the lead department asks for more time, before the deadline' })
  request(@Param('number') number: string, @Body() dto: RequestExtensionDto, @CurrentUser() user: AuthUser) {
    return this.extensions.request(number, user, dto);
  }

  @Roles('supervisor', 'admin')
  @Get('extension-requests')
  @ApiOperation({ summary: 'extension requests, oldest first, each with its ticket number and lead department so a supervisor can tell them apart' })
  async list(@Query() q: ListExtensionsDto): Promise<(ExtensionRequest & { ticketNumber: string; leadDepartment: { id: string; name: string } | null })[]> {
    const found = await this.ds.manager.find(ExtensionRequest, { where: q.status ? { status: q.status } : {}, order: { createdAt: 'ASC' }, take: 500 });
    if (found.length === 0) return [];
    const tickets: { id: string; number: string; deptId: string | null; deptName: string | null }[] = await this.ds.query(
      `SELECT t.id, t.number, d.id AS "deptId", d.name AS "deptName" FROM ticket t LEFT JOIN department d ON d.id = t.lead_department_id WHERE t.id = ANY($1)`,
      [[...new Set(found.map((r) => r.ticketId))]],
    );
    const byId = new Map(tickets.map((t) => [t.id, t]));
    return found.map((r) => {
      const t = byId.get(r.ticketId)!;
      return Object.assign(r, { ticketNumber: t.number, leadDepartment: t.deptId ? { id: t.deptId, name: t.deptName! } : null });
    });
  }

  @Roles('supervisor', 'admin')
  @Post('extension-requests/:id/approve')
  @HttpCode(200)
  approve(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DecideExtensionDto, @CurrentUser() user: AuthUser) {
    return this.extensions.decide(id, user, true, dto.note);
  }

  @Roles('supervisor', 'admin')
  @Post('extension-requests/:id/reject')
  @HttpCode(200)
  reject(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DecideExtensionDto, @CurrentUser() user: AuthUser) {
    return this.extensions.decide(id, user, false, dto.note);
  }
}
