import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PRIORITIES, type Priority } from '../tickets/ticket.entity.js';
import type { StageLimits } from './sla-policy.entity.js';

export class SlaPolicyDto {
  @ApiProperty() @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'category code; the policy covers it and its sub-categories; omit for every category' })
  @IsOptional() @IsString() @Length(1, 200)
  categoryCode?: string | null;

  @ApiPropertyOptional({ enum: PRIORITIES, description: 'omit for every priority' })
  @IsOptional() @IsIn(PRIORITIES)
  priority?: Priority | null;

  @ApiPropertyOptional({ enum: ['business', 'wall'], default: 'business' })
  @IsOptional() @IsIn(['business', 'wall'])
  clock?: 'business' | 'wall';

  @ApiProperty({ example: { dispatch: '2h', accept: '4h', resolve: '5wd', callback: '2wd', rectify: '3wd' }, description: 'per stage: 30m, 4h (working time) or 5wd (end of the 5th working day)' })
  @IsObject()
  limits: StageLimits;

  @ApiPropertyOptional({ default: 75 }) @IsOptional() @IsInt() @Min(0) @Max(99)
  warnPercent?: number;

  @ApiPropertyOptional({ default: 240 }) @IsOptional() @IsNumber() @Min(0) @Max(100_000)
  level2AfterMinutes?: number;

  @ApiPropertyOptional({ default: 480 }) @IsOptional() @IsNumber() @Min(0) @Max(100_000)
  level3AfterMinutes?: number;

  @ApiPropertyOptional({ default: 120, description: '0: no reminders' }) @IsOptional() @IsNumber() @Min(0) @Max(100_000)
  repeatEveryMinutes?: number;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  active?: boolean;
}
