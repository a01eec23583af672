import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ROLES, type Role } from './user.entity.js';

export class CreateUserDto {
  @ApiProperty() @IsString() @Matches(/^[a-z0-9._-]{3,64}$/i, { message: 'username: 3-64 letters, digits, dot, dash or underscore' })
  username: string;

  @ApiProperty() @IsString() @Length(10, 200)
  password: string;

  @ApiProperty() @IsString() @Length(1, 200)
  displayName: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  departmentId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ description: 'for SMS alerts; E.164 or as typed' }) @IsOptional() @IsString() @Length(3, 40)
  phone?: string | null;

  @ApiPropertyOptional({ description: 'the on-duty staff member of the department gets its alerts by SMS' }) @IsOptional() @IsBoolean()
  onDuty?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(10, 200)
  password?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  active?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ description: 'for SMS alerts; E.164 or as typed' }) @IsOptional() @IsString() @Length(3, 40)
  phone?: string | null;

  @ApiPropertyOptional({ description: 'the on-duty staff member of the department gets its alerts by SMS' }) @IsOptional() @IsBoolean()
  onDuty?: boolean;
}
