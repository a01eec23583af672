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
  list(@Query() q: ListExtensionsDto): Promise<ExtensionRequest[]> {
    return this.ds.manager.find(ExtensionRequest, { where: q.status ? { status: q.status } : {}, order: { createdAt: 'ASC' }, take: 500 });
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
