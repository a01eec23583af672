import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PRIORITIES } from '../tickets/ticket.entity.js';

export interface DeploymentSettings {
  /** IANA zone every time is shown in: the deployment's, not the browser's. */
  timeZone: string;
  hotlineName: string;
  defaultCountry: string;
  priorities: readonly string[];
  returnReasons: string[];
  /** `sandbox`: SMS stay on this machine; the console can play the caller's phone. */
  smsTransport: 'twilio' | 'sandbox';
  smsDefaultLocale: string;
}

/**
 * What a client needs to know about this deployment to show its data correctly: above all the
 * time zone, since an operator in another zone (or a browser set wrongly) must still read the
 * deadline the caller is promised.
 */
@ApiTags('console')
@ApiBearerAuth()
@Controller('api/v1/settings')
export class SettingsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: "the deployment's time zone, hotline name, priorities, return reasons and SMS transport" })
  get(): DeploymentSettings {
    return {
      timeZone: this.config.timeZone,
      hotlineName: this.config.sms.hotlineName,
      defaultCountry: this.config.defaultCountry,
      priorities: PRIORITIES,
      returnReasons: this.config.returnReasons,
      smsTransport: this.config.sms.transport,
      smsDefaultLocale: this.config.sms.defaultLocale,
    };
  }
}
