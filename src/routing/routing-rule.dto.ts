import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';

export class CreateRoutingRuleDto {
  @ApiProperty() @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'category code; matches it and its sub-categories' })
  @IsOptional() @IsString() @Length(1, 200)
  categoryCode?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100)
  district?: string | null;

  @ApiPropertyOptional({ type: [String] }) @ValidateIf((_, v) => v !== undefined) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true })
  keywords?: string[];

  @ApiProperty() @IsUUID()
  leadDepartmentId: string;

  @ApiPropertyOptional({ type: [String] }) @ValidateIf((_, v) => v !== undefined) @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true })
  assistingDepartmentIds?: string[];

  @ApiPropertyOptional({ description: 'lower runs first', default: 100 }) @ValidateIf((_, v) => v !== undefined) @IsInt() @Min(0) @Max(100000)
  priority?: number;

  @ApiPropertyOptional({ default: false }) @ValidateIf((_, v) => v !== undefined) @IsBoolean()
  autoDispatch?: boolean;

  @ApiPropertyOptional({ default: true }) @ValidateIf((_, v) => v !== undefined) @IsBoolean()
  active?: boolean;
}

export class UpdateRoutingRuleDto {
  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  categoryCode?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100)
  district?: string | null;

  @ApiPropertyOptional({ type: [String] }) @ValidateIf((_, v) => v !== undefined) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true })
  keywords?: string[];

  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsUUID()
  leadDepartmentId?: string;

  @ApiPropertyOptional({ type: [String] }) @ValidateIf((_, v) => v !== undefined) @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true })
  assistingDepartmentIds?: string[];

  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsInt() @Min(0) @Max(100000)
  priority?: number;

  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsBoolean()
  autoDispatch?: boolean;

  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsBoolean()
  active?: boolean;
}

export class SuggestQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  categoryCode?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100)
  district?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 5000)
  description?: string;
}
