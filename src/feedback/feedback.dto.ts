import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ListCallbackTasksDto {
  @ApiPropertyOptional({ enum: ['open', 'done'], default: 'open' }) @IsOptional() @IsIn(['open', 'done'])
  status?: 'open' | 'done';
}

export class CompleteCallbackTaskDto {
  @ApiPropertyOptional({ description: "the caller's rating, asked on the phone (a score of RATING_OPTIONS)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  score?: number;

  @ApiPropertyOptional({ description: 'the caller says it is not solved: reopens the ticket' })
  @IsOptional()
  @IsBoolean()
  unsolved?: boolean;

  @ApiPropertyOptional({ description: 'what the caller said, or why they could not be reached' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class PeriodDto {
  @ApiPropertyOptional({ description: 'ISO 8601 start (inclusive); default 30 days ago' }) @IsOptional() @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 end (exclusive); default now' }) @IsOptional() @IsISO8601()
  to?: string;
}

