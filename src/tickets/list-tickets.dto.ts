import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { TICKET_STATUSES, type TicketStatus } from './ticket-state.js';

const csv = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value);

const bool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class ListTicketsDto {
  @ApiPropertyOptional({ description: 'one status or a comma list', example: 'dispatched,accepted' })
  @IsOptional()
  @Transform(csv)
  @IsIn(TICKET_STATUSES, { each: true })
  status?: TicketStatus[];

  @ApiPropertyOptional({ description: 'lead or assisting department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ description: 'category code; includes its sub-categories' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  categoryCode?: string;

  @ApiPropertyOptional({ enum: ['phone', 'open311'], description: 'how the tickets came in' })
  @IsOptional()
  @IsIn(['phone', 'open311'])
  channel?: 'phone' | 'open311';

  @ApiPropertyOptional({ description: 'ISO 8601' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdFrom?: Date;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdTo?: Date;

  @ApiPropertyOptional({ description: 'text in the description or address, or a ticket number' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'only tickets past a running stage deadline' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'only tickets past the warning point but not yet overdue' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  atRisk?: boolean;

  @ApiPropertyOptional({ enum: ['created', 'due'], default: 'created', description: 'created: newest first; due: the running stage nearest its deadline first (a department’s work order), tickets with no running deadline last' })
  @IsOptional()
  @IsIn(['created', 'due'])
  sort?: 'created' | 'due';

  @ApiPropertyOptional({ description: 'only tickets returned (退单) at least this many times: routing disputes in the making' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  minReturns?: number;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
