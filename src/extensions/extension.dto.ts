import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

export class RequestExtensionDto {
  @ApiProperty({ description: 'why more time is needed (told to the caller when approved)' })
  @IsString()
  @Length(1, 2000)
  reason: string;

  @ApiPropertyOptional({ description: 'extra working days on top of the current deadline (or give newDueAt)' })
  @ValidateIf((o: RequestExtensionDto) => o.newDueAt === undefined || o.newDueAt === null)
  @IsInt()
  @Min(1)
  @Max(60)
  additionalWorkingDays?: number;

  @ApiPropertyOptional({ description: 'ISO 8601; must be after the current deadline' })
  @ValidateIf((o: RequestExtensionDto) => o.newDueAt !== undefined)
  @Type(() => Date)
  @IsDate()
  newDueAt?: Date;
}

export class DecideExtensionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  note?: string;
}

export class ListExtensionsDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] }) @IsOptional() @IsIn(['pending', 'approved', 'rejected'])
  status?: 'pending' | 'approved' | 'rejected';
}
