import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DEPARTMENT_KINDS, type DepartmentKind } from './department.entity.js';

export class CreateDepartmentDto {
  @ApiProperty() @IsString() @Matches(/^[a-z0-9-]{2,64}$/, { message: 'code: 2-64 lowercase letters, digits or dashes' })
  code: string;

  @ApiProperty() @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ enum: DEPARTMENT_KINDS }) @IsOptional() @IsIn(DEPARTMENT_KINDS)
  kind?: DepartmentKind;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: DEPARTMENT_KINDS }) @IsOptional() @IsIn(DEPARTMENT_KINDS)
  kind?: DepartmentKind;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  active?: boolean;
}
