import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsLatitude, IsLongitude, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { PRIORITIES, type Priority } from '../tickets/ticket.entity.js';
import { CALL_KINDS, type CallKind } from './call.entity.js';

export class CreateCallDto {
  @ApiProperty({ example: '138 0013 8000', description: 'as typed; normalised to E.164 with DEFAULT_COUNTRY' })
  @IsString()
  @Length(1, 40)
  callerPhone: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  callerName?: string;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], description: "the language of the caller's SMS; remembered for later calls (default SMS_DEFAULT_LOCALE)" })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  callerLocale?: 'zh-CN' | 'en';

  @ApiProperty({ enum: CALL_KINDS, description: 'complaint registers a ticket; inquiry is answered and closed at once; follow_up urges an open ticket' })
  @IsIn(CALL_KINDS)
  kind: CallKind;

  @ApiPropertyOptional({ example: 'environment.noise.construction', description: 'required for a complaint' })
  @ValidateIf((o: CreateCallDto) => o.kind === 'complaint' || o.categoryCode !== undefined)
  @IsString()
  @Length(1, 200)
  categoryCode?: string;

  @ApiPropertyOptional({ description: 'required for a complaint and an inquiry' })
  @ValidateIf((o: CreateCallDto) => o.kind !== 'follow_up' || o.description !== undefined)
  @IsString()
  @Length(1, 5000)
  description?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500)
  address?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100)
  district?: string;

  @ApiPropertyOptional() @IsOptional() @IsLatitude()
  lat?: number;

  @ApiPropertyOptional() @IsOptional() @IsLongitude()
  lng?: number;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' }) @IsOptional() @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ description: 'the open ticket a follow_up call urges' })
  @ValidateIf((o: CreateCallDto) => o.kind === 'follow_up' || o.ticketNumber !== undefined)
  @IsString()
  @Length(1, 40)
  ticketNumber?: string;

  @ApiPropertyOptional({ description: 'what the operator answered; required for an inquiry' })
  @ValidateIf((o: CreateCallDto) => o.kind === 'inquiry' || o.answer !== undefined)
  @IsString()
  @Length(1, 5000)
  answer?: string;
}
