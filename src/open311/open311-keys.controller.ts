import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { Open311KeysService, type IssuedKey } from './open311-keys.service.js';

export class IssueKeyDto {
  @ApiProperty({ example: 'City 311 app', description: 'who the key is for' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'requests it may post per minute (default OPEN311_RATE_LIMIT)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerMinute?: number;
}

@ApiTags('open311')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/open311/keys')
export class Open311KeysController {
  constructor(private readonly keys: Open311KeysService) {}

  @Post()
  @ApiOperation({ summary: 'issue an API key for posting Open311 requests; the key is shown in this answer only' })
  issue(@Body() dto: IssueKeyDto, @CurrentUser() admin: AuthUser): Promise<IssuedKey & { key: string }> {
    return this.keys.issue(dto.name, dto.rateLimitPerMinute, admin);
  }

  @Get()
  list(): Promise<IssuedKey[]> {
    return this.keys.list();
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'revoke a key: its next post gets 403' })
  revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<IssuedKey> {
    return this.keys.revoke(id);
  }
}
