import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { SMS_TEMPLATES, type SmsTemplateKey } from './sms-templates.js';
import { MAX_WORDING_LENGTH } from './sms-wording.js';

export class SandboxInboundDto {
  @ApiProperty({ example: '+8613800138000', description: 'the phone the pretend caller texts from' })
  @IsString()
  @Length(1, 40)
  from: string;

  @ApiProperty({ example: 'T261122-00427 1234', description: 'what they text (at most 1,600 characters, as Twilio)' })
  @IsString()
  @MaxLength(1600)
  body: string;
}

export class SandboxMessagesDto {
  @ApiProperty({ example: '+8613800138000' })
  @IsString()
  @Length(1, 40)
  phone: string;
}

export class TemplatePreviewDto {
  @ApiProperty({ enum: SMS_TEMPLATES })
  @IsIn(SMS_TEMPLATES)
  template: SmsTemplateKey;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  locale?: 'zh-CN' | 'en';

  @ApiPropertyOptional({ description: 'fill the template from this ticket instead of sample data' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  ticketNumber?: string;

  @ApiPropertyOptional({ description: 'a wording not saved yet, to see it before saving (same rules as PUT)', maxLength: MAX_WORDING_LENGTH })
  @IsOptional()
  @IsString()
  text?: string;
}

export class SaveWordingDto {
  @ApiProperty({
    description: 'the wording: {placeholder} for a value, [optional part] left out when a value in it is missing, [part|otherwise] for other words then',
    example: '【{hotline}】您的工单{number}已受理[，承办单位：{department}][，{due}前办结]。',
    maxLength: MAX_WORDING_LENGTH,
  })
  @IsString()
  text: string;
}
